package io.kerbridge.kerberos.keytransport;

import java.util.Objects;

/**
 * A key envelope, a transport key or a JWK was refused. {@link #reason()} is stable (tests, audit
 * and the HTTP layer switch on it); the message adds a detail for operators and never contains key
 * material or plaintext.
 */
public final class KeyTransportException extends Exception {
    /** Why it was refused. Stable names, in the style of MIT's KDC status strings. */
    public enum Reason {
        /** Bytes that are not an envelope of a known layout (bad magic, bad lengths, non-canonical fields, trailing data). */
        MALFORMED,
        /** The envelope ends before its layout says it does. */
        TRUNCATED,
        /** A format version this build does not know. */
        UNSUPPORTED_VERSION,
        /** The envelope names a different tenant transport key (kid) than the one given to open it. */
        WRONG_RECIPIENT,
        /** The envelope is for another tenant, domain, RODC number, key version or enctype than expected. */
        CONTEXT_MISMATCH,
        /** An EC point that is not on P-256 (ephemeral key, JWK). */
        INVALID_PUBLIC_KEY,
        /** AES-GCM tag check failed: tampered bytes or a key that is not the recipient's. */
        AUTHENTICATION_FAILED,
        /** A JWK that is not exactly the published tenant key shape. */
        INVALID_JWK,
        /** A PKCS#8 blob that is not a P-256 EC private key. */
        INVALID_PRIVATE_KEY
    }

    private final Reason reason;

    public KeyTransportException(Reason reason, String detail) {
        super(reason + ": " + detail);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public KeyTransportException(Reason reason, String detail, Throwable cause) {
        super(reason + ": " + detail, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public Reason reason() {
        return reason;
    }
}
