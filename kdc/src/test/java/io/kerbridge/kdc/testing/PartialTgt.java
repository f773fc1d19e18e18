// notes §2.3 (what the cloud emits: AS-REP-style ticket krbtgt/REALM, etype 18, kvno = n << 16 | v,
// PAC with LOGON_INFO + CLIENT_INFO + ATTRIBUTES_INFO + REQUESTOR signed with the krbtgt_<n> key, RODC
// id after the KDC signature, flags forwardable|renewable), §2.3a (signed Int32 kvno), §2.4 (the exchange).
package io.kerbridge.kdc.testing;

import io.kerbridge.directory.Account;
import io.kerbridge.directory.Domain;
import io.kerbridge.kerberos.Bytes;
import io.kerbridge.kerberos.client.AsRequest;
import io.kerbridge.kerberos.client.TgsRequest;
import io.kerbridge.kerberos.crypto.Enctypes;
import io.kerbridge.kerberos.msg.EncTicketPart;
import io.kerbridge.kerberos.msg.EncryptedData;
import io.kerbridge.kerberos.msg.KrbCodec;
import io.kerbridge.kerberos.msg.PaCodec;
import io.kerbridge.kerberos.msg.PaData;
import io.kerbridge.kerberos.msg.PaPacOptions;
import io.kerbridge.kerberos.msg.Ticket;
import io.kerbridge.kerberos.msg.TransitedEncoding;
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
import io.kerbridge.kerberos.types.EncType;
import io.kerbridge.kerberos.types.EncryptionKey;
import io.kerbridge.kerberos.types.KdcOptions;
import io.kerbridge.kerberos.types.KeyUsage;
import io.kerbridge.kerberos.types.PaDataType;
import io.kerbridge.kerberos.types.PrincipalName;
import io.kerbridge.kerberos.types.TicketFlags;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Mints partial TGTs as the cloud KDC does and builds the exchange request. Every field is a knob so the
 * tests can produce each refusal of notes §2.6: another signing key, no PAC, no or a foreign requester
 * SID, a LOGON_INFO naming someone else, raw PAC bytes, no RODCIdentifier, other times.
 */
public record PartialTgt(Domain domain, Account user, EncryptionKey rodcKey, int kvno, Optional<EncryptionKey> pacKey,
        boolean withPac, Optional<Sid> requester, Optional<Sid> logonSid, Optional<Bytes> rawPac, boolean rodcIdInPac,
        Instant authTime, Duration life) {
    private static final SecureRandom RANDOM = new SecureRandom();

    /** The ticket the cloud would send for {@code user}, under {@code rodcKey} with this full kvno. */
    public static PartialTgt of(Domain domain, Account user, EncryptionKey rodcKey, int kvno, Instant now) {
        return new PartialTgt(domain, user, rodcKey, kvno, Optional.empty(), true, Optional.of(user.sid()),
                Optional.empty(), Optional.empty(), true, now, Duration.ofHours(8));
    }

    public PartialTgt with(UnaryOperator<PartialTgt> change) {
        return change.apply(this);
    }

    public PartialTgt pacKey(EncryptionKey k) {
        return new PartialTgt(domain, user, rodcKey, kvno, Optional.of(k), withPac, requester, logonSid, rawPac,
                rodcIdInPac, authTime, life);
    }

    public PartialTgt noPac() {
        return new PartialTgt(domain, user, rodcKey, kvno, pacKey, false, requester, logonSid, rawPac, rodcIdInPac,
                authTime, life);
    }

    public PartialTgt requester(Optional<Sid> sid) {
        return new PartialTgt(domain, user, rodcKey, kvno, pacKey, withPac, sid, logonSid, rawPac, rodcIdInPac,
                authTime, life);
    }

    public PartialTgt logonSid(Sid sid) {
        return new PartialTgt(domain, user, rodcKey, kvno, pacKey, withPac, requester, Optional.of(sid), rawPac,
                rodcIdInPac, authTime, life);
    }

    public PartialTgt rawPac(Bytes pac) {
        return new PartialTgt(domain, user, rodcKey, kvno, pacKey, withPac, requester, logonSid, Optional.of(pac),
                rodcIdInPac, authTime, life);
    }

    public PartialTgt noRodcId() {
        return new PartialTgt(domain, user, rodcKey, kvno, pacKey, withPac, requester, logonSid, rawPac, false,
                authTime, life);
    }

    public PartialTgt times(Instant auth, Duration lifetime) {
        return new PartialTgt(domain, user, rodcKey, kvno, pacKey, withPac, requester, logonSid, rawPac, rodcIdInPac,
                auth, lifetime);
    }

    /** The minted ticket and its session key. */
    public record Minted(Ticket ticket, EncryptionKey sessionKey, EncTicketPart part) {}

    public Minted mint() {
        EncryptionKey session = Enctypes.find(EncType.AES256_CTS_HMAC_SHA1_96).orElseThrow().generateKey(RANDOM);
        PrincipalName cname = PrincipalName.user(user.samAccountName());
        EncTicketPart part = new EncTicketPart(TicketFlags.of(TicketFlags.FORWARDABLE, TicketFlags.RENEWABLE,
                TicketFlags.ENC_PA_REP), session, domain.realm(), cname, TransitedEncoding.EMPTY, authTime,
                Optional.of(authTime), authTime.plus(life), Optional.of(authTime.plus(Duration.ofDays(7))),
                Optional.empty(), withPac ? Optional.of(List.of(PaCodec.wrapPac(pacBytes()))) : Optional.empty());
        Bytes cipher = Enctypes.find(rodcKey.type()).orElseThrow().encrypt(rodcKey, KeyUsage.KDC_REP_TICKET,
                KrbCodec.encodeEncTicketPart(part), RANDOM);
        Ticket t = new Ticket(domain.realm(), PrincipalName.krbtgt(domain.realm()),
                EncryptedData.of(rodcKey.type(), kvno, cipher));
        return new Minted(t, session, part);
    }

    private Bytes pacBytes() {
        if (rawPac.isPresent()) {
            return rawPac.get();
        }
        Sid sid = logonSid.orElse(user.sid());
        KerbValidationInfo li = KerbValidationInfo.builder().logonTime(FileTime.of(authTime))
                .effectiveName(user.samAccountName()).userId((int) (sid.rid()))
                .primaryGroupId(513).groupIds(List.of(GroupMembership.of(513))).logonDomainName(domain.netbiosName())
                .logonDomainId(sid.domain()).userAccountControl(KerbValidationInfo.UAC_NORMAL_ACCOUNT
                        | KerbValidationInfo.UAC_DONT_EXPIRE_PASSWORD).build();
        Pac.Builder b = Pac.builder().add(li).add(new PacClientInfo(FileTime.of(authTime), user.samAccountName()))
                .add(PacAttributesInfo.of(PacAttributesInfo.PAC_WAS_REQUESTED));
        requester.ifPresent(s -> b.add(new PacRequestor(s)));
        EncryptionKey k = pacKey.orElse(rodcKey);
        try {
            PacSigner.Options o = PacSigner.Options.DEFAULT.withRodcId(rodcIdInPac ? kvno >>> 16 : 0);
            return PacSigner.sign(b.build(), k, k, o).encode();
        } catch (PacException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The exchange as Windows sends it (notes §2.4): krbtgt/REALM, forwardable|renewable|canonicalize. */
    public static TgsRequest exchange(Minted m, String realm, PrincipalName client, List<PaData> extra) {
        return new TgsRequest(m.ticket(), m.sessionKey(), realm, client, PrincipalName.krbtgt(realm), realm,
                KdcOptions.of(KdcOptions.FORWARDABLE, KdcOptions.RENEWABLE, KdcOptions.CANONICALIZE),
                Duration.ofDays(1), AsRequest.DEFAULT_ETYPES, extra);
    }

    public static PaData keyListReq(EncType... etypes) {
        return new PaData(PaDataType.KERB_KEY_LIST_REQ, PaCodec.encodeKeyListReq(List.of(etypes)));
    }

    public static PaData branchAware() {
        return new PaData(PaDataType.PA_PAC_OPTIONS, PaCodec.encodePacOptions(PaPacOptions.of(PaPacOptions.BRANCH_AWARE)));
    }
}
