// RFC 4120 §3.2.3 (the server decrypts the ticket with its long-term key, by kvno and enctype);
// MIT keytab v2 via io.kerbridge.kerberos.file.Keytab.
package io.kerbridge.fileserver;

import io.kerbridge.kerberos.file.Keytab;
import io.kerbridge.kerberos.gss.ServiceKeys;
import io.kerbridge.kerberos.types.EncType;
import io.kerbridge.kerberos.types.EncryptionKey;
import io.kerbridge.kerberos.types.PrincipalName;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Service keys from a keytab file that is re-read when it changes (size or modification time, looked at
 * no more than once a second), so that a re-exported keytab after a password change of the service
 * account is picked up without a restart. A keytab that cannot be read keeps the previous keys in use and
 * is logged. Thread-safe.
 */
public final class KeytabKeys implements ServiceKeys {
    private static final Logger LOG = LoggerFactory.getLogger(KeytabKeys.class);
    private static final Duration CHECK_EVERY = Duration.ofSeconds(1);

    private record Loaded(Keytab keytab, ServiceKeys keys, FileTime modified, long size) {}

    private final Path file;
    private final Clock clock;
    private volatile Loaded loaded;
    private volatile Instant nextCheck;

    private KeytabKeys(Path file, Clock clock, Loaded first) {
        this.file = file;
        this.clock = clock;
        this.loaded = first;
        this.nextCheck = clock.instant().plus(CHECK_EVERY);
    }

    /**
     * Reads {@code file}, which must hold at least one key for {@code principal@realm}.
     *
     * @throws IOException when it cannot be read or has no such key
     */
    public static KeytabKeys open(Path file, PrincipalName principal, String realm, Clock clock) throws IOException {
        Loaded l = load(file);
        if (l.keytab().keysFor(principal, realm).isEmpty()) {
            throw new IOException("the keytab " + file + " has no key for " + principal.withRealm(realm)
                    + " (export it with: kerbridge keytab export ACCOUNT -k " + file + ")");
        }
        return new KeytabKeys(file, clock, l);
    }

    private static Loaded load(Path file) throws IOException {
        FileTime modified = Files.getLastModifiedTime(file);
        long size = Files.size(file);
        Keytab kt = Keytab.read(file);
        return new Loaded(kt, ServiceKeys.of(kt), modified, size);
    }

    @Override
    public Optional<EncryptionKey> key(PrincipalName principal, String realm, Optional<Integer> kvno, EncType enctype) {
        refreshIfChanged();
        return loaded.keys().key(principal, realm, kvno, enctype);
    }

    /** The keys now in use. */
    public Keytab current() {
        return loaded.keytab();
    }

    private void refreshIfChanged() {
        Instant now = clock.instant();
        if (now.isBefore(nextCheck)) {
            return;
        }
        synchronized (this) {
            if (now.isBefore(nextCheck)) {
                return;
            }
            nextCheck = now.plus(CHECK_EVERY);
            Loaded l = loaded;
            try {
                if (Files.getLastModifiedTime(file).equals(l.modified()) && Files.size(file) == l.size()) {
                    return;
                }
                loaded = load(file);
                LOG.info("keytab {} re-read: {} keys", file, loaded.keytab().entries().size());
            } catch (IOException e) {
                LOG.warn("keytab {} cannot be re-read, keeping the keys in use: {}", file, e.getMessage());
            }
        }
    }
}
