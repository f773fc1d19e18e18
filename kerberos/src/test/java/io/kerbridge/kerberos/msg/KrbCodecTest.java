package io.kerbridge.kerberos.msg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kerbridge.kerberos.Bytes;
import io.kerbridge.kerberos.asn1.DerException;
import io.kerbridge.kerberos.types.EncType;
import io.kerbridge.kerberos.types.PaDataType;
import java.util.Map;
import java.util.stream.Stream;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Primitive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class KrbCodecTest {
    static Stream<Arguments> samples() {
        return Samples.encodings().entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void decodeEncodeIsByteIdentical(String name, Bytes der) throws DerException {
        assertThat(Samples.reencode(name, der)).isEqualTo(der);
    }

    /** BouncyCastle as an independent oracle: our output is DER, and BC re-encodes it unchanged. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void bouncyCastleAgreesTheEncodingIsDer(String name, Bytes der) throws Exception {
        ASN1Primitive parsed = ASN1Primitive.fromByteArray(der.toByteArray());
        assertThat(Bytes.wrap(parsed.getEncoded(ASN1Encoding.DER))).isEqualTo(der);
    }

    @Test
    void theRecordsSurviveARoundTrip() throws DerException {
        KdcReq req = KrbCodec.decodeKdcReq(KrbCodec.encodeKdcReq(Samples.tgsReq()));
        assertThat(req.body().value()).isEqualTo(Samples.body());
        assertThat(req.body().value().etypes()).contains(EncType.of(99)); // unknown etype survives
        assertThat(req.findPadata(PaDataType.of(4242))).isPresent();      // unknown padata type survives
        assertThat(KrbCodec.decodeKrbError(KrbCodec.encodeKrbError(Samples.error()))).isEqualTo(Samples.error());
    }

    @Test
    void rodcKvnoIsEncodedAsASignedInt32() throws DerException {
        Bytes der = KrbCodec.encodeEncryptedData(Samples.ENC);
        // a1 06 02 04 9c 40 00 03: four bytes, negative (0x9c40 = 40000); never the 5-byte positive form
        assertThat(der.hex()).contains("a10602049c400003");
        EncryptedData back = KrbCodec.decodeEncryptedData(der);
        assertThat(back.rodcNumber()).isEqualTo(40000);
        assertThat(back.kvnoUnsigned() & 0xFFFF).isEqualTo(3);
    }

    @Test
    void kvnoInThePositiveFiveByteFormIsAcceptedToo() throws DerException {
        Bytes positive = Bytes.fromHex("3015a003020112a10702050098ca0001a2050403010203".replace("3015", "3016"));
        // etype 18, kvno 0x98ca0001 as 5-byte positive INTEGER, cipher 010203
        Bytes der = Bytes.fromHex("3017" + "a003020112" + "a107020500" + "98ca0001" + "a2070405" + "0102030405");
        EncryptedData e = KrbCodec.decodeEncryptedData(der);
        assertThat(e.kvnoUnsigned()).isEqualTo(0x98ca0001L);
        assertThat(e.rodcNumber()).isEqualTo(0x98ca);
        assertThat(positive.length()).isPositive();
    }

    @Test
    void reqBodyBytesAreTheReceivedOnes() throws DerException {
        KdcReq req = Samples.tgsReq();
        Bytes wire = KrbCodec.encodeKdcReq(req);
        KdcReq back = KrbCodec.decodeKdcReq(wire);
        assertThat(back.body().der()).isEqualTo(KrbCodec.encodeKdcReqBody(Samples.body()));
        assertThat(wire.hex()).contains(back.body().der().hex());
    }

    @Test
    void dispatchByApplicationTag() throws DerException {
        for (Map.Entry<String, Bytes> e : Samples.encodings().entrySet()) {
            if (KrbCodec.peekMessageType(e.getValue()).map(t -> Stream.of(10, 11, 12, 13, 14, 15, 22, 30)
                    .anyMatch(v -> v == t.value())).orElse(false)) {
                assertThat(KrbCodec.encode(KrbCodec.decode(e.getValue()))).isEqualTo(e.getValue());
            }
        }
        assertThatThrownBy(() -> KrbCodec.decode(Bytes.fromHex("3000"))).isInstanceOf(DerException.class);
    }

    @Test
    void supportedEnctypesReadsDerAndLittleEndian() throws DerException {
        assertThat(PaCodec.decodeSupportedEnctypes(PaCodec.encodeSupportedEnctypes(0x1c))).isEqualTo(0x1c);
        assertThat(PaCodec.decodeSupportedEnctypes(Bytes.fromHex("1c000000"))).isEqualTo(0x1c);
    }
}
