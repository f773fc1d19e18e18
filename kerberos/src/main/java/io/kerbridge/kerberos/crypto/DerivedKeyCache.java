package io.kerbridge.kerberos.crypto;

import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * A bounded cache of derived keys (Ke, Ki, Kc) keyed by (enctype, base key array, usage, kind). A KDC uses a
 * handful of long-term keys (krbtgt, services) with a handful of usages, so hits are the norm; session keys
 * and subkeys miss, are derived, and take a slot they rarely use again.
 *
 * <p>Two generations, no LRU bookkeeping on the hot path: entries go into the young map; when it is full it
 * becomes the old map (the previous old one is dropped) and a new young map starts. A hit in the old map is
 * copied to the young one. So a key in use (the krbtgt key, a busy service) survives any number of one-off
 * session keys, where emptying the whole cache when full (as before issue 9) re-derived every long-term key
 * after each {@value #MAX_ENTRIES} misses.
 *
 * <p>The base key is looked up by the identity of its array (an {@link io.kerbridge.kerberos.types.EncryptionKey}
 * keeps one array for its life, and the directory keeps its keys), and the entry's copy of the key bytes is compared
 * on a hit, so an array whose content changed is a miss. Before issue 9 every lookup copied the key and compared it
 * in constant time: 2 % of a TGS request.
 *
 * <p>Cached arrays are never mutated or handed out for writing. They are not wiped on eviction (another thread
 * may be using them); they become garbage. {@link Enctypes#clearDerivedKeyCache()} drops everything, e.g.
 * after a key rotation.
 */
final class DerivedKeyCache {
    static final int MAX_ENTRIES = 4096;

    /** A record's equals and hashCode treat the array by identity. */
    private record Key(int enctype, byte[] baseKey, int usage, int kind) {}

    private record Entry(byte[] baseKey, byte[] derived) {}

    private record Generations(ConcurrentHashMap<Key, Entry> young, ConcurrentHashMap<Key, Entry> old) {}

    private static volatile Generations maps = fresh(new ConcurrentHashMap<>());

    private DerivedKeyCache() {}

    /** The derived key for these inputs, computing it with {@code derive} on a miss. Do not modify the result. */
    static byte[] get(int enctype, byte[] baseKey, int usage, int kind, Supplier<byte[]> derive) {
        Key k = new Key(enctype, baseKey, usage, kind);
        Generations g = maps;
        Entry e = g.young().get(k);
        if (e != null && Arrays.equals(e.baseKey(), baseKey)) {
            return e.derived();
        }
        e = g.old().get(k);
        if (e == null || !Arrays.equals(e.baseKey(), baseKey)) {
            e = new Entry(baseKey.clone(), derive.get());
        }
        put(g, k, e);
        return e.derived();
    }

    private static void put(Generations g, Key k, Entry e) {
        if (g.young().size() >= MAX_ENTRIES / 2 - 64) { // slack for racing writers: never more than MAX in all
            synchronized (DerivedKeyCache.class) {
                if (maps == g) {
                    maps = fresh(g.young());
                }
                g = maps;
            }
        }
        g.young().put(k, e);
    }

    private static Generations fresh(ConcurrentHashMap<Key, Entry> old) {
        return new Generations(new ConcurrentHashMap<>(MAX_ENTRIES), old);
    }

    static void clear() {
        maps = fresh(new ConcurrentHashMap<>());
    }

    static int size() {
        Generations g = maps;
        return g.young().size() + g.old().size();
    }
}
