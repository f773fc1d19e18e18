package io.kerbridge.kerberos.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.DESKeySpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Test-only DES and triple-DES pieces of RFC 3961 §6, so that the generic n-fold/DR/DK code and
 * the Appendix A vectors that use them can be checked. There is no DES enctype in production.
 */
final class LegacyDes {
    private LegacyDes() {}

    /** One DESede block with the initial cipher state: the E of DR for des3-cbc-sha1-kd. */
    static byte[] des3Block(byte[] key, byte[] block) {
        try {
            Cipher c = Cipher.getInstance("DESede/ECB/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "DESede"));
            return c.doFinal(block);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** RFC 3961 §6.3.1 random-to-key: 21 octets to 24, 7 key bits per octet plus an 8th octet of low bits. */
    static byte[] des3RandomToKey(byte[] random) {
        if (random.length != 21) {
            throw new IllegalArgumentException("des3 random-to-key takes 21 octets");
        }
        byte[] out = new byte[24];
        for (int g = 0; g < 3; g++) {
            int last = 0;
            for (int j = 0; j < 7; j++) {
                int b = random[7 * g + j] & 0xff;
                out[8 * g + j] = (byte) (b & 0xfe);
                last |= (b & 1) << (j + 1);
            }
            out[8 * g + 7] = (byte) last;
            for (int j = 0; j < 8; j++) {
                out[8 * g + j] = withOddParity(out[8 * g + j]);
            }
            fixWeak(out, 8 * g);
        }
        return out;
    }

    /** RFC 3961 §6.3.1 string-to-key: DK(random-to-key(168-fold(password | salt)), "kerberos"). */
    static byte[] des3StringToKey(byte[] password, byte[] salt) {
        byte[] s = concat(password, salt);
        byte[] tmp = des3RandomToKey(NFold.fold(s, 21));
        return KeyDerivation.dk(LegacyDes::des3Block, 8, tmp, "kerberos".getBytes(StandardCharsets.US_ASCII), 21,
                LegacyDes::des3RandomToKey);
    }

    /** RFC 3961 §6.2 mit_des_string_to_key. */
    static byte[] desStringToKey(byte[] password, byte[] salt) {
        byte[] raw = concat(password, salt);
        byte[] s = Arrays.copyOf(raw, (raw.length + 7) / 8 * 8); // pad with zeros
        long temp = 0;
        boolean odd = true;
        for (int off = 0; off < s.length; off += 8) {
            long bits = 0;
            for (int i = 0; i < 8; i++) {
                bits = (bits << 7) | (s[off + i] & 0x7f); // removeMSBits
            }
            if (!odd) {
                bits = Long.reverse(bits) >>> 8; // reverse the 56-bit string
            }
            odd = !odd;
            temp ^= bits;
        }
        byte[] tempKey = new byte[8];
        for (int i = 0; i < 8; i++) {
            tempKey[i] = (byte) (((temp >>> (49 - 7 * i)) & 0x7f) << 1); // add_parity_bits (fixed below)
        }
        keyCorrection(tempKey);
        byte[] key = cbcCheck(s, tempKey);
        keyCorrection(key);
        return key;
    }

    /** DES-CBC-check: the last block of DES-CBC over s with key and IV both tempKey. */
    private static byte[] cbcCheck(byte[] s, byte[] key) {
        try {
            Cipher c = Cipher.getInstance("DES/CBC/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "DES"), new IvParameterSpec(key));
            byte[] out = c.doFinal(s);
            return Arrays.copyOfRange(out, out.length - 8, out.length);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void keyCorrection(byte[] key) {
        for (int i = 0; i < 8; i++) {
            key[i] = withOddParity(key[i]);
        }
        fixWeak(key, 0);
    }

    private static void fixWeak(byte[] key, int off) {
        try {
            if (DESKeySpec.isWeak(key, off)) {
                key[off + 7] ^= (byte) 0xF0;
            }
        } catch (java.security.InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte withOddParity(byte b) {
        int v = b & 0xfe;
        return (byte) (Integer.bitCount(v) % 2 == 0 ? v | 1 : v);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** RFC 3961 §6.1.3 modified CRC-32: reflected, polynomial 0xEDB88320, no pre- or post-inversion. */
    static byte[] modCrc32(byte[] data) {
        int crc = 0;
        for (byte b : data) {
            crc ^= b & 0xff;
            for (int k = 0; k < 8; k++) {
                crc = (crc & 1) != 0 ? (crc >>> 1) ^ 0xEDB88320 : crc >>> 1;
            }
        }
        return new byte[] {(byte) crc, (byte) (crc >>> 8), (byte) (crc >>> 16), (byte) (crc >>> 24)};
    }
}
