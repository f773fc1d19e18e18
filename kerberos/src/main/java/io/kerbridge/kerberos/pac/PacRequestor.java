package io.kerbridge.kerberos.pac;

import io.kerbridge.kerberos.Bytes;
import java.util.Objects;

/** PAC_REQUESTOR (MS-PAC 2.15, buffer type 18): the SID of the client, in raw binary SID form. */
public record PacRequestor(Sid userSid) implements PacBufferData {
    public PacRequestor {
        Objects.requireNonNull(userSid, "userSid");
    }

    @Override
    public PacBufferType bufferType() {
        return PacBufferType.REQUESTOR;
    }

    public static PacRequestor decode(Bytes buffer) throws PacException {
        return new PacRequestor(Sid.decode(buffer));
    }

    @Override
    public Bytes encode() {
        return userSid.encode();
    }
}
