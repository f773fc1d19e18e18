// MS-PAC 2.5 (KERB_VALIDATION_INFO: UserId, PrimaryGroupId, GroupIds, ExtraSids, ResourceGroupDomainSid and
// ResourceGroupIds), 2.2.1/2.2.2 (SE_GROUP_* attributes), 2.7 (PAC_CLIENT_INFO: ClientId = authtime, Name),
// 2.8.4 (server signature: checked by ApReqVerifier with the service key), 2.8.5 (KDC signature: needs the
// krbtgt key; MS-APDS 3.2.5.3 KERB_VERIFY_PAC is how a Windows server asks a DC to check it);
// protocol-notes §2.3b (PAC layout), §4.2 (Heimdal krb5_pac_verify: server sig, logon name and authtime);
// MS-DTYP 2.4.2.4 (S-1-1-0, S-1-5-11).
package io.kerbridge.fileserver;

import io.kerbridge.kerberos.gss.AcceptedContext;
import io.kerbridge.kerberos.pac.GroupMembership;
import io.kerbridge.kerberos.pac.KerbValidationInfo;
import io.kerbridge.kerberos.pac.Pac;
import io.kerbridge.kerberos.pac.PacClientInfo;
import io.kerbridge.kerberos.pac.PacException;
import io.kerbridge.kerberos.pac.Sid;
import io.kerbridge.kerberos.pac.SidAndAttributes;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Builds a caller's token (the SIDs an ACL may match) from the PAC of a verified ticket, the way a Windows
 * server builds an access token from KERB_VALIDATION_INFO:
 *
 * <ul>
 *   <li>the user SID (LogonDomainId + UserId) and the primary group (LogonDomainId + PrimaryGroupId);</li>
 *   <li>GroupIds, relative to LogonDomainId; ExtraSids; ResourceGroupIds relative to ResourceGroupDomainSid;
 *       a group counts only when its attributes have SE_GROUP_ENABLED and not SE_GROUP_USE_FOR_DENY_ONLY
 *       (there are no deny entries here, so a deny-only SID may never grant);</li>
 *   <li>Everyone (S-1-1-0) and Authenticated Users (S-1-5-11), which every Kerberos caller is.</li>
 * </ul>
 *
 * <p><b>What is verified.</b> The PAC's server signature, with the service key that decrypted the ticket
 * (by {@link io.kerbridge.kerberos.gss.ApReqVerifier}: a bad one refuses the whole AP-REQ as BAD_PAC). The
 * KDC signature is not checked: it needs the krbtgt key, and the only way a server has to check it is to ask
 * a DC over Netlogon (MS-APDS 3.2.5.3, KERB_VERIFY_PAC), which this server has no channel for. That is what
 * MIT and Heimdal servers do as well: the server signature shows the PAC came with a ticket made for this
 * server's key, which only the KDC and this server hold (whoever has the keytab can forge both: guard it
 * like a password). Here, as in MIT's and Heimdal's
 * {@code krb5_pac_verify}, PAC_CLIENT_INFO must be present and match the ticket: ClientId equal to the
 * ticket's authtime (to the second) and Name equal to the client principal (case-insensitive, with or
 * without the realm). A ticket without a PAC, without LOGON_INFO or with a mismatching CLIENT_INFO is
 * refused: there is nothing trustworthy to authorise by.
 */
public final class CallerToken {
    /** SE_GROUP_ENABLED (MS-PAC 2.2.1). */
    static final int SE_GROUP_ENABLED = 0x0000_0004;
    /** SE_GROUP_USE_FOR_DENY_ONLY (MS-PAC 2.2.1). */
    static final int SE_GROUP_USE_FOR_DENY_ONLY = 0x0000_0010;

    private CallerToken() {}

    /** Why a verified ticket gives no token. Stable names for the access log. */
    public enum Status { NO_PAC, PAC_INCOMPLETE, PAC_MALFORMED, PAC_CLIENT_MISMATCH }

    /** The outcome: a caller, or a refusal with a message that may be shown to the client. */
    public sealed interface Result permits Token, Rejected {}

    public record Token(Caller caller) implements Result {}

    public record Rejected(Status status, String message) implements Result {}

    public static Result from(AcceptedContext ctx) {
        String principal = ctx.clientName();
        if (ctx.pac().isEmpty()) {
            return new Rejected(Status.NO_PAC, "the Kerberos ticket of " + principal + " carries no PAC "
                    + "(authorization data), so its groups are unknown");
        }
        Pac pac = ctx.pac().get();
        try {
            Optional<KerbValidationInfo> logon = pac.logonInfo();
            Optional<PacClientInfo> client = pac.clientInfo();
            if (logon.isEmpty() || client.isEmpty() || logon.get().logonDomainId().isEmpty()) {
                return new Rejected(Status.PAC_INCOMPLETE, "the PAC of " + principal
                        + " lacks its logon information or client information");
            }
            Optional<Rejected> mismatch = checkClientInfo(ctx, client.get());
            if (mismatch.isPresent()) {
                return mismatch.get();
            }
            KerbValidationInfo info = logon.get();
            Sid user = info.userSid().orElseThrow();
            return new Token(new Caller(principal, user, sids(info)));
        } catch (PacException | RuntimeException e) {
            return new Rejected(Status.PAC_MALFORMED, "the PAC of " + principal + " cannot be decoded");
        }
    }

    private static Optional<Rejected> checkClientInfo(AcceptedContext ctx, PacClientInfo client) {
        long clientId;
        try {
            clientId = client.clientId().toInstant().getEpochSecond();
        } catch (IllegalStateException notAnInstant) {
            clientId = Long.MIN_VALUE;
        }
        if (clientId != ctx.authTime().getEpochSecond()) {
            return Optional.of(new Rejected(Status.PAC_CLIENT_MISMATCH, "the PAC of " + ctx.clientName()
                    + " was issued for another logon (client information does not match the ticket)"));
        }
        String name = client.name().toLowerCase(Locale.ROOT);
        String cname = ctx.client().toString().toLowerCase(Locale.ROOT);
        String full = ctx.clientName().toLowerCase(Locale.ROOT);
        if (!name.equals(cname) && !name.equals(full)) {
            return Optional.of(new Rejected(Status.PAC_CLIENT_MISMATCH, "the PAC names another client than the "
                    + "ticket (" + ctx.clientName() + ")"));
        }
        return Optional.empty();
    }

    /** The token SIDs of a KERB_VALIDATION_INFO, well-known ones included. */
    static Set<Sid> sids(KerbValidationInfo info) {
        Sid domain = info.logonDomainId().orElseThrow();
        Set<Sid> out = new LinkedHashSet<>();
        out.add(Acl.EVERYONE);
        out.add(Acl.AUTHENTICATED_USERS);
        out.add(domain.withRid(Integer.toUnsignedLong(info.userId())));
        out.add(domain.withRid(Integer.toUnsignedLong(info.primaryGroupId())));
        for (GroupMembership g : info.groupIds()) {
            if (enabled(g.attributes())) {
                out.add(domain.withRid(Integer.toUnsignedLong(g.relativeId())));
            }
        }
        for (SidAndAttributes s : info.extraSids()) {
            if (enabled(s.attributes())) {
                out.add(s.sid());
            }
        }
        if (info.resourceGroupDomainSid().isPresent()) {
            Sid resourceDomain = info.resourceGroupDomainSid().get();
            for (GroupMembership g : info.resourceGroupIds()) {
                if (enabled(g.attributes())) {
                    out.add(resourceDomain.withRid(Integer.toUnsignedLong(g.relativeId())));
                }
            }
        }
        return out;
    }

    private static boolean enabled(int attributes) {
        return (attributes & SE_GROUP_ENABLED) != 0 && (attributes & SE_GROUP_USE_FOR_DENY_ONLY) == 0;
    }
}
