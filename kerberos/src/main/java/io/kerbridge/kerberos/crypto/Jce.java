package io.kerbridge.kerberos.crypto;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.concurrent.ArrayBlockingQueue;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Pooled JCE engines. {@code getInstance} is costly, so instances are reused through small
 * bounded pools rather than ThreadLocals (which would not help with virtual threads). Every use
 * re-initialises the engine with its key, so a pooled engine carries no state between callers.
 */
final class Jce {
    static final int AES_BLOCK = 16;
    private static final IvParameterSpec ZERO_IV = new IvParameterSpec(new byte[AES_BLOCK]);
    private static final int POOL_SIZE = 64;

    private Jce() {}

    /** A bounded pool: poll or create; offer back (dropped when full). */
    private static final class Pool<T> {
        private final ArrayBlockingQueue<T> free = new ArrayBlockingQueue<>(POOL_SIZE);
        private final Factory<T> factory;

        Pool(Factory<T> factory) {
            this.factory = factory;
        }

        T take() {
            T t = free.poll();
            if (t != null) {
                return t;
            }
            try {
                return factory.create();
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("JCE algorithm missing", e);
            }
        }

        void give(T t) {
            free.offer(t);
        }
    }

    @FunctionalInterface
    private interface Factory<T> {
        T create() throws GeneralSecurityException;
    }

    private static final Pool<Cipher> AES_CTS = new Pool<>(() -> Cipher.getInstance("AES/CTS/NoPadding"));
    private static final Pool<Cipher> AES_ECB = new Pool<>(() -> Cipher.getInstance("AES/ECB/NoPadding"));
    private static final Pool<Cipher> RC4 = new Pool<>(() -> Cipher.getInstance("ARCFOUR"));
    private static final Pool<Mac> HMAC_SHA1 = new Pool<>(() -> Mac.getInstance("HmacSHA1"));
    private static final Pool<Mac> HMAC_SHA256 = new Pool<>(() -> Mac.getInstance("HmacSHA256"));
    private static final Pool<Mac> HMAC_SHA384 = new Pool<>(() -> Mac.getInstance("HmacSHA384"));
    private static final Pool<Mac> HMAC_MD5 = new Pool<>(() -> Mac.getInstance("HmacMD5"));
    private static final Pool<MessageDigest> MD5 = new Pool<>(() -> MessageDigest.getInstance("MD5"));
    private static final Pool<MessageDigest> SHA1 = new Pool<>(() -> MessageDigest.getInstance("SHA-1"));

    /** HMAC algorithms used by the profiles. */
    enum Hmac {
        SHA1("HmacSHA1", 20), SHA256("HmacSHA256", 32), SHA384("HmacSHA384", 48), MD5("HmacMD5", 16);

        final String jceName;
        final int length;

        Hmac(String jceName, int length) {
            this.jceName = jceName;
            this.length = length;
        }

        private Pool<Mac> pool() {
            return switch (this) {
                case SHA1 -> HMAC_SHA1;
                case SHA256 -> HMAC_SHA256;
                case SHA384 -> HMAC_SHA384;
                case MD5 -> HMAC_MD5;
            };
        }

        /** HMAC(key, parts[0] || parts[1] || ...). {@code key} may be empty (RFC 2104 zero-pads it). */
        byte[] mac(byte[] key, byte[]... parts) {
            Mac mac = pool().take();
            try {
                // An empty HMAC key is padded with zeros, exactly like a single zero octet;
                // SecretKeySpec refuses empty keys.
                mac.init(new SecretKeySpec(key.length == 0 ? new byte[1] : key, jceName));
                for (byte[] p : parts) {
                    mac.update(p);
                }
                return mac.doFinal();
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("HMAC failed", e);
            } finally {
                pool().give(mac);
            }
        }
    }

    /** AES-CBC-CTS (RFC 3962 §5) with a zero IV; input must be at least one block. */
    static byte[] aesCts(boolean encrypt, byte[] key, byte[] in, int off, int len) throws GeneralSecurityException {
        // init computes the AES key schedule every time (issue 9, JFR: ~10 % of an AS exchange's KDC CPU). Kept on
        // purpose: the pooled Cipher serves any key, and one Cipher per derived key would have to be per thread
        // (Cipher is not thread-safe) while the derived keys live in one shared cache. BENCHMARKS.md, "profiles".
        Cipher c = AES_CTS.take();
        try {
            c.init(encrypt ? Cipher.ENCRYPT_MODE : Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), ZERO_IV);
            return c.doFinal(in, off, len);
        } finally {
            AES_CTS.give(c);
        }
    }

    /** One AES block with {@code key}: E(key, block) with a zero IV, as DR and the RFC 3962 PRF use it. */
    static byte[] aesBlock(byte[] key, byte[] block) {
        Cipher c = AES_ECB.take();
        try {
            c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"));
            return c.doFinal(block);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("AES block encryption failed", e);
        } finally {
            AES_ECB.give(c);
        }
    }

    static byte[] rc4(byte[] key, byte[] in, int off, int len) {
        Cipher c = RC4.take();
        try {
            c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "ARCFOUR"));
            return c.doFinal(in, off, len);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RC4 failed", e);
        } finally {
            RC4.give(c);
        }
    }

    static byte[] md5(byte[]... parts) {
        return digest(MD5, parts);
    }

    static byte[] sha1(byte[]... parts) {
        return digest(SHA1, parts);
    }

    private static byte[] digest(Pool<MessageDigest> pool, byte[]... parts) {
        MessageDigest d = pool.take();
        try {
            d.reset();
            for (byte[] p : parts) {
                d.update(p);
            }
            return d.digest();
        } finally {
            pool.give(d);
        }
    }

    static byte[] int32be(int v) {
        return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
    }

    static byte[] int32le(int v) {
        return new byte[] {(byte) v, (byte) (v >>> 8), (byte) (v >>> 16), (byte) (v >>> 24)};
    }
}
