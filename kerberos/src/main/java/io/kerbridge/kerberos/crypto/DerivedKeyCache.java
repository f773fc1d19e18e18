package io.kerbridge.kerberos.crypto;

import io.kerbridge.kerberos.Bytes;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * A small bounded cache of derived keys (Ke, Ki, Kc) keyed by (enctype, base key bytes, usage,
 * kind). A KDC uses a handful of long-term keys (krbtgt, services) with a handful of usages, so
 * hits are the norm; session keys miss and are simply recomputed. When the cache grows past
 * {@link #MAX_ENTRIES} it is emptied (no LRU bookkeeping on the hot path).
 *
 * <p>Cached arrays are never mutated or handed out for writing. They are not wiped on eviction
 * (another thread may be using them); they become garbage. {@link Enctypes#clearDerivedKeyCache()}
 * drops everything, e.g. after a key rotation.
 */
final class DerivedKeyCache {
    static final int MAX_ENTRIES = 4096;

    private record Key(int enctype, Bytes baseKey, int usage, int kind) {}

    private static final ConcurrentHashMap<Key, byte[]> CACHE = new ConcurrentHashMap<>();

    private DerivedKeyCache() {}

    /** The derived key for these inputs, computing it with {@code derive} on a miss. Do not modify the result. */
    static byte[] get(int enctype, byte[] baseKey, int usage, int kind, Supplier<byte[]> derive) {
        Key k = new Key(enctype, Bytes.of(baseKey), usage, kind);
        byte[] v = CACHE.get(k);
        if (v != null) {
            return v;
        }
        v = derive.get();
        if (CACHE.size() >= MAX_ENTRIES) {
            CACHE.clear();
        }
        CACHE.putIfAbsent(k, v);
        return v;
    }

    static void clear() {
        CACHE.clear();
    }

    static int size() {
        return CACHE.size();
    }
}
