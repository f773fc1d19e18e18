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
        return keyVersions.stream().findFirst();
    }

    /** The key version with this kvno (compared as 32 bits). */
    public Optional<KeyVersion> keys(int kvno) {
        return keyVersions.stream().filter(k -> k.kvno() == kvno).findFirst();
    }
}
