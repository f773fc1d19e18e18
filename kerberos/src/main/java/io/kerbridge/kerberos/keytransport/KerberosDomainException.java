package io.kerbridge.kerberos.keytransport;

import java.util.Objects;

/** A publication or rotation of a {@link KerberosDomain} key was refused; {@link #reason()} is stable. */
public final class KerberosDomainException extends Exception {
    public enum Reason {
        /** The new key version is lower than the current one, or equal with a different key. */
        VERSION_NOT_INCREASING,
        /** A rotation to a new version that carries the current primary key again. */
        KEY_NOT_CHANGED,
        /** The key is not an aes256-cts-hmac-sha1-96 (etype 18) key of 32 octets. */
        UNSUPPORTED_KEY,
        /** RODC number, domain name, key version or originating DC out of range or malformed. */
        INVALID_ARGUMENT
    }

    private final Reason reason;

    public KerberosDomainException(Reason reason, String detail) {
        super(reason + ": " + detail);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public Reason reason() {
        return reason;
    }
}
