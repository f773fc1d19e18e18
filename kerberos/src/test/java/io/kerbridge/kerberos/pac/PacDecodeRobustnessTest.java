package io.kerbridge.kerberos.pac;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kerbridge.kerberos.Bytes;
import io.kerbridge.kerberos.pac.PacException.Reason;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Garbage in → a PacException with the right reason, never anything else. */
class PacDecodeRobustnessTest {

    interface Decode {
        void run() throws Exception;
    }

    static void refused(Reason reason, Decode d) {
        assertThatThrownBy(d::run).isInstanceOfSatisfying(PacException.class,
                e -> assertThat(e.reason()).as(e.getMessage()).isEqualTo(reason));
    }

    /** A PACTYPE header with the given descriptors {type, size, offset} followed by {@code body} zero bytes. */
    static Bytes pac(int version, long[][] entries, int body) {
        NdrWriter w = new NdrWriter().u32(entries.length).u32(version);
        for (long[] e : entries) {
            w.u32((int) e[0]).u32((int) e[1]).u64(e[2]);
        }
        return w.zeros(body).toBytes();
    }

    /** Decodes the PAC and every buffer the way a consumer would. */
    static void decodeAll(Bytes data) throws PacException {
        Pac pac = Pac.decode(data);
        pac.logonInfo();
        pac.clientInfo();
        pac.upnDnsInfo();
        pac.attributesInfo();
        pac.requestor();
        for (PacSignatureKind k : PacSignatureKind.values()) {
            pac.signature(k);
        }
    }

    @Test
    void headerRefusals() {
        refused(Reason.TRUNCATED, () -> Pac.decode(Bytes.EMPTY));
        refused(Reason.TRUNCATED, () -> Pac.decode(Bytes.fromHex("01000000000000")));
        refused(Reason.BAD_VERSION, () -> Pac.decode(pac(1, new long[0][], 0)));
        refused(Reason.BAD_COUNT, () -> Pac.decode(Bytes.fromHex("ffffffff00000000")));
        refused(Reason.BAD_COUNT, () -> Pac.decode(pac(0, new long[][] {{1, 8, 24}}, 0).slice(0, 20)));
        assertThat(catchNothing(() -> Pac.decode(pac(0, new long[0][], 0)).buffers())).isEmpty();
    }

    @Test
    void offsetRefusals() {
        refused(Reason.BAD_OFFSET, () -> Pac.decode(pac(0, new long[][] {{1, 8, 8}}, 16)));
        refused(Reason.BAD_OFFSET, () -> Pac.decode(pac(0, new long[][] {{1, 8, 64}}, 16)));
        refused(Reason.BAD_OFFSET, () -> Pac.decode(pac(0, new long[][] {{1, 8, 0x1_0000_0018L}}, 16)));
        refused(Reason.BAD_OFFSET, () -> Pac.decode(pac(0, new long[][] {{1, 8, -8L}}, 16)));
        refused(Reason.MISALIGNED, () -> Pac.decode(pac(0, new long[][] {{1, 4, 28}}, 16)));
        refused(Reason.TRUNCATED, () -> Pac.decode(pac(0, new long[][] {{1, 17, 24}}, 16)));
        refused(Reason.TRUNCATED, () -> Pac.decode(pac(0, new long[][] {{1, 0xFFFF_FFFFL, 24}}, 16)));
    }

    @Test
    void overlapAndDuplicateRefusals() {
        refused(Reason.OVERLAP, () -> Pac.decode(pac(0, new long[][] {{1, 8, 40}, {10, 8, 40}}, 16)));
        refused(Reason.OVERLAP, () -> Pac.decode(pac(0, new long[][] {{1, 16, 40}, {10, 8, 48}}, 24)));
        refused(Reason.OVERLAP, () -> Pac.decode(pac(0, new long[][] {{10, 8, 48}, {1, 16, 40}}, 24)));
        refused(Reason.DUPLICATE_BUFFER, () -> Pac.decode(pac(0, new long[][] {{6, 8, 40}, {6, 8, 48}}, 16)));
        // Unknown types may repeat; empty buffers share no bytes.
        assertThat(catchNothing(() -> Pac.decode(pac(0, new long[][] {{99, 8, 56}, {99, 0, 56}, {99, 8, 64}}, 16))
                .buffers())).hasSize(3);
    }

    @Test
    void everyPrefixOfARealPacIsRefused() {
        Bytes raw = SambaVectors.pac(SambaVectors.SERVICE_AES);
        for (int n = 0; n < raw.length(); n++) {
            int cut = n;
            assertThatThrownBy(() -> Pac.decode(raw.slice(0, cut))).as("prefix " + cut)
                    .isInstanceOf(PacException.class);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {SambaVectors.TGT, SambaVectors.SERVICE_AES, SambaVectors.SERVICE_RC4})
    void everySingleByteMutationDecodesOrIsRefused(String ticket) {
        byte[] raw = SambaVectors.pac(ticket).toByteArray();
        for (int i = 0; i < raw.length; i++) {
            for (int x : new int[] {0x01, 0x80, 0xFF}) {
                byte[] m = raw.clone();
                m[i] ^= (byte) x;
                try {
                    decodeAll(Bytes.wrap(m));
                } catch (PacException expected) {
                    // refused with a reason: fine
                }
            }
        }
    }

    // ------------------------------------------------------------- NDR / KERB_VALIDATION_INFO

    static byte[] logonInfo() throws PacException {
        return Pac.decode(SambaVectors.pac(SambaVectors.TGT)).buffer(PacBufferType.LOGON_INFO).orElseThrow()
                .data().toByteArray();
    }

    static void putU32(byte[] b, int at, long v) {
        for (int i = 0; i < 4; i++) {
            b[at + i] = (byte) (v >>> (8 * i));
        }
    }

    static int indexOf(byte[] b, String hex) {
        byte[] p = HexFormat.of().parseHex(hex);
        outer:
        for (int i = 0; i + p.length <= b.length; i++) {
            for (int j = 0; j < p.length; j++) {
                if (b[i + j] != p[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("pattern not found");
    }

    @Test
    void ndrHeaderRefusals() throws PacException {
        byte[] b = logonInfo();
        byte[] v2 = b.clone();
        v2[0] = 2;
        refused(Reason.BAD_HEADER, () -> KerbValidationInfo.decode(Bytes.wrap(v2)));
        byte[] bigEndian = b.clone();
        bigEndian[1] = 0x00;
        refused(Reason.BAD_HEADER, () -> KerbValidationInfo.decode(Bytes.wrap(bigEndian)));
        byte[] headerLength = b.clone();
        headerLength[2] = 0x10;
        refused(Reason.BAD_HEADER, () -> KerbValidationInfo.decode(Bytes.wrap(headerLength)));
        byte[] tooLong = b.clone();
        putU32(tooLong, 8, b.length - 15);
        refused(Reason.TRUNCATED, () -> KerbValidationInfo.decode(Bytes.wrap(tooLong)));
        byte[] nullTop = b.clone();
        putU32(nullTop, 16, 0);
        refused(Reason.BAD_POINTER, () -> KerbValidationInfo.decode(Bytes.wrap(nullTop)));
        refused(Reason.TRUNCATED, () -> KerbValidationInfo.decode(Bytes.wrap(b).slice(0, 15)));
    }

    @Test
    void everyTruncationOfTheNdrObjectIsRefused() throws PacException {
        byte[] b = logonInfo();
        int dataEnd = b.length;
        while (b[dataEnd - 1] == 0) {
            dataEnd--; // the last deferred value (the S-1-18-1 SID) ends in a non-zero byte
        }
        for (int n = 16; n < dataEnd; n++) {
            byte[] cut = java.util.Arrays.copyOf(b, n);
            putU32(cut, 8, n - 16);
            int at = n;
            assertThatThrownBy(() -> KerbValidationInfo.decode(Bytes.wrap(cut))).as("cut at " + at)
                    .isInstanceOfSatisfying(PacException.class,
                            e -> assertThat(e.reason()).isIn(Reason.TRUNCATED, Reason.BAD_COUNT));
        }
    }

    @Test
    void hugeAndInconsistentCounts() throws PacException {
        byte[] b = logonInfo();
        int groupCountAt = 16 + 112;
        byte[] mismatch = b.clone();
        putU32(mismatch, groupCountAt, 4);
        refused(Reason.BAD_COUNT, () -> KerbValidationInfo.decode(Bytes.wrap(mismatch)));

        byte[] huge = b.clone();
        putU32(huge, groupCountAt, 0x7FFF_FFFFL);
        putU32(huge, indexOf(b, "030000000102000007000000"), 0x7FFF_FFFFL);
        refused(Reason.BAD_COUNT, () -> KerbValidationInfo.decode(Bytes.wrap(huge)));

        byte[] nullGroups = b.clone();
        putU32(nullGroups, groupCountAt + 4, 0);
        refused(Reason.BAD_POINTER, () -> KerbValidationInfo.decode(Bytes.wrap(nullGroups)));

        byte[] hugeSidCount = b.clone();
        int sidCountAt = 16 + 200;
        putU32(hugeSidCount, sidCountAt, 0xFFFF_FFFFL);
        refused(Reason.BAD_COUNT, () -> KerbValidationInfo.decode(Bytes.wrap(hugeSidCount)));
    }

    @Test
    void inconsistentStrings() throws PacException {
        byte[] b = logonInfo();
        int effectiveNameAt = 16 + 52;
        byte[] odd = b.clone();
        odd[effectiveNameAt] = 13;
        refused(Reason.BAD_STRING, () -> KerbValidationInfo.decode(Bytes.wrap(odd)));
        byte[] longer = b.clone();
        longer[effectiveNameAt] = 16; // Length > MaximumLength (14)
        refused(Reason.BAD_STRING, () -> KerbValidationInfo.decode(Bytes.wrap(longer)));
        byte[] nullWithLength = b.clone();
        putU32(nullWithLength, effectiveNameAt + 4, 0);
        refused(Reason.BAD_STRING, () -> KerbValidationInfo.decode(Bytes.wrap(nullWithLength)));
        byte[] offset = b.clone();
        // deferred EffectiveName: MaxCount 7, Offset 0, ActualCount 7, "pacuser"
        putU32(offset, indexOf(b, "07000000000000000700000070006100") + 4, 1);
        refused(Reason.BAD_STRING, () -> KerbValidationInfo.decode(Bytes.wrap(offset)));
    }

    @Test
    void sidRefusals() {
        refused(Reason.BAD_SID, () -> Sid.decode(Bytes.fromHex("0210000000000005")));
        refused(Reason.BAD_SID, () -> Sid.decode(Bytes.fromHex("0110000000000005")));
        refused(Reason.TRUNCATED, () -> Sid.decode(Bytes.fromHex("010200000000000515000000")));
        refused(Reason.BAD_SID, () -> Sid.decode(Bytes.fromHex("01010000000000051500000000")));
    }

    @Test
    void bufferRefusals() {
        refused(Reason.BAD_VALUE, () -> PacSignatureData.decode(Bytes.fromHex("10000000" + "00".repeat(12) + "000000")));
        refused(Reason.TRUNCATED, () -> PacSignatureData.decode(Bytes.fromHex("10000000" + "00".repeat(11))));
        refused(Reason.TRUNCATED, () -> PacSignatureData.decode(Bytes.fromHex("100000")));
        refused(Reason.TRUNCATED, () -> PacAttributesInfo.decode(Bytes.fromHex("ffffffff01000000")));
        refused(Reason.TRUNCATED, () -> PacClientInfo.decode(Bytes.fromHex("0000000000000000feff4100")));
        refused(Reason.BAD_STRING, () -> PacClientInfo.decode(Bytes.fromHex("0000000000000000010041")));
        refused(Reason.BAD_OFFSET, () -> UpnDnsInfo.decode(Bytes.fromHex("0200f0ff0000100000000000")));
        refused(Reason.BAD_STRING, () -> UpnDnsInfo.decode(Bytes.fromHex("01000c00000010000000000041")));
        refused(Reason.TRUNCATED, () -> UpnDnsInfo.decode(Bytes.fromHex("000000000000000002000000")));
        // Unknown signature types keep all bytes as the signature.
        assertThat(catchNothing(() -> PacSignatureData.decode(Bytes.fromHex("0700000001020304")).signature()))
                .isEqualTo(Bytes.fromHex("01020304"));
    }

    interface Call<T> {
        T call() throws Exception;
    }

    static <T> T catchNothing(Call<T> c) {
        try {
            return c.call();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
