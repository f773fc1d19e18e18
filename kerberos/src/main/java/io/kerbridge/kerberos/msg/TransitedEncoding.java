package io.kerbridge.kerberos.msg;

import io.kerbridge.kerberos.Bytes;

/** TransitedEncoding (RFC 4120 §5.3): tr-type 1 is DOMAIN-X500-COMPRESS. */
public record TransitedEncoding(int trType, Bytes contents) {
    public static final TransitedEncoding EMPTY = new TransitedEncoding(1, Bytes.EMPTY);
}
