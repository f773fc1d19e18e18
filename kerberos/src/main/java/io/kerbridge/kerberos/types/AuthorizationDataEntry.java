package io.kerbridge.kerberos.types;

import io.kerbridge.kerberos.Bytes;

/**
 * One element of AuthorizationData (RFC 4120 §5.2.6): ad-type and the ad-data bytes exactly as
 * received (for AD-IF-RELEVANT they are a DER AuthorizationData; for AD-WIN2K-PAC the PAC).
 */
public record AuthorizationDataEntry(AuthzDataType type, Bytes data) {
    public AuthorizationDataEntry {
        java.util.Objects.requireNonNull(type, "type");
        java.util.Objects.requireNonNull(data, "data");
    }
}
