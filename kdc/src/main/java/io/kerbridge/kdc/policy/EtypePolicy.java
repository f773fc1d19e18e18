// RFC 4120 §3.1.3 (reply key / session key choice), §5.2.7.5 (ETYPE-INFO2 order); MS-KILE 2.2.7
// (msDS-SupportedEncryptionTypes bits) and 3.3.5.7 (session key from the service's supported types).
package io.kerbridge.kdc.policy;

import io.kerbridge.directory.KeyVersion;
import io.kerbridge.directory.PrincipalEntry;
import io.kerbridge.kerberos.crypto.Enctypes;
import io.kerbridge.kerberos.types.EncType;
import io.kerbridge.kerberos.types.EncryptionKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Which enctypes an account may use and which key the KDC picks.
 *
 * <p>msDS-SupportedEncryptionTypes: 0 means the domain default (every AES key the account has; rc4
 * only when the KDC allows it). Otherwise bit 0x4 allows rc4-hmac, 0x8 aes128-sha1, 0x10 aes256-sha1.
 * MS-KILE has no bits for the RFC 8009 enctypes (19, 20): Kerbridge allows them whenever either AES
 * bit is set.
 */
public final class EtypePolicy {
    public static final int RC4 = 0x4, AES128 = 0x8, AES256 = 0x10;

    private final List<EncType> preference;
    private final boolean allowRc4;
    /** The enctypes this build implements (asked several times per request: issue 9). */
    private final java.util.Set<EncType> implemented = java.util.Set.copyOf(Enctypes.supported());

    public EtypePolicy(List<EncType> preference, boolean allowRc4) {
        this.preference = List.copyOf(preference);
        this.allowRc4 = allowRc4;
    }

    /** Whether the account's msDS-SupportedEncryptionTypes (and this KDC) permit {@code t}. */
    public boolean permits(PrincipalEntry e, EncType t) {
        if (!implemented.contains(t)) {
            return false;
        }
        if (t.equals(EncType.RC4_HMAC)) {
            return allowRc4 && (mask(e) == 0 || (mask(e) & RC4) != 0);
        }
        int m = mask(e);
        if (m == 0) {
            return true;
        }
        return switch (t.value()) {
            case 17 -> (m & AES128) != 0;
            case 18 -> (m & AES256) != 0;
            case 19, 20 -> (m & (AES128 | AES256)) != 0;
            default -> false;
        };
    }

    /** The account's current keys that are permitted, in KDC preference order. */
    public List<EncryptionKey> usableKeys(PrincipalEntry e) {
        List<EncryptionKey> out = new ArrayList<>();
        Optional<KeyVersion> kv = e.currentKeys();
        if (kv.isEmpty()) {
            return out;
        }
        for (EncType t : preference) {
            if (permits(e, t)) {
                kv.get().key(t).ifPresent(out::add);
            }
        }
        return out;
    }

    /** The strongest usable key: the key a ticket for this service is encrypted in. */
    public Optional<EncryptionKey> strongestKey(PrincipalEntry e) {
        Optional<KeyVersion> kv = e.currentKeys();
        if (kv.isPresent()) {
            for (EncType t : preference) {
                if (permits(e, t)) {
                    Optional<EncryptionKey> k = kv.get().key(t);
                    if (k.isPresent()) {
                        return k;
                    }
                }
            }
        }
        return Optional.empty();
    }

    /** The client's reply key: the first requested enctype for which it has a usable key. */
    public Optional<EncryptionKey> replyKey(PrincipalEntry client, List<EncType> requested) {
        List<EncryptionKey> keys = usableKeys(client);
        for (EncType t : requested) {
            for (EncryptionKey k : keys) {
                if (k.type().equals(t)) {
                    return Optional.of(k);
                }
            }
        }
        return Optional.empty();
    }

    /** The session key enctype: the first requested one the server permits and this KDC implements. */
    public Optional<EncType> sessionEtype(PrincipalEntry server, List<EncType> requested) {
        for (EncType t : requested) {
            if (permits(server, t)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    private static int mask(PrincipalEntry e) {
        return e.account().supportedEncryptionTypes();
    }
}
