package io.kerbridge.kerberos.types;

import io.kerbridge.kerberos.Bytes;

/** HostAddress (RFC 4120 §5.2.5). */
public record HostAddress(AddressType type, Bytes address) {
    public HostAddress {
        java.util.Objects.requireNonNull(type, "type");
        java.util.Objects.requireNonNull(address, "address");
    }
}
