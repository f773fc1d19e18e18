package io.kerbridge.directory.internal;

import io.kerbridge.directory.KeyVersion;
import io.kerbridge.kerberos.Bytes;
import io.kerbridge.kerberos.crypto.Enctypes;
import io.kerbridge.kerberos.crypto.KerberosCryptoException;
import io.kerbridge.kerberos.crypto.NtHash;
import io.kerbridge.kerberos.types.EncType;
import io.kerbridge.kerberos.types.EncryptionKey;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Long-term keys of one key version: AES (18, 17) and AES-SHA2 (20, 19) by string-to-key with the
 * account's salt, plus the NT hash (23), which the KDC uses only where RC4 is allowed; or all random.
 */
public final class KeyMaker {
    /** The password-derived enctypes, strongest first. */
    public static final List<EncType> DERIVED = List.of(EncType.AES256_CTS_HMAC_SHA1_96,
            EncType.AES128_CTS_HMAC_SHA1_96, EncType.AES256_CTS_HMAC_SHA384_192, EncType.AES128_CTS_HMAC_SHA256_128);

    private KeyMaker() {}

    public static KeyVersion fromPassword(char[] password, String salt, int kvno, Instant at) {
        Bytes s = Bytes.utf8(salt);
        List<EncryptionKey> keys = new ArrayList<>(DERIVED.size() + 1);
        try {
            for (EncType t : DERIVED) {
                keys.add(Enctypes.get(t).stringToKey(password, s, null));
            }
        } catch (KerberosCryptoException e) {
            throw new IllegalArgumentException("password cannot be turned into a key: " + e.getMessage(), e);
        }
        keys.add(NtHash.of(password));
        return new KeyVersion(kvno, keys, at);
    }

    public static KeyVersion random(SecureRandom random, int kvno, Instant at) {
        List<EncryptionKey> keys = new ArrayList<>(DERIVED.size() + 1);
        for (EncType t : DERIVED) {
            keys.add(enctype(t).generateKey(random));
        }
        keys.add(enctype(EncType.RC4_HMAC).generateKey(random));
        return new KeyVersion(kvno, keys, at);
    }

    private static io.kerbridge.kerberos.crypto.Enctype enctype(EncType t) {
        return Enctypes.find(t).orElseThrow(() -> new IllegalStateException("enctype missing from build: " + t));
    }
}
