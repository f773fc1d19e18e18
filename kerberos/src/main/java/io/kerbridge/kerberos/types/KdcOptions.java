package io.kerbridge.kerberos.types;

/**
 * KDCOptions (RFC 4120 §5.4.1; canonicalize bit 15 from RFC 6806 §11). Bit 0 is the most
 * significant bit of {@link #bits()}.
 */
public record KdcOptions(int bits) {
    public static final int FORWARDABLE = 1, FORWARDED = 2, PROXIABLE = 3, PROXY = 4, ALLOW_POSTDATE = 5,
            POSTDATED = 6, RENEWABLE = 8, OPT_HARDWARE_AUTH = 11, CONSTRAINED_DELEGATION = 14,
            CANONICALIZE = 15, REQUEST_ANONYMOUS = 16, DISABLE_TRANSITED_CHECK = 26, RENEWABLE_OK = 27,
            ENC_TKT_IN_SKEY = 28, RENEW = 30, VALIDATE = 31;

    public static final KdcOptions NONE = new KdcOptions(0);

    public static KdcOptions of(int... bitNumbers) {
        int b = 0;
        for (int n : bitNumbers) {
            b |= 1 << (31 - n);
        }
        return new KdcOptions(b);
    }

    public boolean has(int bit) {
        return (bits & (1 << (31 - bit))) != 0;
    }

    public KdcOptions with(int bit) {
        return new KdcOptions(bits | (1 << (31 - bit)));
    }
}
