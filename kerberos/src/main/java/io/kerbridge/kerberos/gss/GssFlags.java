package io.kerbridge.kerberos.gss;

/**
 * The context flags an initiator put in the 0x8003 authenticator checksum (RFC 4121 §4.1.1.1; values
 * from RFC 2744 §3.9, plus the DCE-style and extended-error bits of RFC 4757 / MS-KILE 3.2.5.2).
 */
public record GssFlags(int bits) {
    public static final int DELEG = 1, MUTUAL = 2, REPLAY = 4, SEQUENCE = 8, CONF = 16, INTEG = 32,
            ANON = 64, DCE_STYLE = 0x1000, IDENTIFY = 0x2000, EXTENDED_ERROR = 0x4000;

    public boolean has(int flag) {
        return (bits & flag) == flag;
    }

    public boolean mutual() {
        return has(MUTUAL);
    }

    public boolean delegation() {
        return has(DELEG);
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("GssFlags[");
        String[] names = {"deleg", "mutual", "replay", "sequence", "conf", "integ", "anon"};
        for (int i = 0; i < names.length; i++) {
            if ((bits & (1 << i)) != 0) {
                b.append(names[i]).append(' ');
            }
        }
        if (has(DCE_STYLE)) {
            b.append("dce-style ");
        }
        return b.append("0x").append(Integer.toHexString(bits)).append(']').toString();
    }
}
