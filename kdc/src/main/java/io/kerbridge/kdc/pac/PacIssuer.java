// MS-PAC 2.5 (KERB_VALIDATION_INFO), 2.7 (PAC_CLIENT_INFO), 2.10 (UPN_DNS_INFO), 2.14
// (PAC_ATTRIBUTES_INFO), 2.15 (PAC_REQUESTOR); MS-KILE 3.3.5.3 (PAC generation in the AS exchange;
// requestor and attributes only in TGTs), 3.3.5.7 (PAC copied into service tickets); Samba pac-glue.c
// samba_kdc_get_*_blob as the model of assembling one buffer per small function; MS-DTYP 2.4.2.4
// S-1-18-1 AUTHENTICATION_AUTHORITY_ASSERTED_IDENTITY.
package io.kerbridge.kdc.pac;

import io.kerbridge.directory.Account;
import io.kerbridge.directory.Domain;
import io.kerbridge.directory.DomainPolicy;
import io.kerbridge.directory.GroupSids;
import io.kerbridge.kdc.policy.AccountChecks;
import io.kerbridge.kerberos.pac.FileTime;
import io.kerbridge.kerberos.pac.GroupMembership;
import io.kerbridge.kerberos.pac.KerbValidationInfo;
import io.kerbridge.kerberos.pac.Pac;
import io.kerbridge.kerberos.pac.PacAttributesInfo;
import io.kerbridge.kerberos.pac.PacBuffer;
import io.kerbridge.kerberos.pac.PacBufferType;
import io.kerbridge.kerberos.pac.PacClientInfo;
import io.kerbridge.kerberos.pac.PacRequestor;
import io.kerbridge.kerberos.pac.Sid;
import io.kerbridge.kerberos.pac.SidAndAttributes;
import io.kerbridge.kerberos.pac.UpnDnsInfo;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Builds unsigned PACs from the directory, and copies PACs from a TGT into new tickets. */
public final class PacIssuer {
    /** S-1-18-1: the identity was asserted by an authentication authority (a password, here). */
    public static final Sid ASSERTED_IDENTITY = Sid.parse("S-1-18-1");

    private final String logonServer;

    public PacIssuer(String logonServer) {
        this.logonServer = logonServer;
    }

    /**
     * The PAC of a ticket from the AS exchange. {@code tgt}: add PAC_ATTRIBUTES_INFO and PAC_REQUESTOR
     * (MS-KILE 3.3.5.3: only in TGTs). {@code pacRequested}: the PA-PAC-REQUEST value, empty when absent.
     */
    public Pac build(Domain domain, Account account, GroupSids groups, DomainPolicy policy, Instant authTime,
            String clientName, boolean tgt, Optional<Boolean> pacRequested) {
        Pac.Builder b = Pac.builder()
                .add(logonInfo(domain, account, groups, policy, authTime))
                .add(new PacClientInfo(FileTime.of(authTime), clientName))
                .add(upnDnsInfo(domain, account));
        if (tgt) {
            int flags = pacRequested.isPresent() ? PacAttributesInfo.PAC_WAS_REQUESTED
                    : PacAttributesInfo.PAC_WAS_GIVEN_IMPLICITLY;
            b.add(PacAttributesInfo.of(flags)).add(new PacRequestor(account.sid()));
        }
        return b.build();
    }

    KerbValidationInfo logonInfo(Domain domain, Account a, GroupSids groups, DomainPolicy policy, Instant authTime) {
        Optional<Instant> expiry = AccountChecks.passwordExpiry(a, policy);
        return KerbValidationInfo.builder()
                .logonTime(FileTime.of(authTime))
                .passwordLastSet(a.pwdLastSet().map(FileTime::of).orElse(FileTime.UNSET))
                .passwordCanChange(a.pwdLastSet().map(t -> FileTime.of(t.plus(policy.minPasswordAge())))
                        .orElse(FileTime.UNSET))
                .passwordMustChange(expiry.map(t -> t.equals(Instant.EPOCH) ? FileTime.UNSET : FileTime.of(t))
                        .orElse(FileTime.NEVER))
                .effectiveName(a.samAccountName())
                .fullName(a.displayName())
                .badPasswordCount(Math.min(a.lockout().badPwdCount(), 0xFFFF))
                .userId((int) a.rid())
                .primaryGroupId(a.primaryGroupRid())
                .groupIds(groupIds(a, groups))
                .logonServer(logonServer)
                .logonDomainName(domain.netbiosName())
                .logonDomainId(domain.sid())
                .userAccountControl(SamrUac.fromAd(a.userAccountControl()))
                .extraSids(extraSids(groups))
                .resourceGroups(groups.domainLocalGroupRids().isEmpty() ? Optional.empty() : Optional.of(domain.sid()),
                        groups.domainLocalGroupRids().stream().map(r -> GroupMembership.of((int) (long) r)).toList())
                .build();
    }

    /** Domain groups by RID, the primary group first (Windows lists it in GroupIds too). */
    private static List<GroupMembership> groupIds(Account a, GroupSids groups) {
        Set<Long> rids = new LinkedHashSet<>();
        rids.add((long) a.primaryGroupRid());
        rids.addAll(groups.domainGroupRids());
        return rids.stream().map(r -> GroupMembership.of((int) (long) r)).toList();
    }

    private static List<SidAndAttributes> extraSids(GroupSids groups) {
        List<SidAndAttributes> out = new ArrayList<>();
        for (Sid s : groups.extraSids()) {
            out.add(SidAndAttributes.of(s));
        }
        if (!groups.extraSids().contains(ASSERTED_IDENTITY)) {
            out.add(SidAndAttributes.of(ASSERTED_IDENTITY));
        }
        return out;
    }

    private static UpnDnsInfo upnDnsInfo(Domain domain, Account a) {
        boolean constructed = a.userPrincipalName().isEmpty();
        String upn = a.userPrincipalName().orElse(a.samAccountName() + "@" + domain.dnsName());
        return UpnDnsInfo.of(upn, domain.realm(), constructed, a.samAccountName(), a.sid());
    }

    /**
     * The PAC of a ticket issued from a TGT: the TGT's buffers without signatures; for a service ticket
     * also without PAC_ATTRIBUTES_INFO and PAC_REQUESTOR (MS-KILE 3.3.5.7, PAC_REQUESTOR only in TGTs).
     */
    public static Pac copy(Pac tgtPac, boolean forTgt) {
        Pac.Builder b = Pac.builder();
        for (PacBuffer buf : tgtPac.buffers()) {
            PacBufferType t = buf.type();
            boolean tgtOnly = t.equals(PacBufferType.ATTRIBUTES_INFO) || t.equals(PacBufferType.REQUESTOR);
            if (!t.isSignature() && (forTgt || !tgtOnly)) {
                b.add(buf);
            }
        }
        return b.build();
    }
}
