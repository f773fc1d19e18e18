package io.kerbridge.kerberos.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kerbridge.kerberos.file.KerberosFileException.Reason;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Truncated, garbage and huge-length inputs give a typed exception, never an unchecked one or an OOM. */
class MalformedFilesTest {
    private static final HexFormat HEX = HexFormat.of();

    interface Decoder {
        Object decode(byte[] b) throws KerberosFileException;
    }

    @Test
    void everyTruncationOfAnMitCcacheDecodesOrIsTyped() throws Exception {
        everyPrefix(CcacheTest.resource("mit-kinit-kvno.ccache"), Ccache::decode);
    }

    @Test
    void everyTruncationOfAnMitKeytabDecodesOrIsTyped() throws Exception {
        everyPrefix(CcacheTest.resource("mit-ktadd.keytab"), Keytab::decode);
    }

    private static void everyPrefix(byte[] full, Decoder d) {
        int typed = 0;
        for (int n = 0; n < full.length; n++) {
            byte[] prefix = java.util.Arrays.copyOf(full, n);
            try {
                d.decode(prefix);
            } catch (KerberosFileException e) {
                typed++;
                assertThat(e.reason()).isIn(Reason.TRUNCATED, Reason.UNSUPPORTED_VERSION);
            }
        }
        assertThat(typed).isGreaterThan(full.length - 10);
    }

    @Test
    void randomGarbageAndBitFlipsDecodeOrAreTyped() throws Exception {
        Random r = new Random(42);
        byte[] cc = CcacheTest.resource("mit-kinit-kvno.ccache");
        byte[] kt = CcacheTest.resource("mit-ktadd.keytab");
        for (int i = 0; i < 3000; i++) {
            byte[] g = new byte[r.nextInt(64)];
            r.nextBytes(g);
            decodeOrTyped(g, Ccache::decode);
            decodeOrTyped(g, Keytab::decode);
            byte[] c = cc.clone();
            c[r.nextInt(c.length)] ^= (byte) (1 << r.nextInt(8));
            decodeOrTyped(c, Ccache::decode);
            byte[] k = kt.clone();
            k[r.nextInt(k.length)] ^= (byte) (1 << r.nextInt(8));
            decodeOrTyped(k, Keytab::decode);
        }
    }

    static void decodeOrTyped(byte[] b, Decoder d) {
        try {
            d.decode(b);
        } catch (KerberosFileException expected) {
            // typed
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "empty, '', TRUNCATED",
        "bad version, 0502000c0001000800000000000000000000000100000001, UNSUPPORTED_VERSION",
        "v1 native order, 0501, UNSUPPORTED_VERSION",
        "header longer than file, 05040fff0001, TRUNCATED",
        "offset tag of 4 bytes, 050400080001000400000000, MALFORMED",
        "4G components, 0504000000000001ffffffff, TOO_LARGE",
        "components cannot fit, 050400000000000100000030, TRUNCATED",
        "2G realm length, 05040000000000010000000100000000" + "7fffffff, TOO_LARGE",
        "realm longer than file, 050400000000000100000001000000ff41, TRUNCATED",
        "invalid utf-8 realm, 050400000000000100000000" + "00000002c328, MALFORMED",
    })
    void ccacheRejects(String name, String hex, Reason reason) {
        assertThatThrownBy(() -> Ccache.decode(HEX.parseHex(hex)))
                .isInstanceOfSatisfying(KerberosFileException.class, e -> assertThat(e.reason()).isEqualTo(reason));
    }

    @Test
    void ccacheRejectsHugeTicketAndAddressCounts() throws Exception {
        byte[] mit = CcacheTest.resource("mit-kinit-kvno.ccache");
        Ccache cc = Ccache.decode(mit);
        // make a one-credential file and patch the ticket length to 0x7fffffff
        var tgt = cc.initialTgt().orElseThrow();
        byte[] one = new Ccache(cc.defaultPrincipal(), cc.realm(), java.util.List.of(tgt), java.util.List.of(),
                java.util.Optional.empty()).encode();
        int ticketLenAt = one.length - 4 - tgt.ticket().length() - 4;
        byte[] huge = one.clone();
        huge[ticketLenAt] = 0x7f;
        assertThatThrownBy(() -> Ccache.decode(huge)).isInstanceOfSatisfying(KerberosFileException.class,
                e -> assertThat(e.reason()).isEqualTo(Reason.TOO_LARGE));
        byte[] big = one.clone();
        big[ticketLenAt + 1] = 0x10; // 1 MiB: allowed size but not present
        assertThatThrownBy(() -> Ccache.decode(big)).isInstanceOfSatisfying(KerberosFileException.class,
                e -> assertThat(e.reason()).isEqualTo(Reason.TRUNCATED));
        // address count (just before authdata count and the ticket) set to 0x10000000
        int addrCountAt = ticketLenAt - 4 - 4;
        byte[] addrs = one.clone();
        addrs[addrCountAt] = 0x10;
        assertThatThrownBy(() -> Ccache.decode(addrs)).isInstanceOfSatisfying(KerberosFileException.class,
                e -> assertThat(e.reason()).isEqualTo(Reason.TOO_LARGE));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "empty, '', TRUNCATED",
        "ccache version, 0504, UNSUPPORTED_VERSION",
        "v1, 0501, UNSUPPORTED_VERSION",
        "record longer than file, 05020000ffff0001, TRUNCATED",
        "max record length, 05027fffffff, TRUNCATED",
        "hole longer than file, 0502ffffff0000, TRUNCATED",
        "min int hole, 050280000000, TRUNCATED",
        "short length, 05020000, TRUNCATED",
        "components cannot fit, 050200000004ffff0000, TOO_LARGE",
        "entry ends early, 0502000000040001000152, TRUNCATED",
    })
    void keytabRejects(String name, String hex, Reason reason) {
        assertThatThrownBy(() -> Keytab.decode(HEX.parseHex(hex)))
                .isInstanceOfSatisfying(KerberosFileException.class, e -> assertThat(e.reason()).isEqualTo(reason));
    }

    @Test
    void filesAboveTheSizeCapAreRejectedBeforeReading(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("sparse");
        try (var ch = java.nio.channels.FileChannel.open(f, java.nio.file.StandardOpenOption.CREATE_NEW,
                java.nio.file.StandardOpenOption.WRITE)) {
            ch.write(java.nio.ByteBuffer.wrap(new byte[] {5, 4}), Ccache.MAX_FILE_SIZE + 10);
        }
        assertThatThrownBy(() -> Ccache.read(f)).isInstanceOfSatisfying(KerberosFileException.class,
                e -> assertThat(e.reason()).isEqualTo(Reason.TOO_LARGE));
        assertThatThrownBy(() -> Keytab.read(f)).isInstanceOfSatisfying(KerberosFileException.class,
                e -> assertThat(e.reason()).isEqualTo(Reason.TOO_LARGE));
        Files.delete(f);
    }
}
