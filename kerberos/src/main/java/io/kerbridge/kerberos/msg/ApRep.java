package io.kerbridge.kerberos.msg;

/** AP-REP [APPLICATION 15] (RFC 4120 §5.5.2); enc-part (usage 12) is an {@link EncApRepPart}. */
public record ApRep(EncryptedData encPart) implements KrbMessage {
    public ApRep {
        java.util.Objects.requireNonNull(encPart, "encPart");
    }
}
