package io.kerbridge.kerberos.keytransport;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;

/** A deterministic "SecureRandom" for test vectors: SHA-256(seed || counter) blocks. Tests only. */
final class FixedRandom extends SecureRandom {
    private static final long serialVersionUID = 1L;
    private final byte[] seed;
    private long counter;

    FixedRandom(String seed) {
        this.seed = seed.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public synchronized void nextBytes(byte[] out) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            int done = 0;
            while (done < out.length) {
                sha.update(seed);
                for (int i = 7; i >= 0; i--) {
                    sha.update((byte) (counter >>> (8 * i)));
                }
                counter++;
                byte[] block = sha.digest();
                int n = Math.min(block.length, out.length - done);
                System.arraycopy(block, 0, out, done, n);
                done += n;
            }
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
