// protocol-notes §2.4 (the exchange: TGS-REQ for krbtgt/<AD-REALM> with the partial TGT in PA-TGS-REQ,
// kdc-options forwardable|renewable|canonicalize, till = now + 1 day; the reply's ticket is the full TGT under the
// domain's krbtgt key), §3.5 ("klist get krbtgt" forces the exchange / a TGS for krbtgt). KERB-KEY-LIST-REQ is not
// sent: it asks the DC for the user's NT hash, which only NTLM single sign-on needs, and Kerbridge has no NTLM.
package io.kerbridge.device;

import io.kerbridge.kerberos.client.AsRequest;
import io.kerbridge.kerberos.client.CcacheCredentials;
import io.kerbridge.kerberos.client.KdcClient;
import io.kerbridge.kerberos.client.KdcReply;
import io.kerbridge.kerberos.client.KerberosClientException;
import io.kerbridge.kerberos.client.KrbConfig;
import io.kerbridge.kerberos.client.TgsRequest;
import io.kerbridge.kerberos.file.Ccache;
import io.kerbridge.kerberos.file.ConfigEntry;
import io.kerbridge.kerberos.file.Credential;
import io.kerbridge.kerberos.msg.Ticket;
import io.kerbridge.kerberos.types.EncryptionKey;
import io.kerbridge.kerberos.types.KdcOptions;
import io.kerbridge.kerberos.types.PrincipalName;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The exchange of a partial TGT for a full one, and the ccache entries Kerbridge writes. */
public final class Tickets {
    /** ccache configuration key naming the KDC a ticket came from (MIT ignores unknown keys; {@code kerbridge klist} shows it). */
    public static final String KDC_CALLED = "kerbridge_kdc_called";
    static final Duration EXCHANGE_TILL = Duration.ofDays(1);

    private Tickets() {}

    /** The exchange request of §2.4 for a TGT (ticket, session key, client) whose ticket is krbtgt/REALM. */
    public static TgsRequest exchangeRequest(Ticket partial, EncryptionKey sessionKey, String clientRealm, PrincipalName client) {
        String realm = partial.realm();
        return new TgsRequest(partial, sessionKey, clientRealm, client, PrincipalName.krbtgt(realm), realm,
                KdcOptions.of(KdcOptions.FORWARDABLE, KdcOptions.RENEWABLE, KdcOptions.CANONICALIZE), EXCHANGE_TILL,
                AsRequest.DEFAULT_ETYPES, List.of());
    }

    public static KdcReply exchange(KdcClient kdc, KdcReply partial) throws KerberosClientException {
        return kdc.tgsExchange(exchangeRequest(partial.ticket(), partial.sessionKey(), partial.clientRealm(), partial.client()));
    }

    public static KdcReply exchange(KdcClient kdc, Credential partial) throws KerberosClientException {
        return kdc.tgsExchange(exchangeRequest(CcacheCredentials.ticket(partial), partial.key(), partial.clientRealm(),
                partial.client()));
    }

    /** A service ticket (or, for krbtgt/REALM, a fresh TGT) with the TGT {@code tgt}. */
    public static KdcReply serviceTicket(KdcClient kdc, Credential tgt, PrincipalName server, String realm)
            throws KerberosClientException {
        return kdc.tgsExchange(new TgsRequest(CcacheCredentials.ticket(tgt), tgt.key(), tgt.clientRealm(), tgt.client(), server,
                realm, KdcOptions.of(KdcOptions.FORWARDABLE, KdcOptions.CANONICALIZE), Duration.ofHours(10),
                AsRequest.DEFAULT_ETYPES, List.of()));
    }

    /** A new cache holding {@code tgt} as its initial ticket. */
    public static Ccache newCache(KdcReply tgt, Optional<String> kdcCalled) {
        Credential c = CcacheCredentials.from(tgt);
        Ccache cache = new Ccache(tgt.client(), tgt.clientRealm(), List.of(c), List.of(), Optional.empty());
        return withKdcCalled(cache, c, kdcCalled);
    }

    public static Ccache withKdcCalled(Ccache cache, Credential c, Optional<String> kdcCalled) {
        return kdcCalled.map(k -> cache.withConfig(ConfigEntry.of(KDC_CALLED, c.server().withRealm(c.serverRealm()), k)))
                .orElse(cache);
    }

    /** The first KDC krb5.conf names for {@code realm}: what "Kdc Called" shows. */
    public static Optional<String> kdcFor(KrbConfig cfg, String realm) {
        try {
            return cfg.kdcs(realm).stream().findFirst().map(Object::toString);
        } catch (KrbConfig.ConfigException e) {
            return Optional.empty();
        }
    }
}
