// Status strings for operators (MIT krb5 src/kdc "status" convention, style-anchors §1): stable,
// UPPER_CASE, written to the audit log and never to the wire.
package io.kerbridge.kdc;

/**
 * Why a request ended the way it did. The names are a contract: audit consumers and tests assert
 * on them, so they are only ever added, never renamed.
 */
public enum Status {
    ISSUED,
    MALFORMED,
    WRONG_MESSAGE_TYPE,
    WRONG_REALM,
    CLIENT_NOT_FOUND,
    SERVER_NOT_FOUND,
    SERVER_NOT_ALLOWED,
    CLIENT_DISABLED,
    CLIENT_LOCKED_OUT,
    CLIENT_EXPIRED,
    KEY_EXPIRED,
    PREAUTH_REQUIRED,
    PREAUTH_FAILED,
    PREAUTH_ETYPE_NOSUPP,
    SKEW,
    ETYPE_NOSUPP,
    BAD_OPTION,
    NEVER_VALID,
    NO_PA_TGS_REQ,
    NOT_A_TGT,
    TGT_ISSUER_UNKNOWN,
    UNKNOWN_KVNO,
    BAD_INTEGRITY,
    CLIENT_MISMATCH,
    INAPP_CKSUM,
    MODIFIED,
    TKT_EXPIRED,
    TKT_NOT_YET_VALID,
    RENEW_TILL_PASSED,
    NO_PAC,
    PAC_INVALID,
    PAC_BAD_SIGNATURE,
    PAC_CLIENT_MISMATCH,
    RODC_TGT_NOT_SUPPORTED,
    S4U_NOT_SUPPORTED,
    U2U_NOT_SUPPORTED,
    RESPONSE_TOO_BIG,
    REQUEST_TOO_LONG,
    INTERNAL_ERROR
}
