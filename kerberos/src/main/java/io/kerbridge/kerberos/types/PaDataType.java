package io.kerbridge.kerberos.types;

/**
 * PA-DATA types (RFC 4120 §7.5.2, RFC 6113, MS-KILE 2.2; impacket constants.py).
 * An open enum: values without a constant survive decode and encode unchanged.
 */
public record PaDataType(int value) implements OpenEnum {
    public static final PaDataType PA_TGS_REQ = new PaDataType(1);
    public static final PaDataType PA_ENC_TIMESTAMP = new PaDataType(2);
    public static final PaDataType PA_PW_SALT = new PaDataType(3);
    public static final PaDataType PA_ETYPE_INFO = new PaDataType(11);
    public static final PaDataType PA_PK_AS_REQ = new PaDataType(16);
    public static final PaDataType PA_PK_AS_REP = new PaDataType(17);
    public static final PaDataType PA_ETYPE_INFO2 = new PaDataType(19);
    public static final PaDataType PA_SVR_REFERRAL_INFO = new PaDataType(20);
    public static final PaDataType PA_FX_COOKIE = new PaDataType(133);
    public static final PaDataType PA_FX_FAST = new PaDataType(136);
    public static final PaDataType PA_FX_ERROR = new PaDataType(137);
    public static final PaDataType PA_ENCRYPTED_CHALLENGE = new PaDataType(138);
    public static final PaDataType PA_PAC_REQUEST = new PaDataType(128);
    public static final PaDataType PA_FOR_USER = new PaDataType(129);
    public static final PaDataType PA_REQ_ENC_PA_REP = new PaDataType(149);
    public static final PaDataType PA_AS_FRESHNESS = new PaDataType(150);
    public static final PaDataType KERB_KEY_LIST_REQ = new PaDataType(161);
    public static final PaDataType KERB_KEY_LIST_REP = new PaDataType(162);
    public static final PaDataType PA_SUPPORTED_ENCTYPES = new PaDataType(165);
    public static final PaDataType PA_PAC_OPTIONS = new PaDataType(167);

    public static PaDataType of(int value) {
        return new PaDataType(value);
    }

    @Override
    public String toString() {
        return name() + "(" + value + ")";
    }
}
