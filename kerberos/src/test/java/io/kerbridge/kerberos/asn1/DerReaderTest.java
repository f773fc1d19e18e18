package io.kerbridge.kerberos.asn1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kerbridge.kerberos.Bytes;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DerReaderTest {
    private static DerReader reader(String hex) throws DerException {
        return DerReader.of(Bytes.fromHex(hex));
    }

    @ParameterizedTest
    @CsvSource({"0,020100", "127,02017f", "128,02020080", "-1,0201ff", "-128,020180", "-129,0202ff7f",
            "2147483647,02047fffffff", "2147483648,02050080000000", "-2147483648,020480000000"})
    void integersRoundTripInMinimalForm(long value, String hex) throws DerException {
        assertThat(new DerWriter().integer(value).toBytes().hex()).isEqualTo(hex);
        assertThat(reader(hex).readLong()).isEqualTo(value);
    }

    @Test
    void uint32AcceptsBothTheSignedAndThePositiveForm() throws DerException {
        // MS-KILE 3.1.5.8: kvno 0x7837322C fits; 0x8000_0001 is negative in the Windows form
        assertThat(reader("020480000001").readUInt32Bits() & 0xFFFFFFFFL).isEqualTo(0x80000001L);
        assertThat(reader("02050080000001").readUInt32Bits() & 0xFFFFFFFFL).isEqualTo(0x80000001L);
        assertThatThrownBy(() -> reader("0205010000000001".substring(0, 14)).readUInt32Bits())
                .isInstanceOf(DerException.class);
    }

    @Test
    void longLengthsArePatchedIn() throws DerException {
        DerWriter w = new DerWriter(4);
        int m = w.begin(Der.SEQUENCE);
        w.octetString(Bytes.wrap(new byte[300]));
        w.end(m);
        Bytes der = w.toBytes();
        assertThat(der.slice(0, 4).hex()).isEqualTo("30820130");
        DerReader seq = DerReader.of(der).sequence();
        assertThat(seq.readOctetString().length()).isEqualTo(300);
        seq.expectEnd();
    }

    @Test
    void kerberosTimeRoundTrips() throws DerException {
        Instant t = Instant.parse("2026-11-25T09:30:01Z");
        Bytes der = new DerWriter().kerberosTime(t).toBytes();
        assertThat(new String(der.slice(2, der.length()).toByteArray())).isEqualTo("20261125093001Z");
        assertThat(DerReader.of(der).readKerberosTime()).isEqualTo(t);
    }

    @ParameterizedTest
    @CsvSource({
            "308201,TRUNCATED",              // length octets cut off
            "3080020105,INDEFINITE_LENGTH",
            "3085ffffffffff,TOO_LARGE",
            "3084ffffffff,TOO_LARGE",
            "300602010500,BAD_LENGTH",
            "0403020105,WRONG_TAG",
            "30,TRUNCATED",
            "1f810100,WRONG_TAG"})
    void malformedHeadersAreRefusedWithAReason(String hex, DerException.Reason reason) {
        assertThatThrownBy(() -> reader(hex).sequence().readLong())
                .isInstanceOfSatisfying(DerException.class, e -> assertThat(e.reason()).isEqualTo(reason));
    }

    @Test
    void trailingBytesAreRefused() throws DerException {
        DerReader r = reader("3003020105" + "00");
        r.sequence();
        assertThatThrownBy(r::expectEnd).isInstanceOfSatisfying(DerException.class,
                e -> assertThat(e.reason()).isEqualTo(DerException.Reason.TRAILING_DATA));
    }
}
