package io.kerbridge.kerberos.types;

import io.kerbridge.kerberos.Bytes;

/** Checksum (RFC 4120 §5.2.9): a checksum type and its value. */
public record Checksum(ChecksumType type, Bytes value) {
    public Checksum {
        java.util.Objects.requireNonNull(type, "type");
        java.util.Objects.requireNonNull(value, "value");
    }
}
