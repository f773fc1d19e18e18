// RFC 4120 §3.3.2 and §5.5.1 (PA-TGS-REQ carries an AP-REQ; ticket key usage 2, authenticator usage 7),
// §7.5.9 (BADKEYVER 44, BAD_INTEGRITY 31, NOT_US 35); MS-KILE 3.1.5.8 (kvno high 16 bits = RODC number);
// notes §2.5/§2.6 (wrong key or kvno -> KRB_AP_ERR_BAD_INTEGRITY / BADKEYVER); an RODC-issued TGT
// (kvno >> 16 != 0) is under krbtgt_<n>, keyed by the full kvno; unknown n -> KDC_ERR_S_PRINCIPAL_UNKNOWN
// as Windows (notes §2.5 item 1, §2.8; Samba's KRB_AP_ERR_NOT_US is not followed).
package io.kerbridge.kdc.tgs;

import io.kerbridge.directory.AccountType;
import io.kerbridge.directory.KeyVersion;
import io.kerbridge.directory.LookupPurpose;
import io.kerbridge.directory.PrincipalEntry;
import io.kerbridge.kdc.KdcContext;
import io.kerbridge.kdc.Result;
import io.kerbridge.kdc.Status;
import io.kerbridge.kdc.issue.Crypto;
import io.kerbridge.kerberos.Bytes;
import io.kerbridge.kerberos.asn1.DerException;
import io.kerbridge.kerberos.msg.ApReq;
import io.kerbridge.kerberos.msg.Authenticator;
import io.kerbridge.kerberos.msg.EncTicketPart;
import io.kerbridge.kerberos.msg.KdcReq;
import io.kerbridge.kerberos.msg.KrbCodec;
import io.kerbridge.kerberos.msg.PaData;
import io.kerbridge.kerberos.msg.Ticket;
import io.kerbridge.kerberos.types.EncryptionKey;
import io.kerbridge.kerberos.types.ErrorCode;
import io.kerbridge.kerberos.types.KeyUsage;
import io.kerbridge.kerberos.types.PaDataType;
import io.kerbridge.kerberos.types.PrincipalName;
import java.util.Optional;

/** Finds the PA-TGS-REQ, picks the key the TGT is under, decrypts the TGT and the authenticator. */
final class TgtDecoder {
    private final KdcContext ctx;

    TgtDecoder(KdcContext ctx) {
        this.ctx = ctx;
    }

    /** The AP-REQ of the PA-TGS-REQ. */
    static Result<ApReq> apReq(KdcReq req) {
        Optional<PaData> pa = req.findPadata(PaDataType.PA_TGS_REQ);
        if (pa.isEmpty()) {
            return Result.refused(ErrorCode.KDC_ERR_PADATA_TYPE_NOSUPP, Status.NO_PA_TGS_REQ);
        }
        try {
            return Result.ok(KrbCodec.decodeApReq(pa.get().value()));
        } catch (DerException e) {
            return Result.refused(ErrorCode.KRB_AP_ERR_MSG_TYPE, Status.MALFORMED);
        }
    }

    Result<Tgt> decode(ApReq ap) {
        return issuer(ap.ticket()).then(entry -> ticketKey(entry, ap.ticket()).then(key -> decrypt(ap, entry, key)));
    }

    /** Our krbtgt for krbtgt/THIS@THIS; the inbound trust account for krbtgt/THIS@OTHER. */
    private Result<PrincipalEntry> issuer(Ticket t) {
        PrincipalName s = t.sname();
        if (!s.isKrbtgt() || !s.components().get(1).equalsIgnoreCase(ctx.realm())) {
            return Result.refused(ErrorCode.KRB_AP_ERR_NOT_US, Status.NOT_A_TGT);
        }
        boolean local = t.realm().equalsIgnoreCase(ctx.realm());
        if (local && t.encPart().rodcNumber() != 0) {
            return rodcIssuer(t.encPart().rodcNumber());
        }
        Optional<PrincipalEntry> e = ctx.store().lookup(PrincipalName.krbtgt(ctx.realm()),
                local ? ctx.realm() : t.realm(), LookupPurpose.KRBTGT);
        AccountType want = local ? AccountType.KRBTGT : AccountType.TRUST;
        if (e.isEmpty() || e.get().account().type() != want) {
            return Result.refused(ErrorCode.KDC_ERR_S_PRINCIPAL_UNKNOWN, Status.TGT_ISSUER_UNKNOWN);
        }
        return Result.ok(e.get());
    }

    /** krbtgt_<n> (MS-KILE 3.1.5.8); without an RODC policy view this KDC refuses RODC tickets. */
    private Result<PrincipalEntry> rodcIssuer(int rodcNumber) {
        if (ctx.rodc().isEmpty()) {
            return Result.refused(ErrorCode.KDC_ERR_POLICY, Status.RODC_TGT_NOT_SUPPORTED);
        }
        return ctx.store().rodcKrbtgt(rodcNumber).filter(e -> e.account().type() == AccountType.RODC_KRBTGT)
                .<Result<PrincipalEntry>>map(Result::ok)
                .orElseGet(() -> Result.refused(ErrorCode.KDC_ERR_S_PRINCIPAL_UNKNOWN, Status.RODC_UNKNOWN));
    }

    private static Result<EncryptionKey> ticketKey(PrincipalEntry entry, Ticket t) {
        Optional<KeyVersion> kv = t.encPart().kvno().isPresent() ? entry.keys(t.encPart().kvno().get())
                : entry.currentKeys();
        Optional<EncryptionKey> key = kv.flatMap(k -> k.key(t.encPart().etype()));
        return key.<Result<EncryptionKey>>map(Result::ok)
                .orElseGet(() -> Result.refused(ErrorCode.KRB_AP_ERR_BADKEYVER, Status.UNKNOWN_KVNO));
    }

    private Result<Tgt> decrypt(ApReq ap, PrincipalEntry entry, EncryptionKey key) {
        Optional<Bytes> der = Crypto.decrypt(key, KeyUsage.KDC_REP_TICKET, ap.ticket().encPart());
        if (der.isEmpty()) {
            return Result.refused(ErrorCode.KRB_AP_ERR_BAD_INTEGRITY, Status.BAD_INTEGRITY);
        }
        try {
            EncTicketPart part = KrbCodec.decodeEncTicketPart(der.get());
            Optional<Bytes> auth = Crypto.decrypt(part.key(), KeyUsage.TGS_REQ_AUTH, ap.authenticator());
            if (auth.isEmpty()) {
                return Result.refused(ErrorCode.KRB_AP_ERR_BAD_INTEGRITY, Status.BAD_INTEGRITY);
            }
            Authenticator a = KrbCodec.decodeAuthenticator(auth.get());
            TgtOrigin origin = switch (entry.account().type()) {
                case TRUST -> TgtOrigin.CROSS_REALM;
                case RODC_KRBTGT -> TgtOrigin.RODC;
                default -> TgtOrigin.LOCAL;
            };
            return Result.ok(new Tgt(origin, entry, key, part, der.get(), a, ap));
        } catch (DerException e) {
            return Result.refused(ErrorCode.KRB_AP_ERR_BAD_INTEGRITY, Status.MALFORMED);
        }
    }
}
