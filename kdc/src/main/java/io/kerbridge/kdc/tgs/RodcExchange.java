// The partial-TGT exchange at a writable DC (cloud Kerberos trust): MS-KILE 3.1.5.8 (RODC number in the
// kvno), 3.3.5.7 and 3.3.5.7.8 (KERB-KEY-LIST-REP in encrypted-pa-data, RFC 6806 §11); notes §2.5 items
// 4-10 (untrusted RODC PAC; PAC_REQUESTOR bound to the cname's account, else KDC_ERR_TGT_REVOKED; the
// password replication policy of the RODC object: no link or no partial-secrets flag -> KDC_ERR_POLICY,
// never-reveal wins, reveal-on-demand allows, anything else KDC_ERR_TGT_REVOKED; the PAC rebuilt from the
// directory), §2.6 (codes), §2.7 (key list), §2.8 (Windows where Samba differs: disabled ->
// KDC_ERR_CLIENT_REVOKED, key list answered; full-TGT PAC without ATTRIBUTES_INFO or RODCIdentifier).
// Model: Samba samba_kdc_verify_pac / samba_rodc_confirm_user_is_allowed (facts only, no code).
package io.kerbridge.kdc.tgs;

import io.kerbridge.directory.AccountType;
import io.kerbridge.directory.LookupPurpose;
import io.kerbridge.directory.PrincipalEntry;
import io.kerbridge.directory.RodcPolicyView;
import io.kerbridge.directory.RodcPolicyView.RevealPolicy;
import io.kerbridge.kdc.KdcContext;
import io.kerbridge.kdc.Rejection;
import io.kerbridge.kdc.Result;
import io.kerbridge.kdc.Status;
import io.kerbridge.kdc.policy.AccountChecks;
import io.kerbridge.kerberos.asn1.DerException;
import io.kerbridge.kerberos.msg.EncTicketPart;
import io.kerbridge.kerberos.msg.PaCodec;
import io.kerbridge.kerberos.msg.PaData;
import io.kerbridge.kerberos.pac.Pac;
import io.kerbridge.kerberos.pac.PacBufferType;
import io.kerbridge.kerberos.pac.PacException;
import io.kerbridge.kerberos.pac.PacRequestor;
import io.kerbridge.kerberos.pac.PacSignatureData;
import io.kerbridge.kerberos.pac.Sid;
import io.kerbridge.kerberos.types.EncType;
import io.kerbridge.kerberos.types.EncryptionKey;
import io.kerbridge.kerberos.types.ErrorCode;
import io.kerbridge.kerberos.types.PaDataType;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Authorizes an RODC-issued TGT (decrypted under krbtgt_&lt;n&gt; by {@link TgtDecoder}, authenticator
 * and times checked by {@link TgsChecks}) and builds what the new ticket carries. Checks, in order:
 * the partial PAC (present, signed with the krbtgt_&lt;n&gt; key, RODCIdentifier = n when present), the
 * client account, PAC_REQUESTOR, the password replication policy, the account state. Stateless.
 */
final class RodcExchange {
    private final KdcContext ctx;
    private final RodcPolicyView view;

    RodcExchange(KdcContext ctx, RodcPolicyView view) {
        this.ctx = ctx;
        this.view = view;
    }

    Result<Authorized> authorize(TgsState s) {
        int rodcNumber = s.tgt().apReq().ticket().encPart().rodcNumber();
        return partialPac(s.tgt(), rodcNumber)
                .then(pac -> client(s.tgt().part()).check(c -> requester(pac, c)))
                .check(c -> reveal(rodcNumber, c))
                .check(c -> AccountChecks.disabled(c.account()))
                .check(c -> AccountChecks.lockedOut(c.account(), s.policy(), s.now()))
                .check(c -> AccountChecks.accountExpired(c.account(), s.now()))
                .check(c -> AccountChecks.passwordExpired(c.account(), s.policy(), s.now()))
                .then(c -> Result.ok(grant(s, c)));
    }

    /** Buffers an RODC PAC must carry (Samba samba_kdc_verify_pac; notes §2.3); REQUESTOR is checked later. */
    private static final List<PacBufferType> REQUIRED = List.of(PacBufferType.LOGON_INFO, PacBufferType.CLIENT_INFO,
            PacBufferType.SERVER_CHECKSUM, PacBufferType.PRIVSVR_CHECKSUM);

    /** The partial PAC: the usual TGT PAC checks with the krbtgt_<n> key, then its RODCIdentifier. */
    private static Result<Pac> partialPac(Tgt tgt, int rodcNumber) {
        return PacCheck.verified(tgt, tgt.key(), REQUIRED).check(pac -> rodcIdentifier(pac, rodcNumber));
    }

    /** When the KDC signature carries an RODCIdentifier (it may be absent, notes §2.8), it is n. */
    private static Optional<Rejection> rodcIdentifier(Pac pac, int rodcNumber) {
        try {
            OptionalInt id = pac.kdcSignature().map(PacSignatureData::rodcIdentifier).orElse(OptionalInt.empty());
            return id.isPresent() && id.getAsInt() != rodcNumber
                    ? reject(ErrorCode.KRB_AP_ERR_BAD_INTEGRITY, Status.PAC_BAD_SIGNATURE) : Optional.empty();
        } catch (PacException e) {
            return reject(ErrorCode.KDC_ERR_TGT_REVOKED, Status.PAC_INVALID);
        }
    }

    /** The account the ticket's cname names, in this realm. */
    private Result<PrincipalEntry> client(EncTicketPart t) {
        Optional<PrincipalEntry> e = t.crealm().equalsIgnoreCase(ctx.realm())
                ? ctx.store().lookup(t.cname(), ctx.realm(), LookupPurpose.CLIENT) : Optional.empty();
        return e.<Result<PrincipalEntry>>map(Result::ok)
                .orElseGet(() -> Result.refused(ErrorCode.KDC_ERR_C_PRINCIPAL_UNKNOWN, Status.CLIENT_NOT_FOUND));
    }

    /** PAC_REQUESTOR is required and is the account's objectSid; nothing else of the partial PAC is used. */
    private static Optional<Rejection> requester(Pac pac, PrincipalEntry client) {
        try {
            Optional<Sid> sid = pac.requestor().map(PacRequestor::userSid);
            if (sid.isEmpty()) {
                return reject(ErrorCode.KDC_ERR_TGT_REVOKED, Status.NO_REQUESTER_SID);
            }
            return sid.get().equals(client.account().sid()) ? Optional.empty()
                    : reject(ErrorCode.KDC_ERR_TGT_REVOKED, Status.REQUESTER_SID_MISMATCH);
        } catch (PacException e) {
            return reject(ErrorCode.KDC_ERR_TGT_REVOKED, Status.PAC_INVALID);
        }
    }

    /** The RODC object's password replication policy over the account's token SIDs from the directory. */
    private Optional<Rejection> reveal(int rodcNumber, PrincipalEntry client) {
        AccountType type = client.account().type();
        if (type == AccountType.KRBTGT || type == AccountType.RODC_KRBTGT || type == AccountType.TRUST) {
            return reject(ErrorCode.KDC_ERR_TGT_REVOKED, Status.PRP_CLIENT_IS_KRBTGT);
        }
        Optional<RevealPolicy> p = view.revealPolicy(rodcNumber);
        if (p.isEmpty() || !p.get().computerExists()) {
            return reject(ErrorCode.KDC_ERR_POLICY, Status.RODC_NOT_LINKED);
        }
        if (!p.get().partialSecrets()) {
            return reject(ErrorCode.KDC_ERR_POLICY, Status.RODC_NO_PARTIAL_SECRETS);
        }
        Set<Sid> token = new HashSet<>(view.tokenSids(client.account().sid()));
        token.add(client.account().sid());
        if (p.get().neverReveal().stream().anyMatch(token::contains)) {
            return reject(ErrorCode.KDC_ERR_TGT_REVOKED, Status.PRP_DENIED);
        }
        return p.get().revealOnDemand().stream().anyMatch(token::contains) ? Optional.empty()
                : reject(ErrorCode.KDC_ERR_TGT_REVOKED, Status.PRP_NOT_ALLOWED);
    }

    /**
     * The PAC rebuilt from the directory as for a TGT (LOGON_INFO with the real groups and S-1-18-1,
     * CLIENT_INFO, UPN_DNS_INFO, PAC_REQUESTOR; no ATTRIBUTES_INFO, notes §2.8), and the key list.
     */
    private Authorized grant(TgsState s, PrincipalEntry client) {
        EncTicketPart t = s.tgt().part();
        Pac pac = ctx.pacs().build(client.domain(), client.account(), ctx.store().groupSids(client.account()),
                s.policy(), t.authTime(), t.cname().toString(), true, Optional.empty())
                .toBuilder().remove(PacBufferType.ATTRIBUTES_INFO).build();
        List<EncryptionKey> keys = keyList(s, client);
        if (keys.isEmpty()) {
            return new Authorized(pac, Optional.empty(), Status.EXCHANGED);
        }
        PaData rep = new PaData(PaDataType.KERB_KEY_LIST_REP, PaCodec.encodeKeyListRep(keys));
        return new Authorized(pac, Optional.of(List.of(rep)), Status.KEY_LIST_RETURNED);
    }

    /**
     * KERB-KEY-LIST-REQ on a request for krbtgt/THIS: the client's current keys of the asked enctypes
     * (23 = the NT hash). Ignored for any other target, and when undecodable.
     */
    private static List<EncryptionKey> keyList(TgsState s, PrincipalEntry client) {
        Optional<PaData> req = s.req().findPadata(PaDataType.KERB_KEY_LIST_REQ);
        if (req.isEmpty() || s.server().kind() != TargetKind.LOCAL_TGT || client.currentKeys().isEmpty()) {
            return List.of();
        }
        List<EncType> asked;
        try {
            asked = PaCodec.decodeKeyListReq(req.get().value());
        } catch (DerException e) {
            return List.of();
        }
        return asked.stream().distinct().map(e -> client.currentKeys().get().key(e)).flatMap(Optional::stream)
                .toList();
    }

    private static Optional<Rejection> reject(ErrorCode code, Status status) {
        return Optional.of(Rejection.of(code, status));
    }
}
