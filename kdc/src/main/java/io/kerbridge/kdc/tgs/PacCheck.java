// MS-PAC 2.8 (server and KDC signatures, key usage 17) verified on every TGS (MS-KILE 3.3.5.7.1;
// KB5008380 / CVE-2021-42287 hardening: a TGT without a PAC is refused with KDC_ERR_TGT_REVOKED, notes
// §2.3, §2.6); Heimdal krb5_pac_verify and Samba samba_kdc_validate_pac_blob (the PAC's user SID and
// PAC_REQUESTOR must be the client account's objectSid, else KDC_ERR_TGT_REVOKED, notes §2.5 item 5);
// a PAC signed with another key: KRB_AP_ERR_BAD_INTEGRITY (notes §2.8).
package io.kerbridge.kdc.tgs;

import io.kerbridge.directory.PrincipalEntry;
import io.kerbridge.kdc.Rejection;
import io.kerbridge.kdc.Result;
import io.kerbridge.kdc.Status;
import io.kerbridge.kerberos.pac.FileTime;
import io.kerbridge.kerberos.pac.KerbValidationInfo;
import io.kerbridge.kerberos.pac.Pac;
import io.kerbridge.kerberos.pac.PacBufferType;
import io.kerbridge.kerberos.pac.PacClientInfo;
import io.kerbridge.kerberos.pac.PacException;
import io.kerbridge.kerberos.pac.PacRequestor;
import io.kerbridge.kerberos.pac.PacVerification;
import io.kerbridge.kerberos.pac.PacVerifier;
import io.kerbridge.kerberos.pac.Sid;
import io.kerbridge.kerberos.pac.TicketPac;
import io.kerbridge.kerberos.types.EncryptionKey;
import io.kerbridge.kerberos.types.ErrorCode;
import java.util.List;
import java.util.Optional;

/**
 * The PAC of a presented TGT: present, well formed, signed (server and KDC signatures) with the key of
 * the krbtgt that issued the TGT: our krbtgt for a local TGT, the inbound trust key for a cross-realm TGT
 * (whose issuing KDC signs both signatures with it, see {@link TgsPipeline}).
 */
final class PacCheck {
    private PacCheck() {}

    static Result<Pac> verified(Tgt tgt, EncryptionKey issuerKey) {
        return verified(tgt, issuerKey, List.of());
    }

    /** As {@link #verified(Tgt, EncryptionKey)}; a PAC lacking one of {@code required} is KDC_ERR_TGT_REVOKED. */
    static Result<Pac> verified(Tgt tgt, EncryptionKey issuerKey, List<PacBufferType> required) {
        Pac pac;
        try {
            pac = Pac.decode(TicketPac.extract(tgt.der()));
        } catch (PacException e) {
            Status st = e.reason() == PacException.Reason.MISSING_BUFFER ? Status.NO_PAC : Status.PAC_INVALID;
            return Result.refused(ErrorCode.KDC_ERR_TGT_REVOKED, st);
        }
        if (required.stream().anyMatch(t -> pac.indexOf(t) < 0)) {
            return Result.refused(ErrorCode.KDC_ERR_TGT_REVOKED, Status.PAC_INVALID);
        }
        PacVerification v = PacVerifier.verify(pac, Optional.of(issuerKey), Optional.of(issuerKey), Optional.empty());
        if (!v.isValid()) {
            return Result.refused(ErrorCode.KRB_AP_ERR_BAD_INTEGRITY, Status.PAC_BAD_SIGNATURE);
        }
        return clientInfo(pac, tgt).<Result<Pac>>map(Result::refused).orElseGet(() -> Result.ok(pac));
    }

    /** PAC_CLIENT_INFO's ClientId is the ticket's authtime (MS-PAC 2.7). */
    private static Optional<Rejection> clientInfo(Pac pac, Tgt tgt) {
        try {
            Optional<PacClientInfo> ci = pac.clientInfo();
            Optional<KerbValidationInfo> li = pac.logonInfo();
            if (ci.isEmpty() || li.isEmpty()
                    || !ci.get().clientId().equals(FileTime.of(tgt.part().authTime()))) {
                return Optional.of(Rejection.of(ErrorCode.KDC_ERR_TGT_REVOKED, Status.PAC_CLIENT_MISMATCH));
            }
            return Optional.empty();
        } catch (PacException e) {
            return Optional.of(Rejection.of(ErrorCode.KDC_ERR_TGT_REVOKED, Status.PAC_INVALID));
        }
    }

    /** For a local client: LOGON_INFO's user SID and PAC_REQUESTOR (when present) are the account's SID. */
    static Optional<Rejection> boundTo(Pac pac, PrincipalEntry client) {
        Sid sid = client.account().sid();
        try {
            boolean logon = pac.logonInfo().flatMap(KerbValidationInfo::userSid).map(sid::equals).orElse(false);
            boolean requestor = pac.requestor().map(PacRequestor::userSid).map(sid::equals).orElse(true);
            return logon && requestor ? Optional.empty()
                    : Optional.of(Rejection.of(ErrorCode.KDC_ERR_TGT_REVOKED, Status.PAC_CLIENT_MISMATCH));
        } catch (PacException e) {
            return Optional.of(Rejection.of(ErrorCode.KDC_ERR_TGT_REVOKED, Status.PAC_INVALID));
        }
    }
}
