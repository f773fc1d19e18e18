package io.kerbridge.kerberos.gss;

/**
 * A security context token was refused. Every refusal carries a {@link Reason}; no input, however
 * malformed, makes the acceptor throw anything else. The message is for operators' logs and must not be
 * sent to the peer.
 */
public final class AcceptException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Why a token was refused. Stable names: tests, logs and audit assert on them. */
    public enum Reason {
        /** Not a token of any form we accept, or a DER/framing/length error inside one. */
        MALFORMED,
        /** A well-formed SPNEGO or GSS token for a mechanism other than Kerberos V5. */
        BAD_MECH,
        /** A SPNEGO token this one-round acceptor does not handle (a NegTokenResp, no mechToken). */
        UNSUPPORTED_TOKEN,
        /** The ticket names a server principal or realm this acceptor does not serve. */
        WRONG_SERVER,
        /** No key for the ticket's server principal, kvno and enctype. */
        NO_KEY,
        /** The ticket, session key or subkey uses an enctype this implementation does not support. */
        UNSUPPORTED_ENCTYPE,
        /** Ticket or authenticator failed to decrypt (wrong key or tampered ciphertext). */
        BAD_INTEGRITY,
        /** The authenticator's cname/crealm differ from the ticket's (KRB_AP_ERR_BADMATCH). */
        CLIENT_MISMATCH,
        /** The authenticator's ctime is outside the allowed clock skew (KRB_AP_ERR_SKEW). */
        SKEW,
        /** The ticket's start time is in the future, or it carries the INVALID flag (KRB_AP_ERR_TKT_NYV). */
        TKT_NOT_YET_VALID,
        /** The ticket's end time has passed (KRB_AP_ERR_TKT_EXPIRED). */
        TKT_EXPIRED,
        /** The same authenticator was seen before within the skew window (KRB_AP_ERR_REPEAT). */
        REPLAY,
        /** The replay cache is full of live entries; refusing is safer than forgetting one. */
        REPLAY_CACHE_FULL,
        /** The authenticator has no RFC 4121 §4.1.1 checksum (type 0x8003), or it is malformed. */
        BAD_CHECKSUM,
        /** Channel bindings were required and the initiator's do not match (RFC 4121 §4.1.1.2). */
        BAD_BINDINGS,
        /** Delegated credentials (KRB-CRED) could not be decrypted or decoded. */
        BAD_DELEGATION,
        /** The ticket's PAC is malformed or its server signature does not verify (MS-PAC 2.8). */
        BAD_PAC,
        /** The AP-REQ asks for user-to-user authentication (use-session-key), which is not supported. */
        USER_TO_USER
    }

    private final Reason reason;

    public AcceptException(Reason reason, String message) {
        super(reason + ": " + message, null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
