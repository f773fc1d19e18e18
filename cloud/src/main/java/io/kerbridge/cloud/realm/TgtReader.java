// RFC 4120 §3.3.2 and §5.5.1 (the PA-TGS-REQ carries an AP-REQ: ticket under key usage 2, authenticator
// under the ticket's session key, usage 7), §7.5.9 (PADATA_TYPE_NOSUPP 16, BAD_INTEGRITY 31, NOT_US 35,
// MSG_TYPE 40, BADKEYVER 44, WRONG_REALM 68); protocol-notes §5.1-§5.2 (only cloud TGTs, krbtgt/
// KERBEROS.MICROSOFTONLINE.COM, under this tenant's realm key, reach this KDC through the tenant's KKDCP URL),
// §2.6 (a ticket under another key: KRB_AP_ERR_BAD_INTEGRITY).
package io.kerbridge.cloud.realm;

import io.kerbridge.cloud.store.Tenant;
import io.kerbridge.kerberos.Bytes;
import io.kerbridge.kerberos.asn1.DerException;
import io.kerbridge.kerberos.crypto.Enctypes;
import io.kerbridge.kerberos.crypto.IntegrityException;
import io.kerbridge.kerberos.msg.ApReq;
import io.kerbridge.kerberos.msg.Authenticator;
import io.kerbridge.kerberos.msg.EncTicketPart;
import io.kerbridge.kerberos.msg.EncryptedData;
import io.kerbridge.kerberos.msg.KdcReq;
import io.kerbridge.kerberos.msg.KrbCodec;
import io.kerbridge.kerberos.msg.PaData;
import io.kerbridge.kerberos.msg.Ticket;
import io.kerbridge.kerberos.types.EncryptionKey;
import io.kerbridge.kerberos.types.ErrorCode;
import io.kerbridge.kerberos.types.KeyUsage;
import io.kerbridge.kerberos.types.PaDataType;
import java.time.Instant;
import java.util.Optional;

/** Gathers a TGS-REQ: the realm, the PA-TGS-REQ, the realm key the TGT names, the decrypted TGT and authenticator. */
final class TgtReader {
    private final RealmKeys keys;

    TgtReader(RealmKeys keys) {
        this.keys = keys;
    }

    Step<TgsState> read(Tenant tenant, KdcReq req, Instant now) {
        if (!req.body().value().realm().equalsIgnoreCase(CloudKerberosRealm.REALM)) {
            return Step.refused(ErrorCode.KDC_ERR_WRONG_REALM, "request_for_another_realm");
        }
        return apReq(req).then(ap -> cloudTgt(ap.ticket())
                .then(t -> realmKey(tenant, t))
                .then(key -> decrypt(ap, key))
                .then(tgt -> Step.ok(new TgsState(tenant, req, req.body().value(), tgt, now))));
    }

    /** The AP-REQ of the PA-TGS-REQ (RFC 4120 §5.5.1). */
    private static Step<ApReq> apReq(KdcReq req) {
        Optional<PaData> pa = req.findPadata(PaDataType.PA_TGS_REQ);
        if (pa.isEmpty()) {
            return Step.refused(ErrorCode.KDC_ERR_PADATA_TYPE_NOSUPP, "no_pa_tgs_req");
        }
        try {
            return Step.ok(KrbCodec.decodeApReq(pa.get().value()));
        } catch (DerException e) {
            return Step.refused(ErrorCode.KRB_AP_ERR_MSG_TYPE, "malformed_ap_req");
        }
    }

    /** Only krbtgt/KERBEROS.MICROSOFTONLINE.COM@KERBEROS.MICROSOFTONLINE.COM is a TGT of this realm. */
    private static Step<Ticket> cloudTgt(Ticket t) {
        boolean ours = t.sname().isKrbtgt() && t.sname().components().get(1).equalsIgnoreCase(CloudKerberosRealm.REALM)
                && t.realm().equalsIgnoreCase(CloudKerberosRealm.REALM);
        return ours ? Step.ok(t) : Step.refused(ErrorCode.KRB_AP_ERR_NOT_US, "not_a_cloud_tgt");
    }

    /** The realm key version the ticket's kvno names (absent kvno: the current one), aes256 only. */
    private Step<RealmKeys.RealmKey> realmKey(Tenant tenant, Ticket t) {
        EncryptedData enc = t.encPart();
        Optional<RealmKeys.RealmKey> key = enc.etype().equals(RealmKeys.ETYPE)
                ? keys.find(tenant.id(), enc.kvno()) : Optional.empty();
        return key.<Step<RealmKeys.RealmKey>>map(Step::ok)
                .orElseGet(() -> Step.refused(ErrorCode.KRB_AP_ERR_BADKEYVER, "unknown_realm_key_version"));
    }

    private static Step<PresentedTgt> decrypt(ApReq ap, RealmKeys.RealmKey key) {
        Optional<Bytes> der = open(key.key(), KeyUsage.KDC_REP_TICKET, ap.ticket().encPart());
        if (der.isEmpty()) {
            return Step.refused(ErrorCode.KRB_AP_ERR_BAD_INTEGRITY, "tgt_not_under_realm_key");
        }
        try {
            EncTicketPart part = KrbCodec.decodeEncTicketPart(der.get());
            Optional<Bytes> auth = open(part.key(), KeyUsage.TGS_REQ_AUTH, ap.authenticator());
            if (auth.isEmpty()) {
                return Step.refused(ErrorCode.KRB_AP_ERR_BAD_INTEGRITY, "authenticator_not_under_session_key");
            }
            Authenticator a = KrbCodec.decodeAuthenticator(auth.get());
            return Step.ok(new PresentedTgt(part, der.get(), key, a));
        } catch (DerException e) {
            return Step.refused(ErrorCode.KRB_AP_ERR_BAD_INTEGRITY, "malformed_tgt_or_authenticator");
        }
    }

    /** Decrypts received data; empty on an etype mismatch, an unsupported etype or an integrity failure. */
    static Optional<Bytes> open(EncryptionKey key, KeyUsage usage, EncryptedData data) {
        if (!data.etype().equals(key.type()) || Enctypes.find(key.type()).isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Enctypes.find(key.type()).get().decrypt(key, usage, data.cipher()));
        } catch (IntegrityException e) {
            return Optional.empty();
        }
    }
}
