// W3C WebAuthn Level 2 §13.4.3 (challenges are random, at least 16 bytes, and used once) and §7.1 step 8 (the
// response's challenge must be the one the Relying Party issued for this ceremony).
package io.kerbridge.cloud.fido;

import io.kerbridge.cloud.ApiException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Registration challenges in flight, in memory only (a restart voids them; DESIGN.md §4): 32 random bytes,
 * bound to tenant, user and RP ID, valid for {@link #TTL}, removed on first use. Bounded: expired entries are
 * dropped as new ones are made, and beyond {@link #MAX_PENDING} live ones new requests are refused (429).
 */
final class RegistrationChallenges {
    static final Duration TTL = Duration.ofMinutes(5);
    static final int MAX_PENDING = 10_000;

    /** What a challenge was issued for. */
    record Pending(String tenantId, String userId, String rpId, Instant expiresAt) {}

    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private final Clock clock;
    private final SecureRandom random;

    RegistrationChallenges(Clock clock, SecureRandom random) {
        this.clock = clock;
        this.random = random;
    }

    /** A new challenge (base64url) for this user's registration. */
    String issue(String tenantId, String userId, String rpId) throws ApiException {
        Instant now = clock.instant();
        pending.values().removeIf(p -> !now.isBefore(p.expiresAt()));
        if (pending.size() >= MAX_PENDING) {
            throw new ApiException(429, "too_many_registrations", "too many security key registrations in progress; retry later");
        }
        byte[] c = new byte[32];
        random.nextBytes(c);
        String challenge = WebAuthnJson.encode(c);
        pending.put(challenge, new Pending(tenantId, userId, rpId, now.plus(TTL)));
        return challenge;
    }

    /** Removes and returns the challenge if it was issued and has not expired. */
    Optional<Pending> take(String challenge) {
        Pending p = pending.remove(challenge);
        return p == null || !clock.instant().isBefore(p.expiresAt()) ? Optional.empty() : Optional.of(p);
    }
}
