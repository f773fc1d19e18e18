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
    INTERNAL_ERROR,
    // ---- the partial-TGT exchange (RODC-issued TGT for a full TGT, notes §2.5-§2.8)
    /** A partial TGT exchanged for a full TGT or a service ticket. */
    EXCHANGED,
    /** Exchanged, and the KERB-KEY-LIST-REP carried the client's keys (MS-KILE 3.3.5.7.8). */
    KEY_LIST_RETURNED,
    /** No krbtgt_&lt;n&gt; for the ticket's RODC number. */
    RODC_UNKNOWN,
    /** krbtgt_&lt;n&gt; is not linked from any RODC computer object (msDS-KrbTgtLink). */
    RODC_NOT_LINKED,
    /** The RODC computer object lacks UF_PARTIAL_SECRETS_ACCOUNT. */
    RODC_NO_PARTIAL_SECRETS,
    /** A token SID is in msDS-NeverRevealGroup. */
    PRP_DENIED,
    /** No token SID is in msDS-RevealOnDemandGroup. */
    PRP_NOT_ALLOWED,
    /** The client is a krbtgt or trust account: never revealed. */
    PRP_CLIENT_IS_KRBTGT,
    /** The partial PAC has no PAC_REQUESTOR. */
    NO_REQUESTER_SID,
    /** PAC_REQUESTOR is not the SID of the account the cname names. */
    REQUESTER_SID_MISMATCH,
    /** S4U2Self with an RODC-issued TGT. */
    RODC_S4U,
    /** RENEW of an RODC-issued TGT. */
    RODC_RENEW;

    /** A ticket was issued (plain, or by exchanging a partial TGT). */
    public boolean issued() {
        return this == ISSUED || this == EXCHANGED || this == KEY_LIST_RETURNED;
    }
}
