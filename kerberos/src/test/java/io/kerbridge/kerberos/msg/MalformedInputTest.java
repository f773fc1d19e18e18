package io.kerbridge.kerberos.msg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kerbridge.kerberos.Bytes;
import io.kerbridge.kerberos.asn1.DerException;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every decoder refuses truncated, wrong-tag, wrong-length, trailing-garbage, indefinite and huge
 * lengths with a {@link DerException}, never with another exception.
 */
class MalformedInputTest {
    static Stream<Arguments> samples() {
        return KrbCodecTest.samples();
    }

    private static void decodeOrTypedError(String name, Bytes der) {
        try {
            Samples.reencode(name, der);
        } catch (DerException expected) {
            // typed refusal: fine
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void everyTruncationIsRefused(String name, Bytes der) {
        for (int len = 0; len < der.length(); len++) {
            Bytes cut = der.slice(0, len);
            assertThatThrownBy(() -> Samples.reencode(name, cut)).as("%s cut to %d", name, len)
                    .isInstanceOf(DerException.class);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void trailingGarbageIsRefused(String name, Bytes der) {
        assertThatThrownBy(() -> Samples.reencode(name, der.concat(Bytes.fromHex("00"))))
                .isInstanceOfSatisfying(DerException.class,
                        e -> assertThat(e.reason()).isEqualTo(DerException.Reason.TRAILING_DATA));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void wrongOuterTagIsRefused(String name, Bytes der) {
        byte[] b = der.toByteArray();
        b[0] = (byte) (b[0] ^ 0x01);
        assertThatThrownBy(() -> Samples.reencode(name, Bytes.wrap(b))).isInstanceOf(DerException.class);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void indefiniteAndHugeLengthsAreRefused(String name, Bytes der) {
        byte[] tag = {der.get(0)};
        assertThatThrownBy(() -> Samples.reencode(name, Bytes.wrap(tag).concat(Bytes.fromHex("80"))
                .concat(der.slice(2, der.length())).concat(Bytes.fromHex("0000"))))
                .isInstanceOfSatisfying(DerException.class,
                        e -> assertThat(e.reason()).isIn(DerException.Reason.INDEFINITE_LENGTH));
        assertThatThrownBy(() -> Samples.reencode(name, Bytes.wrap(tag).concat(Bytes.fromHex("84ffffffff"))))
                .isInstanceOfSatisfying(DerException.class,
                        e -> assertThat(e.reason()).isEqualTo(DerException.Reason.TOO_LARGE));
        assertThatThrownBy(() -> Samples.reencode(name, Bytes.wrap(tag).concat(Bytes.fromHex("83100000"))))
                .isInstanceOfSatisfying(DerException.class,
                        e -> assertThat(e.reason()).isEqualTo(DerException.Reason.BAD_LENGTH));
    }

    /** Random single-byte corruption anywhere: decoded or typed error, nothing else. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void corruptedBytesNeverEscapeAsUncheckedExceptions(String name, Bytes der) {
        Random rnd = new Random(name.hashCode());
        for (int i = 0; i < 2000; i++) {
            byte[] b = der.toByteArray();
            b[rnd.nextInt(b.length)] = (byte) rnd.nextInt(256);
            decodeOrTypedError(name, Bytes.wrap(b));
        }
    }

    @Test
    void aMessageOfAMillionNestedSequencesIsRefusedQuickly() {
        byte[] b = new byte[2_000_000];
        for (int i = 0; i < b.length; i += 2) {
            b[i] = 0x30;
            b[i + 1] = (byte) 0x80;
        }
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> KrbCodec.decode(Bytes.wrap(b))).isInstanceOf(DerException.class);
        assertThat(System.nanoTime() - t0).isLessThan(1_000_000_000L);
    }
}
