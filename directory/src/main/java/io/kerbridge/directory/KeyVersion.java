package io.kerbridge.directory;

import io.kerbridge.kerberos.types.EncType;
import io.kerbridge.kerberos.types.EncryptionKey;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The long-term keys of one key version (one per enctype), derived from the same password or random
 * secret. {@code kvno} is the full 32-bit value (an RODC krbtgt's includes its number in the high half).
 */
public record KeyVersion(int kvno, List<EncryptionKey> keys, Instant setAt) {
    public KeyVersion {
        keys = List.copyOf(keys);
    }

    public Optional<EncryptionKey> key(EncType type) {
        for (EncryptionKey k : keys) { // a loop, not a stream: the KDC asks several times per request (issue 9)
            if (k.type().equals(type)) {
                return Optional.of(k);
            }
        }
        return Optional.empty();
    }
}
