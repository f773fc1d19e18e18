package io.kerbridge.kdc.kpasswd;

import io.kerbridge.kerberos.Bytes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A bounded in-memory replay cache for authenticators (RFC 4120 §3.2.3, §5.5.1: a server must
 * reject an authenticator it has already seen within the clock skew). An authenticator is
 * remembered by the SHA-256 of its ciphertext, which the random confounder makes unique, until
 * its ctime has left the skew window. When full, the oldest entry is dropped: a replay older than
 * {@code capacity} requests then gets through, which for kpasswd re-sets the same password.
 */
final class ReplayCache {
    private final int capacity;
    private final LinkedHashMap<Bytes, Instant> seen = new LinkedHashMap<>();

    ReplayCache(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity " + capacity);
        }
        this.capacity = capacity;
    }

    /** Records the authenticator; false when it was already seen and has not expired. */
    synchronized boolean firstSeen(Bytes authenticatorCipher, Instant expires, Instant now) {
        Iterator<Map.Entry<Bytes, Instant>> it = seen.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<Bytes, Instant> e = it.next();
            if (e.getValue().isBefore(now) || seen.size() >= capacity) {
                it.remove();
            } else {
                break;
            }
        }
        Bytes key = sha256(authenticatorCipher);
        Instant prev = seen.get(key);
        if (prev != null && !prev.isBefore(now)) {
            return false;
        }
        seen.put(key, expires);
        return true;
    }

    synchronized int size() {
        return seen.size();
    }

    private static Bytes sha256(Bytes b) {
        try {
            return Bytes.wrap(MessageDigest.getInstance("SHA-256").digest(b.unsafeArray()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing", e);
        }
    }
}
