package io.kerbridge.kerberos.file;

import io.kerbridge.kerberos.types.EncryptionKey;
import io.kerbridge.kerberos.types.PrincipalName;
import java.time.Instant;
import java.util.Objects;

/**
 * One keytab entry. {@code kvno} is the full 32-bit key version number (compare it unsigned: RODC
 * keys carry the RODC number in the high 16 bits, so values above 2^31 are negative here, as MIT's
 * {@code klist -k} prints them). {@code timestamp} is whole seconds.
 */
public record KeytabEntry(PrincipalName principal, String realm, Instant timestamp, int kvno, EncryptionKey key) {
    public KeytabEntry {
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(realm, "realm");
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(key, "key");
    }

    public boolean isFor(PrincipalName name, String realm) {
        return principal.components().equals(name.components()) && this.realm.equals(realm);
    }

    @Override
    public String toString() {
        return "KeytabEntry[" + principal.withRealm(realm) + ", kvno " + Integer.toUnsignedString(kvno) + ", " + key
                + "]";
    }
}
