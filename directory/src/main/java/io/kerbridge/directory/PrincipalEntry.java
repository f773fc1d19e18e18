package io.kerbridge.directory;

import java.util.List;
import java.util.Optional;

/**
 * What a lookup returns: the account, the domain it belongs to, and its key versions (newest
 * first; the krbtgt keeps the current and two previous, others at least the current and previous).
 */
public record PrincipalEntry(Domain domain, Account account, List<KeyVersion> keyVersions) {
    public PrincipalEntry {
        keyVersions = List.copyOf(keyVersions);
    }

    public Optional<KeyVersion> currentKeys() {
        return keyVersions.isEmpty() ? Optional.empty() : Optional.of(keyVersions.get(0));
    }

    /** The key version with this kvno (compared as 32 bits). */
    public Optional<KeyVersion> keys(int kvno) {
        for (KeyVersion k : keyVersions) { // loops, not streams: read several times per KDC request (issue 9)
            if (k.kvno() == kvno) {
                return Optional.of(k);
            }
        }
        return Optional.empty();
    }
}
