// protocol-notes §2.1 (status codes), §2.2 (tgt_ad / tgt_cloud carry a ticket or an error).
package io.kerbridge.cloud.prt;

import io.kerbridge.cloud.kerberos.TgtMinter;
import java.util.Optional;

/** One TGT of a sign-in: its status and either the minted AS-REP or the reason there is none. */
public record TgtOutcome(KerberosStatus status, Optional<TgtMinter.Minted> minted, Optional<String> error) {
    public static TgtOutcome issued(KerberosStatus status, TgtMinter.Minted m) {
        return new TgtOutcome(status, Optional.of(m), Optional.empty());
    }

    public static TgtOutcome refused(KerberosStatus status, String why) {
        return new TgtOutcome(status, Optional.empty(), Optional.of(status.entraName() + ": " + why));
    }
}
