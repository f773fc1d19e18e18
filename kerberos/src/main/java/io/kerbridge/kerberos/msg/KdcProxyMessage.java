package io.kerbridge.kerberos.msg;

import io.kerbridge.kerberos.Bytes;
import java.util.Optional;

/**
 * KDC-PROXY-MESSAGE (MS-KKDCP 2.2.2): {@code kerb-message} is a Kerberos message with its 4-byte
 * TCP length prefix (RFC 4120 §7.2.2), as the KKDCP client and proxy exchange it.
 */
public record KdcProxyMessage(Bytes kerbMessage, Optional<String> targetDomain, Optional<Integer> dclocatorHint) {
    public KdcProxyMessage {
        java.util.Objects.requireNonNull(kerbMessage, "kerbMessage");
    }
}
