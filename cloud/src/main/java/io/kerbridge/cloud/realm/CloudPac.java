// protocol-notes §5.1 (the cloud TGT "contains authorization data that's specific to cloud services"; Entra's
// PAC carries "the user's SID only"), §2.3/§2.3b (PAC buffers and layout: LOGON_INFO with UserId = RID,
// PrimaryGroupId 513, GroupIds {513}, LogonDomainId = domain SID; CLIENT_INFO with ClientId = authtime;
// ATTRIBUTES_INFO; REQUESTOR; server and KDC signatures, both with the krbtgt key in a TGT); MS-KILE 3.3.5.3
// (PAC_ATTRIBUTES_INFO and PAC_REQUESTOR only in TGTs; without PA-PAC-REQUEST the PAC is "given
// implicitly"); MS-PAC 2.5, 2.7, 2.10, 2.14, 2.15.
package io.kerbridge.cloud.realm;

import io.kerbridge.cloud.store.User;
import io.kerbridge.kerberos.pac.FileTime;
import io.kerbridge.kerberos.pac.GroupMembership;
import io.kerbridge.kerberos.pac.KerbValidationInfo;
import io.kerbridge.kerberos.pac.Pac;
import io.kerbridge.kerberos.pac.PacAttributesInfo;
import io.kerbridge.kerberos.pac.PacClientInfo;
import io.kerbridge.kerberos.pac.PacRequestor;
import io.kerbridge.kerberos.pac.Sid;
import io.kerbridge.kerberos.pac.UpnDnsInfo;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * The unsigned PAC of a cloud TGT, from the synced user's on-premises attributes only: the user's SID (its
 * domain part as LogonDomainId, its RID as UserId), Domain Users (513) as primary and only group, the
 * sAMAccountName as EffectiveName, CLIENT_INFO naming the UPN (the ticket's NT-ENTERPRISE client name) at the
 * auth time, UPN_DNS_INFO with UPN, DNS domain, sAMAccountName and SID, ATTRIBUTES_INFO "given implicitly"
 * and REQUESTOR. No groups beyond 513: the cloud holds no group SIDs. LogonDomainName is the first label of
 * the on-premises DNS domain in upper case, the usual NetBIOS name [INF]; nothing else is known of it.
 */
final class CloudPac {
    static final int DOMAIN_USERS_RID = 513;

    private CloudPac() {}

    /** @throws IllegalArgumentException when the user's SID is not an account SID of a domain */
    static Pac build(User user, Instant authTime) {
        Sid sid = Sid.parse(user.onPremisesSecurityIdentifier().orElseThrow());
        if (sid.subAuthorities().size() < 2) {
            throw new IllegalArgumentException("not an account SID: " + sid);
        }
        String dns = user.onPremisesDomainName().orElse("").toUpperCase(Locale.ROOT);
        String sam = user.onPremisesSamAccountName().orElse(user.upn().split("@")[0]);
        return Pac.builder()
                .add(logonInfo(user, sid, sam, dns, authTime))
                .add(new PacClientInfo(FileTime.of(authTime), user.upn()))
                .add(UpnDnsInfo.of(user.upn(), dns, false, sam, sid))
                .add(PacAttributesInfo.of(PacAttributesInfo.PAC_WAS_GIVEN_IMPLICITLY))
                .add(new PacRequestor(sid))
                .build();
    }

    private static KerbValidationInfo logonInfo(User user, Sid sid, String sam, String dns, Instant authTime) {
        return KerbValidationInfo.builder()
                .logonTime(FileTime.of(authTime))
                .passwordLastSet(user.passwordLastSet().map(FileTime::of).orElse(FileTime.UNSET))
                .passwordMustChange(user.passwordExpiresOn().map(FileTime::of).orElse(FileTime.NEVER))
                .effectiveName(sam)
                .fullName(user.displayName())
                .userId((int) sid.rid())
                .primaryGroupId(DOMAIN_USERS_RID)
                .groupIds(List.of(GroupMembership.of(DOMAIN_USERS_RID)))
                .logonDomainName(netbios(dns))
                .logonDomainId(sid.domain())
                .userAccountControl(KerbValidationInfo.UAC_NORMAL_ACCOUNT)
                .build();
    }

    /** The first DNS label, at most 15 characters (a NetBIOS name's limit). */
    static String netbios(String dnsUpper) {
        String first = dnsUpper.split("\\.")[0];
        return first.length() > 15 ? first.substring(0, 15) : first;
    }
}
