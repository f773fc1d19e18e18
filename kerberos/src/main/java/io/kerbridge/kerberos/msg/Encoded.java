package io.kerbridge.kerberos.msg;

import io.kerbridge.kerberos.Bytes;

/**
 * A decoded value together with the exact bytes it was decoded from. Used where a checksum
 * covers the received encoding (the KDC-REQ-BODY under a PA-TGS-REQ authenticator checksum,
 * RFC 4120 §5.5.1 / §7.5.1 usage 6): verifiers hash {@link #der()}, never a re-encoding.
 */
public record Encoded<T>(T value, Bytes der) {
    public Encoded {
        java.util.Objects.requireNonNull(value, "value");
        java.util.Objects.requireNonNull(der, "der");
    }
}
