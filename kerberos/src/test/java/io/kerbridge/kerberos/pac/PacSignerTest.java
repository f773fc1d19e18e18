package io.kerbridge.kerberos.pac;

import static io.kerbridge.kerberos.pac.PacVerification.Status.INVALID;
import static io.kerbridge.kerberos.pac.PacVerification.Status.MISSING;
import static io.kerbridge.kerberos.pac.PacVerification.Status.VALID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kerbridge.kerberos.Bytes;
import io.kerbridge.kerberos.types.ChecksumType;
import io.kerbridge.kerberos.types.EncType;
import io.kerbridge.kerberos.types.EncryptionKey;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Build → sign → verify round trips, RODC partial-TGT PACs (notes §2.3) included. */
class PacSignerTest {
    static final Sid DOMAIN = Sid.parse("S-1-5-21-3701063344-2220051179-3323505125");
    static final Instant AUTHTIME = Instant.parse("2026-11-25T09:00:00Z");

    static EncryptionKey key(EncType t, int len, int seed) {
        byte[] k = new byte[len];
        for (int i = 0; i < len; i++) {
            k[i] = (byte) (seed * 31 + i * 7);
        }
        return new EncryptionKey(t, k);
    }

    static final EncryptionKey RODC_KRBTGT = key(EncType.AES256_CTS_HMAC_SHA1_96, 32, 1);

    /** The minimal partial-TGT PAC of notes §2.3 (impacket's working order), unsigned. */
    static Pac partialTgtPac(String user, int rid) {
        KerbValidationInfo info = KerbValidationInfo.builder()
                .logonTime(FileTime.of(AUTHTIME))
                .effectiveName(user)
                .userId(rid)
                .primaryGroupId(513)
                .groupIds(List.of(GroupMembership.of(513)))
                .logonDomainName("SAMBA")
                .logonDomainId(DOMAIN)
                .userAccountControl(KerbValidationInfo.UAC_NORMAL_ACCOUNT | KerbValidationInfo.UAC_DONT_EXPIRE_PASSWORD)
                .build();
        return Pac.builder()
                .add(info)
                .add(new PacClientInfo(FileTime.of(AUTHTIME), user))
                .add(PacAttributesInfo.of(PacAttributesInfo.PAC_WAS_REQUESTED))
                .add(new PacRequestor(DOMAIN.withRid(rid)))
                .build();
    }

    @ParameterizedTest
    @ValueSource(ints = {30775, 32768, 40000, 65535})
    void partialTgtSignedByAnRodcVerifiesAndCarriesTheRodcId(int rodcId) throws PacException {
        Pac signed = PacSigner.sign(partialTgtPac("alice", 1105), RODC_KRBTGT, RODC_KRBTGT,
                PacSigner.Options.DEFAULT.withRodcId(rodcId));

        assertThat(signed.buffers()).extracting(PacBuffer::type).containsExactly(PacBufferType.LOGON_INFO,
                PacBufferType.CLIENT_INFO, PacBufferType.ATTRIBUTES_INFO, PacBufferType.REQUESTOR,
                PacBufferType.SERVER_CHECKSUM, PacBufferType.PRIVSVR_CHECKSUM);
        PacSignatureData server = signed.serverSignature().orElseThrow();
        PacSignatureData kdc = signed.kdcSignature().orElseThrow();
        assertThat(server.type()).isEqualTo(ChecksumType.HMAC_SHA1_96_AES256);
        assertThat(server.rodcIdentifier()).isEmpty();
        assertThat(kdc.type()).isEqualTo(ChecksumType.HMAC_SHA1_96_AES256);
        assertThat(kdc.rodcIdentifier()).isEqualTo(OptionalInt.of(rodcId));
        assertThat(signed.buffer(PacBufferType.PRIVSVR_CHECKSUM).orElseThrow().data().length()).isEqualTo(4 + 12 + 2);
        // The KDC signature is the last buffer: 18 bytes, then padding to 8.
        assertThat(signed.encode().length() % 8).isZero();

        PacVerification v = PacVerifier.verify(Pac.decode(signed.encode()), RODC_KRBTGT, RODC_KRBTGT);
        assertThat(v).isEqualTo(new PacVerification(VALID, VALID, MISSING, MISSING));

        KerbValidationInfo info = signed.logonInfo().orElseThrow();
        assertThat(info.userSid()).contains(DOMAIN.withRid(1105));
        assertThat(info.effectiveName().value()).isEqualTo("alice");
        assertThat(signed.requestor().orElseThrow().userSid()).isEqualTo(DOMAIN.withRid(1105));
        assertThat(signed.clientInfo().orElseThrow().clientId().toInstant()).isEqualTo(AUTHTIME);
        assertThat(signed.attributesInfo().orElseThrow().pacWasRequested()).isTrue();
    }

    @Test
    void theServerSignatureIsComputedWithTheRodcIdentifierZero() throws PacException {
        // notes §2.8: Samba refuses a server signature computed over a written RODCIdentifier.
        Pac unsigned = partialTgtPac("alice", 1105);
        Pac rodc = PacSigner.sign(unsigned, RODC_KRBTGT, RODC_KRBTGT, PacSigner.Options.DEFAULT.withRodcId(30775));
        byte[] b = rodc.encode().toByteArray();
        int kdcAt = rodc.offsetOf(rodc.indexOf(PacBufferType.PRIVSVR_CHECKSUM));
        java.util.Arrays.fill(b, kdcAt + 4, kdcAt + 18, (byte) 0);
        int serverAt = rodc.offsetOf(rodc.indexOf(PacBufferType.SERVER_CHECKSUM));
        java.util.Arrays.fill(b, serverAt + 4, serverAt + 16, (byte) 0);
        Bytes serverSig = io.kerbridge.kerberos.crypto.Checksums.find(ChecksumType.HMAC_SHA1_96_AES256).orElseThrow()
                .compute(RODC_KRBTGT, PacChecksums.USAGE, Bytes.wrap(b)).value();
        assertThat(rodc.serverSignature().orElseThrow().signature()).isEqualTo(serverSig);
    }

    @Test
    void theRodcIdentifierIsNotCoveredBySignaturesButSelectsTheKey() throws PacException {
        Pac signed = PacSigner.sign(partialTgtPac("alice", 1105), RODC_KRBTGT, RODC_KRBTGT,
                PacSigner.Options.DEFAULT.withRodcId(30775));
        byte[] b = signed.encode().toByteArray();
        int kdcAt = signed.offsetOf(signed.indexOf(PacBufferType.PRIVSVR_CHECKSUM));
        b[kdcAt + 16] = 0x01;
        b[kdcAt + 17] = 0x00;
        Pac other = Pac.decode(Bytes.wrap(b));
        assertThat(other.kdcSignature().orElseThrow().rodcIdentifier()).isEqualTo(OptionalInt.of(1));
        // Same signatures: a verifier must pick the krbtgt key by this number (and fail with the wrong key).
        assertThat(PacVerifier.verify(other, RODC_KRBTGT, RODC_KRBTGT).isValid()).isTrue();
        EncryptionKey otherRodc = key(EncType.AES256_CTS_HMAC_SHA1_96, 32, 2);
        assertThat(PacVerifier.verify(other, RODC_KRBTGT, otherRodc).kdc()).isEqualTo(INVALID);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 30775, 40000})
    void serviceTicketPacWithTicketAndFullSignatures(int rodcId) throws PacException {
        EncryptionKey service = key(EncType.AES128_CTS_HMAC_SHA1_96, 16, 3);
        Bytes ticketData = Bytes.ascii("stand-in for the EncTicketPart with the PAC replaced by 00");
        Pac signed = PacSigner.sign(partialTgtPac("bob", 1200), service, RODC_KRBTGT,
                PacSigner.Options.serviceTicket(ticketData).withRodcId(rodcId));
        assertThat(signed.buffers()).extracting(PacBuffer::type).endsWith(PacBufferType.SERVER_CHECKSUM,
                PacBufferType.PRIVSVR_CHECKSUM, PacBufferType.TICKET_CHECKSUM, PacBufferType.FULL_CHECKSUM);
        assertThat(signed.serverSignature().orElseThrow().type()).isEqualTo(ChecksumType.HMAC_SHA1_96_AES128);
        OptionalInt expectedRodc = rodcId == 0 ? OptionalInt.empty() : OptionalInt.of(rodcId);
        for (PacSignatureKind k : List.of(PacSignatureKind.KDC, PacSignatureKind.TICKET, PacSignatureKind.FULL)) {
            assertThat(signed.signature(k).orElseThrow().rodcIdentifier()).as(k.name()).isEqualTo(expectedRodc);
        }
        PacVerification v = PacVerifier.verify(signed, Optional.of(service), Optional.of(RODC_KRBTGT),
                Optional.of(ticketData));
        assertThat(v.isValid(EnumSet.allOf(PacSignatureKind.class))).isTrue();

        PacVerification wrongTicket = PacVerifier.verify(signed, Optional.of(service), Optional.of(RODC_KRBTGT),
                Optional.of(Bytes.ascii("another ticket")));
        assertThat(wrongTicket).isEqualTo(new PacVerification(VALID, VALID, INVALID, VALID));
    }

    @ParameterizedTest
    @CsvSource({"17,16,15,12", "18,32,16,12", "23,16,-138,16", "19,16,19,16", "20,32,20,24"})
    void checksumTypeAndSizeFollowTheKey(int etype, int keyLength, int checksumType, int size) throws PacException {
        EncryptionKey k = key(EncType.of(etype), keyLength, 9);
        assertThat(PacChecksums.checksumTypeFor(k.type())).isEqualTo(ChecksumType.of(checksumType));
        Pac signed = PacSigner.sign(partialTgtPac("carol", 1300), k, k);
        PacSignatureData server = signed.serverSignature().orElseThrow();
        assertThat(server.type().value()).isEqualTo(checksumType);
        assertThat(server.signature().length()).isEqualTo(size);
        assertThat(PacVerifier.verify(Pac.decode(signed.encode()), k, k).isValid()).isTrue();
    }

    @Test
    void resigningReplacesOldSignatures() throws PacException {
        EncryptionKey a = key(EncType.AES256_CTS_HMAC_SHA1_96, 32, 4);
        EncryptionKey b = key(EncType.RC4_HMAC, 16, 5);
        Pac once = PacSigner.sign(partialTgtPac("dave", 1400), a, a,
                PacSigner.Options.serviceTicket(Bytes.ascii("t")).withRodcId(7));
        Pac twice = PacSigner.sign(once, b, a);
        assertThat(twice.buffers()).filteredOn(x -> x.type().isSignature()).hasSize(2);
        assertThat(twice.kdcSignature().orElseThrow().rodcIdentifier()).isEmpty();
        assertThat(PacVerifier.verify(twice, b, a).isValid()).isTrue();
        assertThat(PacVerifier.verify(twice, a, a).server()).isEqualTo(PacVerification.Status.WRONG_CHECKSUM_TYPE);
    }

    @Test
    void unknownBuffersSurviveSigningAndRoundTrips() throws PacException {
        PacBuffer claims = new PacBuffer(PacBufferType.of(0x7777), Bytes.fromHex("0102030405"));
        Pac pac = partialTgtPac("erin", 1500).toBuilder().add(claims).build();
        Pac signed = PacSigner.sign(pac, RODC_KRBTGT, RODC_KRBTGT);
        Pac again = Pac.decode(signed.encode());
        assertThat(again.buffer(PacBufferType.of(0x7777))).contains(claims);
        assertThat(again.encode()).isEqualTo(signed.encode());
        assertThat(PacVerifier.verify(again, RODC_KRBTGT, RODC_KRBTGT).isValid()).isTrue();
    }

    @Test
    void keysWithoutAPacChecksumAreRefused() {
        EncryptionKey des = key(EncType.DES_CBC_MD5, 8, 6);
        assertThatThrownBy(() -> PacSigner.sign(partialTgtPac("x", 1), des, RODC_KRBTGT))
                .isInstanceOfSatisfying(PacException.class,
                        e -> assertThat(e.reason()).isEqualTo(PacException.Reason.UNSUPPORTED_CHECKSUM));
    }

    @Test
    void optionsRefuseRodcNumbersAbove16Bits() {
        assertThatThrownBy(() -> PacSigner.Options.DEFAULT.withRodcId(0x10000))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
