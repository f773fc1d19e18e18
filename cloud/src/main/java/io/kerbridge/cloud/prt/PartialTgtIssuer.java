// protocol-notes §2.1 (issuance preconditions and status codes 26/27/28/112; cname from
// onPremisesSamAccountName, realm from onPremisesDomainName, SID from onPremisesSecurityIdentifier; 8 h),
// §2.3 (AS-REP crealm/cname, ticket krbtgt/REALM etype 18 under the krbtgt_<n> key, kvno = n << 16 |
// (keyVersion & 0xFFFF); PAC LOGON_INFO + CLIENT_INFO + ATTRIBUTES_INFO + REQUESTOR, server and KDC signatures
// both with the krbtgt_<n> key, RODCIdentifier after the KDC signature; no ticket/full signature in a TGT),
// §2.3a (kvno as a signed 32-bit int), §2.3b (PAC layout, wrapped in AD-IF-RELEVANT).
package io.kerbridge.cloud.prt;

import io.kerbridge.cloud.kerberos.KerberosDomains;
import io.kerbridge.cloud.kerberos.TgtMinter;
import io.kerbridge.cloud.store.User;
import io.kerbridge.kerberos.Bytes;
import io.kerbridge.kerberos.keytransport.KerberosDomain;
import io.kerbridge.kerberos.pac.FileTime;
import io.kerbridge.kerberos.pac.GroupMembership;
import io.kerbridge.kerberos.pac.KerbValidationInfo;
import io.kerbridge.kerberos.pac.Pac;
import io.kerbridge.kerberos.pac.PacAttributesInfo;
import io.kerbridge.kerberos.pac.PacClientInfo;
import io.kerbridge.kerberos.pac.PacException;
import io.kerbridge.kerberos.pac.PacRequestor;
import io.kerbridge.kerberos.pac.PacSigner;
import io.kerbridge.kerberos.pac.Sid;
import io.kerbridge.kerberos.types.EncryptionKey;
import io.kerbridge.kerberos.types.PrincipalName;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The partial TGT ({@code tgt_ad}) of a PRT sign-in: the Entra preconditions as named checks, each giving its
 * status code, then the AS-REP minted under the user's Kerberos domain's {@code krbtgt_<n>} primary key.
 * The PAC carries only the identity (the writable DC rebuilds authorisation from its directory, §2.5).
 */
public final class PartialTgtIssuer {
    public static final Duration LIFETIME = Duration.ofHours(8);
    /** renew-till is present for clients that need it (§3.2a); the DC does not renew RODC TGTs. */
    public static final Duration RENEWABLE = Duration.ofDays(7);
    static final int DOMAIN_USERS_RID = 513;

    private final KerberosDomains domains;
    private final TgtMinter minter;
    private final Clock clock;

    public PartialTgtIssuer(KerberosDomains domains, TgtMinter minter, Clock clock) {
        this.domains = domains;
        this.minter = minter;
        this.clock = clock;
    }

    public TgtOutcome issue(String tenantId, User user) {
        Optional<String> sam = user.onPremisesSamAccountName().filter(s -> !s.isBlank());
        if (sam.isEmpty()) {
            return TgtOutcome.refused(KerberosStatus.SAM_ACCOUNT_NAME_MISSING,
                    "the user has no onPremisesSamAccountName (not synced from Active Directory)");
        }
        Optional<Sid> sid = userSid(user);
        if (sid.isEmpty()) { // synced users always carry one in our model; treated like a missing on-prem identity
            return TgtOutcome.refused(KerberosStatus.SAM_ACCOUNT_NAME_MISSING,
                    "the user has no valid onPremisesSecurityIdentifier (not synced from Active Directory)");
        }
        Optional<String> dns = user.onPremisesDomainName().filter(s -> !s.isBlank());
        if (dns.isEmpty()) {
            return TgtOutcome.refused(KerberosStatus.DNS_DOMAIN_NAME_MISSING, "the user has no onPremisesDomainName");
        }
        String realm = dns.get().toUpperCase(Locale.ROOT);
        Optional<KerberosDomain> domain = domains.forRealm(tenantId, realm);
        if (domain.isEmpty()) {
            return TgtOutcome.refused(KerberosStatus.RODC_KRBTGT_NOT_FOUND,
                    "no Kerberos server key is published for " + realm + " (run 'kerbridge kerberos-server set')");
        }
        if (!usablePrimaryKey(domain.get())) {
            return TgtOutcome.refused(KerberosStatus.PRIMARY_KEY_NULL, "the Kerberos domain " + realm + " has no usable primary key");
        }
        return TgtOutcome.issued(KerberosStatus.SUCCESS_GENERATED_RODC_TGT, mint(realm, sam.get(), sid.get(), domain.get()));
    }

    /**
     * Status 112. A {@link KerberosDomain} cannot be built without a 32-byte etype-18 primary key, so with our
     * store this only trips on a key destroyed in memory; the check stays so the code keeps Entra's meaning.
     */
    static boolean usablePrimaryKey(KerberosDomain d) {
        EncryptionKey k = d.primaryKey();
        return k != null && !k.isDestroyed() && k.type().equals(KerberosDomain.KEY_ETYPE) && k.length() == 32;
    }

    private TgtMinter.Minted mint(String realm, String sam, Sid sid, KerberosDomain d) {
        Instant auth = clock.instant().truncatedTo(ChronoUnit.SECONDS); // KerberosTime has whole seconds; CLIENT_INFO must match
        EncryptionKey key = d.primaryKey();
        int kvno = KerberosDomain.kvno(d.rodcNumber(), d.keyVersion());
        return minter.mint(new TgtMinter.Request(realm, PrincipalName.user(sam), key, kvno, auth, LIFETIME, RENEWABLE,
                Optional.of(t -> pac(t, sam, sid, netbiosName(realm), d.rodcNumber(), key))));
    }

    /** The signed PAC of §2.3: identity only, both signatures with the krbtgt_&lt;n&gt; key, RODC id after the KDC one. */
    static Bytes pac(Instant authTime, String sam, Sid userSid, String netbios, int rodcNumber, EncryptionKey krbtgtKey) {
        KerbValidationInfo logon = KerbValidationInfo.builder().logonTime(FileTime.of(authTime)).effectiveName(sam)
                .userId((int) userSid.rid()).primaryGroupId(DOMAIN_USERS_RID)
                .groupIds(List.of(GroupMembership.of(DOMAIN_USERS_RID))).logonDomainName(netbios)
                .logonDomainId(userSid.domain()).userAccountControl(KerbValidationInfo.UAC_NORMAL_ACCOUNT).build();
        Pac unsigned = Pac.builder().add(logon).add(new PacClientInfo(FileTime.of(authTime), sam))
                .add(PacAttributesInfo.of(PacAttributesInfo.PAC_WAS_REQUESTED)).add(new PacRequestor(userSid)).build();
        try {
            return PacSigner.sign(unsigned, krbtgtKey, krbtgtKey, PacSigner.Options.DEFAULT.withRodcId(rodcNumber)).encode();
        } catch (PacException e) {
            throw new IllegalStateException("cannot sign the partial TGT's PAC", e);
        }
    }

    /** LogonDomainName: the first DNS label, upper case (the cloud does not know the NetBIOS name; the DC rebuilds it). */
    static String netbiosName(String realm) {
        int dot = realm.indexOf('.');
        String label = dot < 0 ? realm : realm.substring(0, dot);
        return label.length() > 15 ? label.substring(0, 15) : label;
    }

    private static Optional<Sid> userSid(User user) {
        try {
            return user.onPremisesSecurityIdentifier().map(Sid::parse).filter(s -> s.subAuthorities().size() >= 2);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
