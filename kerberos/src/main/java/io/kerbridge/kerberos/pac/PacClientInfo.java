package io.kerbridge.kerberos.pac;

import io.kerbridge.kerberos.Bytes;
import io.kerbridge.kerberos.pac.PacException.Reason;
import java.util.Objects;

/**
 * PAC_CLIENT_INFO (MS-PAC 2.7, buffer type 10): ClientId (FILETIME, the ticket's authtime), NameLength
 * (bytes) and Name (UTF-16LE, no terminator).
 */
public record PacClientInfo(FileTime clientId, String name) implements PacBufferData {
    public PacClientInfo {
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(name, "name");
        if (2L * name.length() > 0xFFFF) {
            throw new IllegalArgumentException("name too long");
        }
    }

    @Override
    public PacBufferType bufferType() {
        return PacBufferType.CLIENT_INFO;
    }

    public static PacClientInfo decode(Bytes buffer) throws PacException {
        NdrReader r = NdrReader.of(buffer);
        FileTime clientId = new FileTime(r.u64());
        int nameLength = r.u16();
        if ((nameLength & 1) != 0) {
            throw new PacException(Reason.BAD_STRING, "PAC_CLIENT_INFO NameLength " + nameLength + " is odd");
        }
        return new PacClientInfo(clientId, r.utf16(nameLength / 2));
    }

    @Override
    public Bytes encode() {
        return new NdrWriter(10 + 2 * name.length()).u64(clientId.value()).u16(2 * name.length()).utf16(name).toBytes();
    }
}
