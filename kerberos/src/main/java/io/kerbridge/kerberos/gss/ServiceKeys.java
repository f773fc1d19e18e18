package io.kerbridge.kerberos.gss;

import io.kerbridge.kerberos.file.Keytab;
import io.kerbridge.kerberos.file.KeytabEntry;
import io.kerbridge.kerberos.types.EncType;
import io.kerbridge.kerberos.types.EncryptionKey;
import io.kerbridge.kerberos.types.PrincipalName;
import java.util.Comparator;
import java.util.Optional;

/**
 * Where the acceptor finds the long-term key that decrypts a ticket: (server principal, realm, kvno,
 * enctype) → key. Kept apart from decryption so a keytab, a directory or a KDC database can serve
 * (nimbus' key selector, see style anchors §9). Implementations must be thread-safe.
 */
@FunctionalInterface
public interface ServiceKeys {
    /**
     * The key for {@code principal@realm} of {@code enctype}; {@code kvno} is the ticket's key version,
     * empty when the ticket carries none. The name type of {@code principal} is not significant.
     */
    Optional<EncryptionKey> key(PrincipalName principal, String realm, Optional<Integer> kvno, EncType enctype);

    /**
     * Keys from a keytab. With a kvno, the entry with exactly that kvno (keytabs that store only the low 8 bits
     * match on those too, as MIT does); without one, the highest kvno of that enctype.
     */
    static ServiceKeys of(Keytab keytab) {
        return (principal, realm, kvno, enctype) -> {
            var candidates = keytab.keysFor(principal, realm).stream()
                    .filter(e -> e.key().type().equals(enctype))
                    .toList();
            if (kvno.isEmpty()) {
                return candidates.stream()
                        .max(Comparator.comparingLong(e -> Integer.toUnsignedLong(e.kvno())))
                        .map(KeytabEntry::key);
            }
            int want = kvno.get();
            return candidates.stream().filter(e -> e.kvno() == want).findFirst()
                    .or(() -> candidates.stream()
                            .filter(e -> Integer.toUnsignedLong(e.kvno()) < 256 && e.kvno() == (want & 0xFF))
                            .findFirst())
                    .map(KeytabEntry::key);
        };
    }
}
