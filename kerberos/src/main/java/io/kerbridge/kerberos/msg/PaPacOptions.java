package io.kerbridge.kerberos.msg;

/**
 * PA-PAC-OPTIONS (MS-KILE 2.2.10): KerberosFlags; bit 0 claims, 1 branch-aware, 2 forward-to-full-DC,
 * 3 resource-based constrained delegation.
 */
public record PaPacOptions(int flags) {
    public static final int CLAIMS = 0, BRANCH_AWARE = 1, FORWARD_TO_FULL_DC = 2, RBCD = 3;

    public boolean has(int bit) {
        return (flags & (1 << (31 - bit))) != 0;
    }

    public static PaPacOptions of(int... bits) {
        int f = 0;
        for (int b : bits) {
            f |= 1 << (31 - b);
        }
        return new PaPacOptions(f);
    }
}
