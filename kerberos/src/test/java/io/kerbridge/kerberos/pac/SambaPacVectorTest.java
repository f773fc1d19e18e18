package io.kerbridge.kerberos.pac;

import static io.kerbridge.kerberos.pac.PacVerification.Status.INVALID;
import static io.kerbridge.kerberos.pac.PacVerification.Status.MISSING;
import static io.kerbridge.kerberos.pac.PacVerification.Status.NOT_CHECKED;
import static io.kerbridge.kerberos.pac.PacVerification.Status.VALID;
import static io.kerbridge.kerberos.pac.PacVerification.Status.WRONG_CHECKSUM_TYPE;
import static org.assertj.core.api.Assertions.assertThat;

import io.kerbridge.kerberos.Bytes;
import io.kerbridge.kerberos.types.ChecksumType;
import io.kerbridge.kerberos.types.EncType;
import io.kerbridge.kerberos.types.EncryptionKey;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** PACs issued by a real AD DC (Samba 4.17.12, Heimdal KDC): decode, re-encode, verify, tamper. */
class SambaPacVectorTest {
    private static final Properties EXPECTED = SambaVectors.expected();
    private static final Sid DOMAIN = Sid.parse(EXPECTED.getProperty("domain.sid"));
    private static final Sid USER = Sid.parse(EXPECTED.getProperty("user.sid"));

    private static Pac decode(String ticket) throws PacException {
        return Pac.decode(SambaVectors.pac(ticket));
    }

    private static EncryptionKey serviceKey(String ticket) {
        return switch (ticket) {
            case SambaVectors.TGT -> SambaVectors.krbtgt();
            case SambaVectors.SERVICE_AES -> SambaVectors.key("pacsvc", EncType.AES256_CTS_HMAC_SHA1_96);
            case SambaVectors.SERVICE_RC4 -> SambaVectors.key("pacsvcrc4", EncType.RC4_HMAC);
            default -> throw new IllegalArgumentException(ticket);
        };
    }

    @ParameterizedTest
    @ValueSource(strings = {SambaVectors.TGT, SambaVectors.SERVICE_AES, SambaVectors.SERVICE_RC4})
    void logonInfoMatchesTheDirectory(String ticket) throws PacException {
        KerbValidationInfo info = decode(ticket).logonInfo().orElseThrow();
        assertThat(info.effectiveName().value()).isEqualTo(EXPECTED.getProperty("user.name"));
        assertThat(info.fullName().value()).isEqualTo("Pac User");
        assertThat(Integer.toUnsignedLong(info.userId())).isEqualTo(Long.parseLong(EXPECTED.getProperty("user.rid")));
        assertThat(info.primaryGroupId()).isEqualTo(Integer.parseInt(EXPECTED.getProperty("user.primaryGroupRid")));
        assertThat(info.logonDomainId()).contains(DOMAIN);
        assertThat(info.userSid()).contains(USER);
        assertThat(info.logonDomainName().value()).isEqualTo(EXPECTED.getProperty("domain.netbios"));
        List<Integer> rids = info.groupIds().stream().map(GroupMembership::relativeId).toList();
        assertThat(rids).contains(513);
        for (String rid : EXPECTED.getProperty("group.rids").split(",")) {
            assertThat(rids).contains(Integer.parseInt(rid));
        }
        assertThat(info.groupIds()).allMatch(g -> g.attributes() == GroupMembership.DEFAULT_ATTRIBUTES);
        // Samba adds the "authentication authority asserted identity" SID S-1-18-1 (MS-PAC 2.2.1 / MS-SFU).
        assertThat(info.extraSids()).extracting(SidAndAttributes::sid).contains(Sid.parse("S-1-18-1"));
        assertThat(info.userFlags() & KerbValidationInfo.USER_FLAG_EXTRA_SIDS).isNotZero();
        assertThat(info.logoffTime().isNever()).isTrue();
        assertThat(info.logonTime().toInstant()).isAfter(java.time.Instant.parse("2020-01-01T00:00:00Z"));
        assertThat(info.resourceGroupDomainSid()).isEmpty();
        assertThat(info.userAccountControl() & KerbValidationInfo.UAC_NORMAL_ACCOUNT).isNotZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {SambaVectors.TGT, SambaVectors.SERVICE_AES, SambaVectors.SERVICE_RC4})
    void clientAndUpnInfoMatch(String ticket) throws PacException {
        Pac pac = decode(ticket);
        PacClientInfo client = pac.clientInfo().orElseThrow();
        assertThat(client.name()).isEqualTo(EXPECTED.getProperty("user.name"));
        UpnDnsInfo upn = pac.upnDnsInfo().orElseThrow();
        assertThat(upn.upn()).isEqualTo(EXPECTED.getProperty("user.upn"));
        assertThat(upn.dnsDomainName()).isEqualTo(EXPECTED.getProperty("realm"));
        assertThat(upn.samName()).contains(EXPECTED.getProperty("user.name"));
        assertThat(upn.sid()).contains(USER);
        // samba-tool user create sets userPrincipalName, so the UPN is not constructed (flag U clear).
        assertThat(upn.upnConstructed()).isFalse();
        assertThat(upn.flags()).isEqualTo(UpnDnsInfo.FLAG_HAS_SAM_NAME_AND_SID);
    }

    @Test
    void tgtCarriesRequestorAndAttributesButNoTicketSignature() throws PacException {
        Pac pac = decode(SambaVectors.TGT);
        assertThat(pac.requestor().orElseThrow().userSid()).isEqualTo(USER);
        PacAttributesInfo attrs = pac.attributesInfo().orElseThrow();
        assertThat(attrs.flagsLength()).isEqualTo(2);
        assertThat(attrs.pacWasGivenImplicitly()).isTrue();
        assertThat(pac.buffer(PacBufferType.TICKET_CHECKSUM)).isEmpty();
        assertThat(pac.buffer(PacBufferType.FULL_CHECKSUM)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {SambaVectors.TGT, SambaVectors.SERVICE_AES, SambaVectors.SERVICE_RC4})
    void reEncodingIsByteIdentical(String ticket) throws PacException {
        Bytes raw = SambaVectors.pac(ticket);
        Pac pac = Pac.decode(raw);
        assertThat(pac.encode()).isEqualTo(raw);
        // Samba lays out PACs the canonical way, so re-laying the buffers reproduces the bytes too.
        assertThat(pac.toBuilder().build().encode().hex()).isEqualTo(raw.hex());
    }

    @ParameterizedTest
    @ValueSource(strings = {SambaVectors.TGT, SambaVectors.SERVICE_AES, SambaVectors.SERVICE_RC4})
    void everyTypedBufferReEncodesToTheReceivedBytes(String ticket) throws PacException {
        Pac pac = decode(ticket);
        for (PacBuffer b : pac.buffers()) {
            Bytes again = switch (b.type().value()) {
                case 1 -> KerbValidationInfo.decode(b.data()).encode();
                case 10 -> PacClientInfo.decode(b.data()).encode();
                case 12 -> UpnDnsInfo.decode(b.data()).encode();
                case 17 -> PacAttributesInfo.decode(b.data()).encode();
                case 18 -> PacRequestor.decode(b.data()).encode();
                case 6, 7, 16, 19 -> PacSignatureData.decode(b.data()).encode();
                default -> b.data();
            };
            assertThat(again.hex()).as(b.type().toString()).isEqualTo(b.data().hex());
        }
    }

    @Test
    void signatureTypesFollowTheKeys() throws PacException {
        Pac rc4 = decode(SambaVectors.SERVICE_RC4);
        assertThat(rc4.serverSignature().orElseThrow().type()).isEqualTo(ChecksumType.HMAC_MD5);
        assertThat(rc4.kdcSignature().orElseThrow().type()).isEqualTo(ChecksumType.HMAC_SHA1_96_AES256);
        assertThat(rc4.kdcSignature().orElseThrow().rodcIdentifier()).isEmpty();
        Pac aes = decode(SambaVectors.SERVICE_AES);
        assertThat(aes.serverSignature().orElseThrow().type()).isEqualTo(ChecksumType.HMAC_SHA1_96_AES256);
    }

    @Test
    void tgtSignaturesVerify() throws PacException {
        PacVerification v = PacVerifier.verify(decode(SambaVectors.TGT), SambaVectors.krbtgt(), SambaVectors.krbtgt());
        assertThat(v).isEqualTo(new PacVerification(VALID, VALID, MISSING, MISSING));
        assertThat(v.isValid()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {SambaVectors.SERVICE_AES, SambaVectors.SERVICE_RC4})
    void serviceTicketSignaturesVerifyIncludingTicketAndFull(String ticket) throws PacException {
        PacVerification v = PacVerifier.verify(decode(ticket), Optional.of(serviceKey(ticket)),
                Optional.of(SambaVectors.krbtgt()), Optional.of(SambaVectors.ticketSigningData(ticket)));
        assertThat(v).isEqualTo(new PacVerification(VALID, VALID, VALID, VALID));
        assertThat(v.isValid(EnumSet.allOf(PacSignatureKind.class))).isTrue();
    }

    @Test
    void aServiceWithoutTheKrbtgtKeyChecksOnlyItsOwnSignature() throws PacException {
        PacVerification v = PacVerifier.verify(decode(SambaVectors.SERVICE_AES),
                Optional.of(serviceKey(SambaVectors.SERVICE_AES)), Optional.empty(), Optional.empty());
        assertThat(v).isEqualTo(new PacVerification(VALID, NOT_CHECKED, NOT_CHECKED, NOT_CHECKED));
        assertThat(v.isValid(EnumSet.of(PacSignatureKind.SERVER))).isTrue();
        assertThat(v.isValid()).isFalse();
    }

    private static PacVerification verifyTampered(String ticket, int offset) throws PacException {
        byte[] b = SambaVectors.pac(ticket).toByteArray();
        b[offset] ^= 0x01;
        return PacVerifier.verify(Pac.decode(Bytes.wrap(b)), Optional.of(serviceKey(ticket)),
                Optional.of(SambaVectors.krbtgt()), Optional.of(SambaVectors.ticketSigningData(ticket)));
    }

    @Test
    void tamperingWithLogonInfoBreaksServerAndFullSignatures() throws PacException {
        Pac pac = decode(SambaVectors.SERVICE_AES);
        int userIdByte = pac.offsetOf(pac.indexOf(PacBufferType.LOGON_INFO)) + 0x80;
        PacVerification v = verifyTampered(SambaVectors.SERVICE_AES, userIdByte);
        assertThat(v).isEqualTo(new PacVerification(INVALID, VALID, VALID, INVALID));
        assertThat(v.failures()).containsExactlyInAnyOrder(PacSignatureKind.SERVER, PacSignatureKind.FULL);
    }

    @Test
    void tamperingWithTheServerSignatureBreaksServerAndKdcSignatures() throws PacException {
        Pac pac = decode(SambaVectors.SERVICE_AES);
        int at = pac.offsetOf(pac.indexOf(PacBufferType.SERVER_CHECKSUM)) + 6;
        assertThat(verifyTampered(SambaVectors.SERVICE_AES, at))
                .isEqualTo(new PacVerification(INVALID, INVALID, VALID, VALID));
    }

    @Test
    void tamperingWithTheKdcSignatureBreaksOnlyIt() throws PacException {
        Pac pac = decode(SambaVectors.SERVICE_AES);
        int at = pac.offsetOf(pac.indexOf(PacBufferType.PRIVSVR_CHECKSUM)) + 15;
        assertThat(verifyTampered(SambaVectors.SERVICE_AES, at))
                .isEqualTo(new PacVerification(VALID, INVALID, VALID, VALID));
    }

    @Test
    void tamperingWithTheTicketSignatureOrItsData() throws PacException {
        Pac pac = decode(SambaVectors.SERVICE_AES);
        // The ticket signature is computed first, so the server and full signatures cover it.
        int at = pac.offsetOf(pac.indexOf(PacBufferType.TICKET_CHECKSUM)) + 4;
        assertThat(verifyTampered(SambaVectors.SERVICE_AES, at))
                .isEqualTo(new PacVerification(INVALID, VALID, INVALID, INVALID));

        byte[] data = SambaVectors.ticketSigningData(SambaVectors.SERVICE_AES).toByteArray();
        data[data.length - 1] ^= 1;
        PacVerification v = PacVerifier.verify(pac, Optional.of(serviceKey(SambaVectors.SERVICE_AES)),
                Optional.of(SambaVectors.krbtgt()), Optional.of(Bytes.wrap(data)));
        assertThat(v).isEqualTo(new PacVerification(VALID, VALID, INVALID, VALID));
    }

    @Test
    void wrongKeysFail() throws PacException {
        Pac pac = decode(SambaVectors.SERVICE_AES);
        EncryptionKey otherAes = SambaVectors.key("pacsvcrc4", EncType.AES256_CTS_HMAC_SHA1_96);
        assertThat(PacVerifier.verify(pac, otherAes, SambaVectors.krbtgt()).server()).isEqualTo(INVALID);
        assertThat(PacVerifier.verify(pac, serviceKey(SambaVectors.SERVICE_AES), otherAes).kdc()).isEqualTo(INVALID);
        // An RC4 key cannot verify an HMAC-SHA1-96-AES256 signature: the type must match the key (MS-PAC 2.8).
        EncryptionKey rc4 = SambaVectors.key("pacsvc", EncType.RC4_HMAC);
        assertThat(PacVerifier.verify(pac, rc4, SambaVectors.krbtgt()).server()).isEqualTo(WRONG_CHECKSUM_TYPE);
    }

    @Test
    void resigningTheSambaPacReproducesSambasSignatures() throws PacException {
        Pac pac = decode(SambaVectors.SERVICE_AES);
        Pac unsigned = pac.toBuilder().build();
        Pac resigned = PacSigner.sign(unsigned, serviceKey(SambaVectors.SERVICE_AES), SambaVectors.krbtgt(),
                PacSigner.Options.serviceTicket(SambaVectors.ticketSigningData(SambaVectors.SERVICE_AES)));
        assertThat(resigned.encode().hex()).isEqualTo(pac.encode().hex());

        Pac tgt = decode(SambaVectors.TGT);
        Pac tgtResigned = PacSigner.sign(tgt, SambaVectors.krbtgt(), SambaVectors.krbtgt());
        assertThat(tgtResigned.encode().hex()).isEqualTo(tgt.encode().hex());
        assertThat(Arrays.equals(tgtResigned.encode().toByteArray(), SambaVectors.pac(SambaVectors.TGT).toByteArray()))
                .isTrue();
    }
}
