package io.kerbridge.kerberos.msg;

import io.kerbridge.kerberos.types.EncryptionKey;
import java.time.Instant;
import java.util.Optional;

/** EncAPRepPart [APPLICATION 27] (RFC 4120 §5.5.2). */
public record EncApRepPart(Instant ctime, int cusec, Optional<EncryptionKey> subkey, Optional<Integer> seqNumber) {
    public EncApRepPart {
        java.util.Objects.requireNonNull(ctime, "ctime");
    }
}
