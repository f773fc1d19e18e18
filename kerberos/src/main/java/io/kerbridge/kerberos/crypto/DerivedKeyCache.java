package io.kerbridge.kerberos.crypto;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * A bounded cache of derived keys (Ke, Ki, Kc) keyed by (enctype, base key bytes, usage, kind). A KDC uses a
 * handful of long-term keys (krbtgt, services) with a handful of usages, so hits are the norm; session keys
 * and subkeys miss, are derived, and take a slot they rarely use again.
 *
 * <p>Two generations, no LRU bookkeeping on the hot path: entries go into the young map; when it is full it
 * becomes the old map (the previous old one is dropped) and a new young map starts. A hit in the old map is
 * copied to the young one. So a key in use (the krbtgt key, a busy service) survives any number of one-off
 * session keys, where emptying the whole cache when full (as before issue 9) re-derived every long-term key
 * after each {@value #MAX_ENTRIES} misses.
 *
 * <p>The base key is compared by content (a TGT's session key is a new array on every request that presents it),
 * in constant time; a lookup wraps the caller's array without copying it, and only an insert copies it. Before
 * issue 9 every lookup copied the key first.
 *
 * <p>Cached arrays are never mutated or handed out for writing. They are not wiped on eviction (another thread
 * may be using them); they become garbage. {@link Enctypes#clearDerivedKeyCache()} drops everything, e.g.
 * after a key rotation.
 */
final class DerivedKeyCache {
    static final int MAX_ENTRIES = 4096;

    /** The inputs of a derivation; the key bytes compare by content, in constant time. */
    private static final class Key {
        final int enctype;
        final byte[] baseKey;
        final int usage;
        final int kind;
        final int hash;

        Key(int enctype, byte[] baseKey, int usage, int kind) {
            this.enctype = enctype;
            this.baseKey = baseKey;
            this.usage = usage;
            this.kind = kind;
            this.hash = ((Arrays.hashCode(baseKey) * 31 + enctype) * 31 + usage) * 31 + kind;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.enctype == enctype && k.usage == usage && k.kind == kind
                    && MessageDigest.isEqual(k.baseKey, baseKey);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    private record Generations(ConcurrentHashMap<Key, byte[]> young, ConcurrentHashMap<Key, byte[]> old) {}

    private static volatile Generations maps = fresh(new ConcurrentHashMap<>());

    private DerivedKeyCache() {}

    /** The derived key for these inputs, computing it with {@code derive} on a miss. Do not modify the result. */
    static byte[] get(int enctype, byte[] baseKey, int usage, int kind, Supplier<byte[]> derive) {
        Key probe = new Key(enctype, baseKey, usage, kind);
        Generations g = maps;
        byte[] v = g.young().get(probe);
        if (v != null) {
            return v;
        }
        v = g.old().get(probe);
        if (v == null) {
            v = derive.get();
        }
        put(g, new Key(enctype, baseKey.clone(), usage, kind), v);
        return v;
    }

    private static void put(Generations g, Key k, byte[] v) {
        if (g.young().size() >= MAX_ENTRIES / 2 - 64) { // slack for racing writers: never more than MAX in all
            synchronized (DerivedKeyCache.class) {
                if (maps == g) {
                    maps = fresh(g.young());
                }
                g = maps;
            }
        }
        g.young().putIfAbsent(k, v);
    }

    private static Generations fresh(ConcurrentHashMap<Key, byte[]> old) {
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
