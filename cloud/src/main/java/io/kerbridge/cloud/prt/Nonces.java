// protocol-notes §3.2 step 1 (grant_type=srv_challenge → {"Nonce"}), §3.2a (R fetches two nonces per
// sign-in, H may put one nonce in both JWTs; each is used once), §7.2 (nonce validation/expiry).
// DESIGN.md §4 (nonces in flight are not persisted).
package io.kerbridge.cloud.prt;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The server challenges of the token endpoint: 256 random bits, valid for {@link #LIFETIME}, usable once,
 * accepted by every tenant (R asks {@code /common} for them). Held in memory only, at most {@code capacity}
 * at a time: the oldest is dropped when a new one would exceed it. A used nonce is remembered until it would
 * have expired, so a replay is told apart from an unknown or expired nonce.
 */
public final class Nonces {
    public static final Duration LIFETIME = Duration.ofMinutes(5);
    public static final int DEFAULT_CAPACITY = 100_000;
    private static final int MAX_NONCE_CHARS = 256;

    private record Entry(Instant expires, boolean used) {}

    private final Clock clock;
    private final SecureRandom random;
    private final int capacity;
    private final LinkedHashMap<String, Entry> inFlight = new LinkedHashMap<>();

    public Nonces(Clock clock, SecureRandom random, int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive");
        }
        this.clock = clock;
        this.random = random;
        this.capacity = capacity;
    }

    public Nonces(Clock clock, SecureRandom random) {
        this(clock, random, DEFAULT_CAPACITY);
    }

    /** A fresh nonce. */
    public String issue() {
        byte[] b = new byte[32];
        random.nextBytes(b);
        String nonce = Base64.getUrlEncoder().withoutPadding().encodeToString(b);
        Instant now = clock.instant();
        synchronized (this) {
            prune(now);
            while (inFlight.size() >= capacity) {
                Iterator<String> oldest = inFlight.keySet().iterator();
                oldest.next();
                oldest.remove();
            }
            inFlight.put(nonce, new Entry(now.plus(LIFETIME), false));
        }
        return nonce;
    }

    /**
     * Uses {@code nonce} up: {@code nonce_expired} when it is unknown (never issued, dropped, or expired),
     * {@code nonce_replayed} when it was used before.
     */
    public void consume(String nonce) throws OAuthException {
        Instant now = clock.instant();
        synchronized (this) {
            Entry e = nonce == null || nonce.length() > MAX_NONCE_CHARS ? null : inFlight.get(nonce);
            if (e == null || !now.isBefore(e.expires())) {
                throw PrtError.NONCE_EXPIRED.with("The request nonce is unknown or has expired; ask for a new one"
                        + " with grant_type=srv_challenge (nonces live " + LIFETIME.toMinutes() + " minutes).");
            }
            if (e.used()) {
                throw PrtError.NONCE_REPLAYED.with("The request nonce has already been used; each nonce is good for one request.");
            }
            inFlight.put(nonce, new Entry(e.expires(), true));
        }
    }

    /** Nonces held (issued and not yet expired or dropped, used or not). */
    public synchronized int size() {
        prune(clock.instant());
        return inFlight.size();
    }

    private void prune(Instant now) {
        Iterator<Map.Entry<String, Entry>> it = inFlight.entrySet().iterator();
        while (it.hasNext()) {
            if (now.isBefore(it.next().getValue().expires())) {
                return; // insertion order is expiry order: the rest are younger
            }
            it.remove();
        }
    }
}
