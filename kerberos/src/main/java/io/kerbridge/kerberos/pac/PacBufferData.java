package io.kerbridge.kerberos.pac;

import io.kerbridge.kerberos.Bytes;

/** The typed content of one PAC buffer: knows its buffer type and its wire form (without the 8-byte padding). */
public interface PacBufferData {
    PacBufferType bufferType();

    Bytes encode();
}
