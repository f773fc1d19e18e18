package io.kerbridge.kerberos.msg;

/**
 * KRB-PRIV [APPLICATION 21] (RFC 4120 §5.7.1): {@code pvno [0] 5, msg-type [1] 21, enc-part [3]
 * EncryptedData} (there is no field [2]). The enc-part decrypts, key usage 13 (§7.5.1), to an
 * {@link EncKrbPrivPart}; RFC 3244 (kpasswd) carries the password and the result in it.
 * Encoded and decoded by {@link PrivCodec}.
 */
public record KrbPriv(EncryptedData encPart) {
    public KrbPriv {
        java.util.Objects.requireNonNull(encPart, "encPart");
    }
}
