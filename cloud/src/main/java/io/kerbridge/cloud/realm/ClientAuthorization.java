// MS-PAC 2.8 (server and KDC signatures; in a TGT both with the krbtgt key, protocol-notes §2.3), 2.7
// (CLIENT_INFO ClientId = authtime); MS-KILE 3.3.5.7.1 and KB5008380 (a TGT without a PAC, or whose PAC names
// another account, is refused with KDC_ERR_TGT_REVOKED, protocol-notes §2.6); a PAC signed with another key:
// KRB_AP_ERR_BAD_INTEGRITY (§2.8); RFC 4120 §7.5.9 (CLIENT_REVOKED 18 for a disabled or removed account);
// protocol-notes §5.3 (Entra refuses service tickets when the sign-in conditions no longer hold) and §2.1 (only
// users synced from AD).
package io.kerbridge.cloud.realm;

import io.kerbridge.cloud.store.CloudStore;
import io.kerbridge.cloud.store.User;
import io.kerbridge.kerberos.pac.FileTime;
import io.kerbridge.kerberos.pac.KerbValidationInfo;
import io.kerbridge.kerberos.pac.Pac;
import io.kerbridge.kerberos.pac.PacClientInfo;
import io.kerbridge.kerberos.pac.PacException;
import io.kerbridge.kerberos.pac.PacVerifier;
import io.kerbridge.kerberos.pac.Sid;
import io.kerbridge.kerberos.pac.TicketPac;
import io.kerbridge.kerberos.types.ErrorCode;
import java.util.Optional;

/**
 * Who the TGT speaks for, checked again on every service ticket: its PAC is present and signed with the realm
 * key, CLIENT_INFO matches the ticket, and the user it names still exists in the tenant, is enabled, is synced
 * from AD and still has the SID the PAC carries (so a TGT outlives neither its user nor a change of SID).
 */
final class ClientAuthorization {
    private final CloudStore.Users users;

    ClientAuthorization(CloudStore.Users users) {
        this.users = users;
    }

    Step<Pac> authorize(TgsState s) {
        return verifiedPac(s).then(pac -> boundToUser(s, pac));
    }

    private static Step<Pac> verifiedPac(TgsState s) {
        Pac pac;
        try {
            pac = Pac.decode(TicketPac.extract(s.tgt().der()));
        } catch (PacException e) {
            return Step.refused(ErrorCode.KDC_ERR_TGT_REVOKED, "tgt_without_valid_pac");
        }
        var key = Optional.of(s.tgt().key().key());
        if (!PacVerifier.verify(pac, key, key, Optional.empty()).isValid()) {
            return Step.refused(ErrorCode.KRB_AP_ERR_BAD_INTEGRITY, "pac_signature");
        }
        try {
            Optional<PacClientInfo> ci = pac.clientInfo();
            boolean ok = ci.isPresent() && ci.get().clientId().equals(FileTime.of(s.tgt().part().authTime()))
                    && pac.logonInfo().isPresent();
            return ok ? Step.ok(pac) : Step.refused(ErrorCode.KDC_ERR_TGT_REVOKED, "pac_client_info_mismatch");
        } catch (PacException e) {
            return Step.refused(ErrorCode.KDC_ERR_TGT_REVOKED, "pac_malformed");
        }
    }

    private Step<Pac> boundToUser(TgsState s, Pac pac) {
        var cname = s.tgt().part().cname().components();
        Optional<User> user = cname.size() == 1 ? users.find(s.tenant().id(), cname.get(0))
                .filter(u -> u.upn().equalsIgnoreCase(cname.get(0))) : Optional.empty();
        if (user.isEmpty() || !user.get().enabled() || user.get().onPremisesSecurityIdentifier().isEmpty()) {
            return Step.refused(ErrorCode.KDC_ERR_CLIENT_REVOKED, "user_gone_disabled_or_not_synced");
        }
        try {
            Optional<Sid> pacSid = pac.logonInfo().flatMap(KerbValidationInfo::userSid);
            Sid userSid = Sid.parse(user.get().onPremisesSecurityIdentifier().get());
            return pacSid.isPresent() && pacSid.get().equals(userSid) ? Step.ok(pac)
                    : Step.refused(ErrorCode.KDC_ERR_TGT_REVOKED, "pac_sid_is_not_the_users");
        } catch (PacException | IllegalArgumentException e) {
            return Step.refused(ErrorCode.KDC_ERR_TGT_REVOKED, "pac_malformed");
        }
    }
}
