package io.kerbridge.kdc.kpasswd;

/**
 * The kpasswd result codes (RFC 3244 §2; 0-4 come from the original change-password protocol,
 * draft-ietf-cat-kerb-chg-password-02). A reply's KRB-PRIV user-data, or the e-data of its
 * KRB-ERROR, is the code as a 16-bit big-endian number followed by a result string. SUCCESS is
 * never sent in a KRB-ERROR.
 */
public enum KpasswdResult {
    SUCCESS(0),
    /** The request could not be parsed. */
    MALFORMED(1),
    /** A server failure ("hard error"): nothing was changed. */
    HARDERROR(2),
    /** The AP-REQ did not authenticate. */
    AUTHERROR(3),
    /** Refused by policy (length, complexity, history, minimum age): the user may retry. */
    SOFTERROR(4),
    /** The caller may not change or set this password. */
    ACCESSDENIED(5),
    /** Unknown protocol version. */
    BAD_VERSION(6),
    /** A change of one's own password needs an INITIAL ticket (one from the AS, with the password). */
    INITIAL_FLAG_NEEDED(7);

    private final int code;

    KpasswdResult(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static java.util.Optional<KpasswdResult> of(int code) {
        for (KpasswdResult r : values()) {
            if (r.code == code) {
                return java.util.Optional.of(r);
            }
        }
        return java.util.Optional.empty();
    }
}
