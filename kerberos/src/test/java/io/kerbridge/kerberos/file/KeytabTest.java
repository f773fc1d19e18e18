package io.kerbridge.kerberos.file;

import static org.assertj.core.api.Assertions.assertThat;

import io.kerbridge.kerberos.types.EncType;
import io.kerbridge.kerberos.types.EncryptionKey;
import io.kerbridge.kerberos.types.PrincipalName;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class KeytabTest {
    static final PrincipalName SVC = PrincipalName.parse("HTTP/a.example.test");
    static final Instant TS = Instant.ofEpochSecond(1_800_000_000L);

    @Test
    void mitKtaddFileRoundTripsByteExactly() throws Exception {
        byte[] mit = CcacheTest.resource("mit-ktadd.keytab");
        Keytab kt = Keytab.decode(mit);
        assertThat(kt.entries()).hasSize(4);
        assertThat(kt.keysFor(PrincipalName.parse("HTTP/localhost"), "EXAMPLE.TEST"))
                .extracting(e -> e.key().type())
                .containsExactly(EncType.AES256_CTS_HMAC_SHA1_96, EncType.AES256_CTS_HMAC_SHA384_192);
        assertThat(kt.encode()).isEqualTo(mit);
    }

    @Test
    void holesFromKtremoveAreSkipped() throws Exception {
        Keytab kt = Keytab.decode(CcacheTest.resource("mit-ktremove-holes.keytab"));
        assertThat(kt.entries()).extracting(e -> e.principal().toString()).containsOnly("HTTP/localhost");
        assertThat(kt.entries()).hasSize(2);
    }

    @Test
    void kvnoLowByteIsKeptAndTheExtensionCarriesAll32Bits() throws Exception {
        int rodc = (30775 << 16) | 1;
        Keytab kt = Keytab.empty()
                .add(SVC, "EXAMPLE.TEST", 5, key(), TS)
                .add(SVC, "EXAMPLE.TEST", 300, key(), TS)
                .add(SVC, "EXAMPLE.TEST", rodc, key(), TS)
                .add(SVC, "EXAMPLE.TEST", -1, key(), TS);
        byte[] b = kt.encode();
        Keytab back = Keytab.decode(b);
        assertThat(back.entries()).extracting(KeytabEntry::kvno).containsExactly(5, 300, rodc, -1);
        assertThat(back.entries()).isEqualTo(kt.entries());
        // entry 2 (kvno 300): 8-bit field is 300 & 0xff = 44, the last 4 bytes are 0x0000012c
        ByteBuffer bb = ByteBuffer.wrap(b);
        bb.position(2);
        int size1 = bb.getInt();
        bb.position(2 + 4 + size1);
        int size2 = bb.getInt();
        int start2 = bb.position();
        assertThat(bb.getInt(start2 + size2 - 4)).isEqualTo(300);
        int vno8Offset = start2 + size2 - 4 - 32 - 2 - 2 - 1;
        assertThat(b[vno8Offset] & 0xff).isEqualTo(44);
        assertThat(back.key(SVC, "EXAMPLE.TEST", rodc, EncType.AES256_CTS_HMAC_SHA1_96)).isPresent();
        assertThat(back.key(SVC, "EXAMPLE.TEST", 6, EncType.AES256_CTS_HMAC_SHA1_96)).isEmpty();
    }

    @Test
    void entriesWithoutTheExtensionOrWithAZeroExtensionUseThe8BitKvno() throws Exception {
        // 0502, size, 1 component, realm "R", "a", name type 1, ts, vno8 7, enctype 17, key len 16
        String entry = "0001" + "0001" + "52" + "0001" + "61" + "00000001" + "6b000000" + "07" + "0011" + "0010"
                + "00".repeat(16);
        byte[] noExt = HexFormat.of().parseHex("0502" + String.format("%08x", entry.length() / 2) + entry);
        assertThat(Keytab.decode(noExt).entries().get(0).kvno()).isEqualTo(7);
        String withZero = entry + "00000000";
        byte[] zeroExt = HexFormat.of().parseHex("0502" + String.format("%08x", withZero.length() / 2) + withZero);
        assertThat(Keytab.decode(zeroExt).entries().get(0).kvno()).isEqualTo(7);
        // a zero record length ends the entries (MIT pads with zeros)
        byte[] padded = HexFormat.of().parseHex("0502" + String.format("%08x", entry.length() / 2) + entry + "00000000ffff");
        assertThat(Keytab.decode(padded).entries()).hasSize(1);
    }

    private static EncryptionKey key() {
        return new EncryptionKey(EncType.AES256_CTS_HMAC_SHA1_96, new byte[32]);
    }
}
