package io.kerbridge.kerberos.types;

/**
 * Key usage numbers (RFC 4120 §7.5.1; MS-KILE 3.1.5.9 / MS-PAC 2.8 for 17). Crypto calls take a
 * KeyUsage, never a bare int. Open, so test vectors and GSS usages (RFC 4121) can name others.
 */
public record KeyUsage(int value) {
    public static final KeyUsage PA_ENC_TIMESTAMP = new KeyUsage(1);
    public static final KeyUsage KDC_REP_TICKET = new KeyUsage(2);
    public static final KeyUsage AS_REP_ENC_PART = new KeyUsage(3);
    public static final KeyUsage TGS_REQ_AD_SESSION_KEY = new KeyUsage(4);
    public static final KeyUsage TGS_REQ_AD_SUBKEY = new KeyUsage(5);
    public static final KeyUsage TGS_REQ_AUTH_CKSUM = new KeyUsage(6);
    public static final KeyUsage TGS_REQ_AUTH = new KeyUsage(7);
    public static final KeyUsage TGS_REP_ENC_PART_SESSION_KEY = new KeyUsage(8);
    public static final KeyUsage TGS_REP_ENC_PART_SUBKEY = new KeyUsage(9);
    public static final KeyUsage AP_REQ_AUTH_CKSUM = new KeyUsage(10);
    public static final KeyUsage AP_REQ_AUTH = new KeyUsage(11);
    public static final KeyUsage AP_REP_ENC_PART = new KeyUsage(12);
    public static final KeyUsage KRB_PRIV_ENC_PART = new KeyUsage(13);
    public static final KeyUsage KRB_CRED_ENC_PART = new KeyUsage(14);
    public static final KeyUsage KRB_SAFE_CKSUM = new KeyUsage(15);
    /** KERB_NON_KERB_CKSUM_SALT: PAC signatures (MS-PAC 2.8). */
    public static final KeyUsage KERB_NON_KERB_CKSUM_SALT = new KeyUsage(17);
    public static final KeyUsage AD_KDC_ISSUED_CKSUM = new KeyUsage(19);
    public static final KeyUsage GSS_ACCEPTOR_SEAL = new KeyUsage(22);
    public static final KeyUsage GSS_ACCEPTOR_SIGN = new KeyUsage(23);
    public static final KeyUsage GSS_INITIATOR_SEAL = new KeyUsage(24);
    public static final KeyUsage GSS_INITIATOR_SIGN = new KeyUsage(25);
    /** RFC 6113 §5.4.3: KEY_USAGE_FAST_REQ_CHKSUM etc. are 50+; RFC 6806 enc-pa-rep checksum. */
    public static final KeyUsage KEY_USAGE_AS_REQ = new KeyUsage(56);

    public static KeyUsage of(int value) {
        return new KeyUsage(value);
    }
}
