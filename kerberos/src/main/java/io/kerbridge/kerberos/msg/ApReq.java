package io.kerbridge.kerberos.msg;

/**
 * AP-REQ [APPLICATION 14] (RFC 4120 §5.5.1). ap-options bits: 1 use-session-key, 2 mutual-required.
 * The authenticator decrypts (usage 7 in a PA-TGS-REQ, 11 otherwise) to an {@link Authenticator}.
 */
public record ApReq(int apOptions, Ticket ticket, EncryptedData authenticator) implements KrbMessage {
    public static final int USE_SESSION_KEY = 1, MUTUAL_REQUIRED = 2;

    public ApReq {
        java.util.Objects.requireNonNull(ticket, "ticket");
        java.util.Objects.requireNonNull(authenticator, "authenticator");
    }

    public boolean has(int bit) {
        return (apOptions & (1 << (31 - bit))) != 0;
    }
}
