package io.kerbridge.kerberos.crypto;

/**
 * n-fold (RFC 3961 §5.1): replicate the input to the least common multiple of the input and
 * output lengths, each copy rotated right by 13 bits more than the previous, then add the
 * output-sized chunks with ones'-complement (end-around carry) addition.
 */
final class NFold {
    /** n-fold of the derivation constants (usage ‖ 0x99/0xAA/0x55), by input and output size. */
    private static final java.util.concurrent.ConcurrentHashMap<Long, byte[]> CONSTANTS =
            new java.util.concurrent.ConcurrentHashMap<>();
    private static final int MAX_CACHED = 4096;

    private NFold() {}

    /**
     * {@link #fold}, remembered for inputs of at most 5 octets (the usage constants): key derivation folds the
     * same few constants on every request (issue 9: 4 % of a TGS request). Returns a copy the caller may modify.
     */
    static byte[] foldConstant(byte[] in, int outBytes) {
        if (in.length > 5 || outBytes > 0xFFFF) {
            return fold(in, outBytes);
        }
        long key = ((long) outBytes << 44) | ((long) in.length << 40);
        for (byte b : in) {
            key = (key & ~0xFF_FFFF_FFFFL) | ((key << 8) & 0xFF_FFFF_FFFFL) | (b & 0xFF);
        }
        byte[] v = CONSTANTS.get(key);
        if (v == null) {
            v = fold(in, outBytes);
            if (CONSTANTS.size() < MAX_CACHED) {
                CONSTANTS.putIfAbsent(key, v);
            }
        }
        return v.clone();
    }

    /** Folds {@code in} (non-empty) to {@code outBytes} octets. */
    static byte[] fold(byte[] in, int outBytes) {
        if (in.length == 0 || outBytes <= 0) {
            throw new IllegalArgumentException("n-fold needs non-empty input and output");
        }
        int inLen = in.length;
        int inBits = inLen * 8;
        int lcm = inLen / gcd(inLen, outBytes) * outBytes;
        int[] sum = new int[outBytes];
        for (int copy = 0; copy < lcm / inLen; copy++) {
            int rot = (int) ((13L * copy) % inBits);
            int base = copy * inLen;
            for (int b = 0; b < inBits; b++) {
                int src = Math.floorMod(b - rot, inBits);
                if (((in[src >>> 3] >>> (7 - (src & 7))) & 1) != 0) {
                    int pos = base + (b >>> 3); // position in the lcm-long string
                    sum[pos % outBytes] += (0x80 >>> (b & 7));
                }
            }
        }
        // Propagate carries from the last octet to the first, feeding the carry out of the top
        // back into the bottom, until nothing is left.
        int carry;
        do {
            carry = 0;
            for (int j = outBytes - 1; j >= 0; j--) {
                int v = sum[j] + carry;
                sum[j] = v & 0xff;
                carry = v >>> 8;
            }
            sum[outBytes - 1] += carry;
        } while (carry != 0 || sum[outBytes - 1] > 0xff);
        byte[] out = new byte[outBytes];
        for (int j = 0; j < outBytes; j++) {
            out[j] = (byte) sum[j];
        }
        return out;
    }

    private static int gcd(int a, int b) {
        while (b != 0) {
            int t = a % b;
            a = b;
            b = t;
        }
        return a;
    }
}
