package io.kerbridge.kerberos.crypto;

import java.util.Arrays;

/**
 * The RFC 3961 §5.1 simplified-profile key derivation, over any block cipher:
 *
 * <pre>
 *   DR(Key, Constant) = k-truncate(E(Key, Constant, initial-cipher-state))   (iterated)
 *   DK(Key, Constant) = random-to-key(DR(Key, Constant))
 * </pre>
 *
 * where the constant is n-folded to the block size when it is not already that long, and each
 * further block is the encryption of the previous one.
 */
final class KeyDerivation {
    private KeyDerivation() {}

    /** One block encryption E(key, block) with the initial (zero) cipher state. */
    @FunctionalInterface
    interface BlockCipher {
        byte[] encryptBlock(byte[] key, byte[] block);
    }

    /** random-to-key of an enctype. */
    @FunctionalInterface
    interface RandomToKey {
        byte[] apply(byte[] random);
    }

    /** DR: {@code seedBytes} octets of pseudo-random output for {@code constant}. */
    static byte[] dr(BlockCipher cipher, int blockSize, byte[] key, byte[] constant, int seedBytes) {
        byte[] block = constant.length == blockSize ? constant.clone() : NFold.foldConstant(constant, blockSize);
        byte[] out = new byte[seedBytes];
        int n = 0;
        while (n < seedBytes) {
            block = cipher.encryptBlock(key, block);
            int take = Math.min(block.length, seedBytes - n);
            System.arraycopy(block, 0, out, n, take);
            n += take;
        }
        Arrays.fill(block, (byte) 0);
        return out;
    }

    /** DK = random-to-key(DR(key, constant)). */
    static byte[] dk(BlockCipher cipher, int blockSize, byte[] key, byte[] constant, int seedBytes,
            RandomToKey randomToKey) {
        byte[] seed = dr(cipher, blockSize, key, constant, seedBytes);
        try {
            return randomToKey.apply(seed);
        } finally {
            Arrays.fill(seed, (byte) 0);
        }
    }

    /** The 5-octet well-known constant: usage (32-bit big-endian) followed by 0x99, 0xAA or 0x55. */
    static byte[] usageConstant(int usage, int kind) {
        return new byte[] {(byte) (usage >>> 24), (byte) (usage >>> 16), (byte) (usage >>> 8), (byte) usage,
                (byte) kind};
    }

    static final int KC = 0x99;
    static final int KE = 0xAA;
    static final int KI = 0x55;
}
