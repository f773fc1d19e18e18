// RFC 4120 §3.2.3 (replay detection), RFC 4121 §4.1 (the acceptor performs it on the AP-REQ).
package io.kerbridge.kerberos.gss;

import io.kerbridge.kerberos.Bytes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * A bounded in-memory replay cache. An entry is (client, ctime, cusec, hash of the ticket) and lives until
 * ctime + skew has passed, after which the skew check alone refuses a replay. When every slot holds a live
 * entry the cache refuses new ones ({@link #record} returns {@link Outcome#FULL}) rather than evicting one,
 * which would reopen a replay window. Only authenticators that decrypted are recorded, so filling it
 * needs valid credentials. Thread-safe.
 */
public final class ReplayCache {
    /** What {@link #record} decided. */
    public enum Outcome { FRESH, REPLAY, FULL }

    /** One authenticator. {@code ticketHash} is a SHA-256 of the ticket's ciphertext. */
    public record Entry(String client, Instant ctime, int cusec, Bytes ticketHash) {}

    private final int capacity;
    private final Duration lifetime;
    private final Map<Entry, Instant> expiry = new HashMap<>();
    private final ArrayDeque<Entry> order = new ArrayDeque<>();

    /** {@code lifetime} is how long an entry is kept after its ctime (normally the clock skew). */
    public ReplayCache(int capacity, Duration lifetime) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("capacity " + capacity);
        }
        this.capacity = capacity;
        this.lifetime = lifetime;
    }

    /** Checks and records {@code e} at time {@code now}. */
    public synchronized Outcome record(Entry e, Instant now) {
        purge(now);
        if (expiry.containsKey(e)) {
            return Outcome.REPLAY;
        }
        if (expiry.size() >= capacity) {
            return Outcome.FULL;
        }
        // ctime may be ahead of us by up to the skew: keep the entry until the skew check takes over.
        Instant until = e.ctime().plus(lifetime);
        Instant base = now.plus(lifetime);
        expiry.put(e, until.isAfter(base) ? until : base);
        order.addLast(e);
        return Outcome.FRESH;
    }

    public synchronized int size() {
        return expiry.size();
    }

    /** Entries are added with non-decreasing "now"; expiries are bounded by now + 2·lifetime, so purge scans. */
    private void purge(Instant now) {
        if (order.isEmpty()) {
            return;
        }
        // Cheap path: drop expired entries from the head.
        while (!order.isEmpty() && !expiry.get(order.peekFirst()).isAfter(now)) {
            expiry.remove(order.pollFirst());
        }
        if (expiry.size() >= capacity) {
            // Expiry order may differ from insertion order (ctime ahead of now): sweep all once.
            order.removeIf(x -> {
                if (!expiry.get(x).isAfter(now)) {
                    expiry.remove(x);
                    return true;
                }
                return false;
            });
        }
    }
}
