package io.kerbridge.kerberos.msg;

import io.kerbridge.kerberos.Bytes;
import io.kerbridge.kerberos.types.PaDataType;

/** PA-DATA (RFC 4120 §5.2.7): a type and its value bytes (decoded by {@link PaCodec} per type). */
public record PaData(PaDataType type, Bytes value) {
    public PaData {
        java.util.Objects.requireNonNull(type, "type");
        java.util.Objects.requireNonNull(value, "value");
    }
}
