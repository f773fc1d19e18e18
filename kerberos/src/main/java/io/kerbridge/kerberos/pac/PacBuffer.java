package io.kerbridge.kerberos.pac;

import io.kerbridge.kerberos.Bytes;
import java.util.Objects;

/** One PAC buffer: its type and its bytes exactly as sized by cbBufferSize (no alignment padding). */
public record PacBuffer(PacBufferType type, Bytes data) {
    public PacBuffer {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(data, "data");
    }

    public static PacBuffer of(PacBufferData content) {
        return new PacBuffer(content.bufferType(), content.encode());
    }
}
