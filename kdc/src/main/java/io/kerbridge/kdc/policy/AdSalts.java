// MS-KILE 3.1.1.2 (cryptographic material: AD salts); RFC 4120 §4 (default salt).
package io.kerbridge.kdc.policy;

import io.kerbridge.directory.Account;
import io.kerbridge.directory.AccountType;
import io.kerbridge.directory.Domain;
import java.util.Locale;

/**
 * The salt Active Directory derives an account's AES keys with, announced in PA-ETYPE-INFO2:
 * users (and krbtgt) {@code REALM + sAMAccountName} (case kept); computers
 * {@code REALM + "host" + lower(name without $) + "." + lower(dns domain)}.
 */
public final class AdSalts {
    private AdSalts() {}

    public static String of(Domain domain, Account account) {
        String sam = account.samAccountName();
        if (account.type() == AccountType.COMPUTER && sam.endsWith("$")) {
            String host = sam.substring(0, sam.length() - 1).toLowerCase(Locale.ROOT);
            return domain.realm() + "host" + host + "." + domain.dnsName();
        }
        return domain.realm() + sam;
    }
}
