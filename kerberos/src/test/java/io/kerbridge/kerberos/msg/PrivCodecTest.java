package io.kerbridge.kerberos.msg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kerbridge.kerberos.Bytes;
import io.kerbridge.kerberos.asn1.DerException;
import io.kerbridge.kerberos.types.AddressType;
import io.kerbridge.kerberos.types.EncType;
import io.kerbridge.kerberos.types.HostAddress;
import java.time.Instant;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** KRB-PRIV / EncKrbPrivPart (RFC 4120 §5.7.1): golden encodings, round trips and malformed input. */
class PrivCodecTest {
    private static final HostAddress LOOPBACK = new HostAddress(AddressType.IPV4, Bytes.fromHex("7f000001"));

    /** Hand-assembled from the §5.7.1 module: user-data "pw", seq-number 0x12345678, s-address 127.0.0.1. */
    static final Bytes ENC_PART_GOLDEN = Bytes.fromHex("7c21301f" + "a00404027077" + "a306020412345678"
            + "a40f300d" + "a003020102" + "a10604047f000001");
    /** pvno 5, msg-type 21, no [2], enc-part {etype 18, cipher abcd}. */
    static final Bytes KRB_PRIV_GOLDEN = Bytes.fromHex("751b3019" + "a003020105" + "a103020115"
            + "a30d300b" + "a003020112" + "a2040402abcd");

    @Test
    void encPartMatchesGoldenAndRoundTrips() throws DerException {
        EncKrbPrivPart p = EncKrbPrivPart.withSequence(Bytes.ascii("pw"), 0x12345678, LOOPBACK);
        assertThat(PrivCodec.encodeEncKrbPrivPart(p)).isEqualTo(ENC_PART_GOLDEN);
        EncKrbPrivPart back = PrivCodec.decodeEncKrbPrivPart(ENC_PART_GOLDEN);
        assertThat(back).isEqualTo(p);
    }

    @Test
    void krbPrivMatchesGoldenAndRoundTrips() throws DerException {
        KrbPriv p = new KrbPriv(new EncryptedData(EncType.AES256_CTS_HMAC_SHA1_96, Optional.empty(),
                Bytes.fromHex("abcd")));
        assertThat(PrivCodec.encodeKrbPriv(p)).isEqualTo(KRB_PRIV_GOLDEN);
        assertThat(PrivCodec.decodeKrbPriv(KRB_PRIV_GOLDEN)).isEqualTo(p);
    }

    @Test
    void allOptionalFieldsRoundTrip() throws DerException {
        EncKrbPrivPart p = new EncKrbPrivPart(Bytes.utf8("pässword"), Optional.of(Instant.parse("2026-11-25T10:00:00Z")),
                Optional.of(999_999), Optional.of(-1), Optional.of(LOOPBACK),
                Optional.of(new HostAddress(AddressType.IPV6, Bytes.fromHex("00000000000000000000000000000001"))));
        assertThat(PrivCodec.decodeEncKrbPrivPart(PrivCodec.encodeEncKrbPrivPart(p))).isEqualTo(p);
        EncKrbPrivPart bare = new EncKrbPrivPart(Bytes.EMPTY, Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty());
        assertThat(PrivCodec.decodeEncKrbPrivPart(PrivCodec.encodeEncKrbPrivPart(bare))).isEqualTo(bare);
    }

    @Test
    void seqNumberAcceptsBothIntegerForms() throws DerException {
        // 0xFFFFFFFF as the signed form (02 01 ff) and as the 5-byte positive form (02 05 00 ff ff ff ff).
        Bytes signed = Bytes.fromHex("7c0b3009" + "a0020400" + "a3030201ff");
        assertThat(PrivCodec.decodeEncKrbPrivPart(signed).seqNumber()).contains(-1);
        Bytes unsigned = Bytes.fromHex("7c0f300d" + "a0020400" + "a307020500ffffffff");
        assertThat(PrivCodec.decodeEncKrbPrivPart(unsigned).seqNumber()).contains(-1);
        // 2^32 is not a UInt32
        Bytes tooBig = Bytes.fromHex("7c0f300d" + "a0020400" + "a30702050100000000");
        assertThatThrownBy(() -> PrivCodec.decodeEncKrbPrivPart(tooBig)).isInstanceOf(DerException.class);
    }

    @Test
    void wrongValuesAreRefused() {
        // msg-type 22, pvno 4, a field [2], the EncKrbCredPart tag instead of 28
        assertThatThrownBy(() -> PrivCodec.decodeKrbPriv(Bytes.fromHex(
                KRB_PRIV_GOLDEN.hex().replace("a103020115", "a103020116")))).isInstanceOf(DerException.class);
        assertThatThrownBy(() -> PrivCodec.decodeKrbPriv(Bytes.fromHex(
                KRB_PRIV_GOLDEN.hex().replace("a003020105", "a003020104")))).isInstanceOf(DerException.class);
        assertThatThrownBy(() -> PrivCodec.decodeKrbPriv(Bytes.fromHex(
                KRB_PRIV_GOLDEN.hex().replace("a30d300b", "a20d300b")))).isInstanceOf(DerException.class);
        assertThatThrownBy(() -> PrivCodec.decodeEncKrbPrivPart(Bytes.fromHex(
                "7d" + ENC_PART_GOLDEN.hex().substring(2)))).isInstanceOf(DerException.class);
        assertThatThrownBy(() -> PrivCodec.decodeKrbPriv(ENC_PART_GOLDEN)).isInstanceOf(DerException.class);
    }

    @Test
    void truncationsAndTrailingBytesAreRefused() {
        for (Bytes der : new Bytes[] {ENC_PART_GOLDEN, KRB_PRIV_GOLDEN}) {
            for (int len = 0; len < der.length(); len++) {
                Bytes cut = der.slice(0, len);
                assertThatThrownBy(() -> decodeEither(cut)).as("cut to %d", len).isInstanceOf(DerException.class);
            }
            assertThatThrownBy(() -> decodeEither(der.concat(Bytes.fromHex("00"))))
                    .isInstanceOfSatisfying(DerException.class,
                            e -> assertThat(e.reason()).isEqualTo(DerException.Reason.TRAILING_DATA));
        }
    }

    @Test
    void randomMutationsOnlyEverGiveTypedErrors() {
        Random rnd = new Random(3244);
        for (int i = 0; i < 5_000; i++) {
            Bytes base = (i % 2 == 0) ? ENC_PART_GOLDEN : KRB_PRIV_GOLDEN;
            byte[] b = base.toByteArray();
            int flips = 1 + rnd.nextInt(4);
            for (int f = 0; f < flips; f++) {
                b[rnd.nextInt(b.length)] = (byte) rnd.nextInt(256);
            }
            Bytes mutated = Bytes.wrap(b);
            try {
                decodeEither(mutated);
            } catch (DerException expected) {
                // typed refusal
            }
        }
    }

    private static Object decodeEither(Bytes der) throws DerException {
        return (der.length() > 0 && (der.get(0) & 0xFF) == 0x75) ? PrivCodec.decodeKrbPriv(der)
                : PrivCodec.decodeEncKrbPrivPart(der);
    }
}
