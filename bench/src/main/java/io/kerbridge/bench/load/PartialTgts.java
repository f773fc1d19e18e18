// protocol-notes §2.3 (what the cloud emits: ticket krbtgt/REALM under the krbtgt_<n> key, etype 18,
// kvno = n << 16 | version, PAC with LOGON_INFO + CLIENT_INFO + ATTRIBUTES_INFO + REQUESTOR signed with that key,
// RODC id after the KDC signature), §2.4 (the exchange: krbtgt/REALM, forwardable|renewable|canonicalize,
// KERB-KEY-LIST-REQ for the NT hash).
package io.kerbridge.bench.load;

import io.kerbridge.kerberos.Bytes;
import io.kerbridge.kerberos.client.AsRequest;
import io.kerbridge.kerberos.client.TgsRequest;
import io.kerbridge.kerberos.crypto.Enctypes;
import io.kerbridge.kerberos.msg.EncTicketPart;
import io.kerbridge.kerberos.msg.EncryptedData;
import io.kerbridge.kerberos.msg.KrbCodec;
import io.kerbridge.kerberos.msg.PaCodec;
import io.kerbridge.kerberos.msg.PaData;
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
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Mints partial TGTs the way the cloud does, with a known {@code krbtgt_<n>} key (from {@code dc-setup}). */
final class PartialTgts {
    /** A partial TGT and its session key. */
    record Minted(Ticket ticket, EncryptionKey sessionKey, PrincipalName client) {}

    private PartialTgts() {}

    static Minted mint(String realm, String sam, Sid userSid, EncryptionKey rodcKey, int kvno, SecureRandom random) {
        Instant auth = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        EncryptionKey session = Enctypes.find(EncType.AES256_CTS_HMAC_SHA1_96).orElseThrow().generateKey(random);
        PrincipalName cname = PrincipalName.user(sam);
        EncTicketPart part = new EncTicketPart(TicketFlags.of(TicketFlags.FORWARDABLE, TicketFlags.RENEWABLE,
                TicketFlags.ENC_PA_REP), session, realm, cname, TransitedEncoding.EMPTY, auth, Optional.of(auth),
                auth.plus(Duration.ofHours(8)), Optional.of(auth.plus(Duration.ofDays(7))), Optional.empty(),
                Optional.of(List.of(PaCodec.wrapPac(pac(realm, sam, userSid, rodcKey, kvno >>> 16, auth)))));
        Bytes cipher = Enctypes.find(rodcKey.type()).orElseThrow().encrypt(rodcKey, KeyUsage.KDC_REP_TICKET,
                KrbCodec.encodeEncTicketPart(part), random);
        Ticket t = new Ticket(realm, PrincipalName.krbtgt(realm), EncryptedData.of(rodcKey.type(), kvno, cipher));
        return new Minted(t, session, cname);
    }

    private static Bytes pac(String realm, String sam, Sid sid, EncryptionKey key, int rodcNumber, Instant auth) {
        String netbios = realm.split("\\.")[0].toUpperCase(Locale.ROOT);
        KerbValidationInfo li = KerbValidationInfo.builder().logonTime(FileTime.of(auth)).effectiveName(sam)
                .userId((int) sid.rid()).primaryGroupId(513).groupIds(List.of(GroupMembership.of(513)))
                .logonDomainName(netbios).logonDomainId(sid.domain())
                .userAccountControl(KerbValidationInfo.UAC_NORMAL_ACCOUNT).build();
        Pac unsigned = Pac.builder().add(li).add(new PacClientInfo(FileTime.of(auth), sam))
                .add(PacAttributesInfo.of(PacAttributesInfo.PAC_WAS_REQUESTED)).add(new PacRequestor(sid)).build();
        try {
            return PacSigner.sign(unsigned, key, key, PacSigner.Options.DEFAULT.withRodcId(rodcNumber)).encode();
        } catch (PacException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The exchange as Windows sends it (notes §2.4), asking for the NT hash in KERB-KEY-LIST-REQ. */
    static TgsRequest exchange(Minted m, String realm) {
        PaData keyList = new PaData(PaDataType.KERB_KEY_LIST_REQ, PaCodec.encodeKeyListReq(List.of(EncType.RC4_HMAC)));
        return new TgsRequest(m.ticket(), m.sessionKey(), realm, m.client(), PrincipalName.krbtgt(realm), realm,
                KdcOptions.of(KdcOptions.FORWARDABLE, KdcOptions.RENEWABLE, KdcOptions.CANONICALIZE),
                Duration.ofDays(1), AsRequest.DEFAULT_ETYPES, List.of(keyList));
    }
}
