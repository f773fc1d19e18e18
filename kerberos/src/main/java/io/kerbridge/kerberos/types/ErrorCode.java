package io.kerbridge.kerberos.types;

/**
 * Kerberos error codes (RFC 4120 §7.5.9; MS-KILE 3.1.5.x notes).
 * An open enum: values without a constant survive decode and encode unchanged.
 */
public record ErrorCode(int value) implements OpenEnum {
    public static final ErrorCode KDC_ERR_NONE = new ErrorCode(0);
    public static final ErrorCode KDC_ERR_NAME_EXP = new ErrorCode(1);
    public static final ErrorCode KDC_ERR_SERVICE_EXP = new ErrorCode(2);
    public static final ErrorCode KDC_ERR_BAD_PVNO = new ErrorCode(3);
    public static final ErrorCode KDC_ERR_C_OLD_MAST_KVNO = new ErrorCode(4);
    public static final ErrorCode KDC_ERR_S_OLD_MAST_KVNO = new ErrorCode(5);
    public static final ErrorCode KDC_ERR_C_PRINCIPAL_UNKNOWN = new ErrorCode(6);
    public static final ErrorCode KDC_ERR_S_PRINCIPAL_UNKNOWN = new ErrorCode(7);
    public static final ErrorCode KDC_ERR_PRINCIPAL_NOT_UNIQUE = new ErrorCode(8);
    public static final ErrorCode KDC_ERR_NULL_KEY = new ErrorCode(9);
    public static final ErrorCode KDC_ERR_CANNOT_POSTDATE = new ErrorCode(10);
    public static final ErrorCode KDC_ERR_NEVER_VALID = new ErrorCode(11);
    public static final ErrorCode KDC_ERR_POLICY = new ErrorCode(12);
    public static final ErrorCode KDC_ERR_BADOPTION = new ErrorCode(13);
    public static final ErrorCode KDC_ERR_ETYPE_NOSUPP = new ErrorCode(14);
    public static final ErrorCode KDC_ERR_SUMTYPE_NOSUPP = new ErrorCode(15);
    public static final ErrorCode KDC_ERR_PADATA_TYPE_NOSUPP = new ErrorCode(16);
    public static final ErrorCode KDC_ERR_TRTYPE_NOSUPP = new ErrorCode(17);
    public static final ErrorCode KDC_ERR_CLIENT_REVOKED = new ErrorCode(18);
    public static final ErrorCode KDC_ERR_SERVICE_REVOKED = new ErrorCode(19);
    public static final ErrorCode KDC_ERR_TGT_REVOKED = new ErrorCode(20);
    public static final ErrorCode KDC_ERR_CLIENT_NOTYET = new ErrorCode(21);
    public static final ErrorCode KDC_ERR_SERVICE_NOTYET = new ErrorCode(22);
    public static final ErrorCode KDC_ERR_KEY_EXPIRED = new ErrorCode(23);
    public static final ErrorCode KDC_ERR_PREAUTH_FAILED = new ErrorCode(24);
    public static final ErrorCode KDC_ERR_PREAUTH_REQUIRED = new ErrorCode(25);
    public static final ErrorCode KDC_ERR_SERVER_NOMATCH = new ErrorCode(26);
    public static final ErrorCode KDC_ERR_MUST_USE_USER2USER = new ErrorCode(27);
    public static final ErrorCode KDC_ERR_PATH_NOT_ACCEPTED = new ErrorCode(28);
    public static final ErrorCode KDC_ERR_SVC_UNAVAILABLE = new ErrorCode(29);
    public static final ErrorCode KRB_AP_ERR_BAD_INTEGRITY = new ErrorCode(31);
    public static final ErrorCode KRB_AP_ERR_TKT_EXPIRED = new ErrorCode(32);
    public static final ErrorCode KRB_AP_ERR_TKT_NYV = new ErrorCode(33);
    public static final ErrorCode KRB_AP_ERR_REPEAT = new ErrorCode(34);
    public static final ErrorCode KRB_AP_ERR_NOT_US = new ErrorCode(35);
    public static final ErrorCode KRB_AP_ERR_BADMATCH = new ErrorCode(36);
    public static final ErrorCode KRB_AP_ERR_SKEW = new ErrorCode(37);
    public static final ErrorCode KRB_AP_ERR_BADADDR = new ErrorCode(38);
    public static final ErrorCode KRB_AP_ERR_BADVERSION = new ErrorCode(39);
    public static final ErrorCode KRB_AP_ERR_MSG_TYPE = new ErrorCode(40);
    public static final ErrorCode KRB_AP_ERR_MODIFIED = new ErrorCode(41);
    public static final ErrorCode KRB_AP_ERR_BADORDER = new ErrorCode(42);
    public static final ErrorCode KRB_AP_ERR_BADKEYVER = new ErrorCode(44);
    public static final ErrorCode KRB_AP_ERR_NOKEY = new ErrorCode(45);
    public static final ErrorCode KRB_AP_ERR_MUT_FAIL = new ErrorCode(46);
    public static final ErrorCode KRB_AP_ERR_BADDIRECTION = new ErrorCode(47);
    public static final ErrorCode KRB_AP_ERR_METHOD = new ErrorCode(48);
    public static final ErrorCode KRB_AP_ERR_BADSEQ = new ErrorCode(49);
    public static final ErrorCode KRB_AP_ERR_INAPP_CKSUM = new ErrorCode(50);
    public static final ErrorCode KRB_AP_PATH_NOT_ACCEPTED = new ErrorCode(51);
    public static final ErrorCode KRB_ERR_RESPONSE_TOO_BIG = new ErrorCode(52);
    public static final ErrorCode KRB_ERR_GENERIC = new ErrorCode(60);
    public static final ErrorCode KRB_ERR_FIELD_TOOLONG = new ErrorCode(61);
    public static final ErrorCode KDC_ERR_CLIENT_NOT_TRUSTED = new ErrorCode(62);
    public static final ErrorCode KDC_ERR_WRONG_REALM = new ErrorCode(68);
    public static final ErrorCode KDC_ERR_PREAUTH_EXPIRED = new ErrorCode(90);
    public static final ErrorCode KDC_ERR_MORE_PREAUTH_DATA_REQUIRED = new ErrorCode(91);
    public static final ErrorCode KDC_ERR_UNKNOWN_CRITICAL_FAST_OPTIONS = new ErrorCode(93);

    public static ErrorCode of(int value) {
        return new ErrorCode(value);
    }

    @Override
    public String toString() {
        return name() + "(" + value + ")";
    }
}
