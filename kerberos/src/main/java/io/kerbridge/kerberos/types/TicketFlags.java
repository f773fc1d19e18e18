package io.kerbridge.kerberos.types;

/**
 * TicketFlags (RFC 4120 §5.3; bit 15 enc-pa-rep from RFC 6806 §11). Bit 0 is the most
 * significant bit of {@link #bits()}, as in the DER BIT STRING.
 */
public record TicketFlags(int bits) {
    public static final int RESERVED = 0, FORWARDABLE = 1, FORWARDED = 2, PROXIABLE = 3, PROXY = 4,
            MAY_POSTDATE = 5, POSTDATED = 6, INVALID = 7, RENEWABLE = 8, INITIAL = 9, PRE_AUTHENT = 10,
            HW_AUTHENT = 11, TRANSITED_POLICY_CHECKED = 12, OK_AS_DELEGATE = 13, ENC_PA_REP = 15,
            ANONYMOUS = 16;

    public static final TicketFlags NONE = new TicketFlags(0);

    public static TicketFlags of(int... bitNumbers) {
        int b = 0;
        for (int n : bitNumbers) {
            b |= 1 << (31 - n);
        }
        return new TicketFlags(b);
    }

    public boolean has(int bit) {
        return (bits & (1 << (31 - bit))) != 0;
    }

    public TicketFlags with(int bit) {
        return new TicketFlags(bits | (1 << (31 - bit)));
    }

    public TicketFlags without(int bit) {
        return new TicketFlags(bits & ~(1 << (31 - bit)));
    }
}
