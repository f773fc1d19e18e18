package io.kerbridge.kerberos.gss;

import io.kerbridge.kerberos.Bytes;
import java.util.Objects;

/**
 * An OBJECT IDENTIFIER kept as its DER content octets (X.690 §8.19), which is what GSS tokens compare.
 * The mechanisms this acceptor knows are constants here.
 */
public record Oid(Bytes der) {
    /** The Kerberos V5 GSS-API mechanism (RFC 1964, RFC 4121 §1.1). */
    public static final Oid KRB5 = Oid.parse("1.2.840.113554.1.2.2");
    /**
     * The same mechanism under the OID Windows 2000 shipped with a truncated arc (RFC 4178 §1 note; MS-SPNG
     * 3.1.5.2). Windows and Chromium may list it first; tokens are otherwise identical.
     */
    public static final Oid MS_KRB5 = Oid.parse("1.2.840.48018.1.2.2");
    /** SPNEGO (RFC 4178 §3). */
    public static final Oid SPNEGO = Oid.parse("1.3.6.1.5.5.2");
    /** NTLMSSP: recognised only to be refused. */
    public static final Oid NTLMSSP = Oid.parse("1.3.6.1.4.1.311.2.2.10");

    public Oid {
        Objects.requireNonNull(der, "der");
    }

    /** True for both Kerberos mechanism OIDs. */
    public boolean isKerberos() {
        return equals(KRB5) || equals(MS_KRB5);
    }

    /** Parses dotted text ("1.2.840.113554.1.2.2"); for constants and tests. */
    public static Oid parse(String dotted) {
        String[] arcs = dotted.split("\\.");
        if (arcs.length < 2) {
            throw new IllegalArgumentException("OID needs two arcs: " + dotted);
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        long first = Long.parseLong(arcs[0]) * 40 + Long.parseLong(arcs[1]);
        base128(out, first);
        for (int i = 2; i < arcs.length; i++) {
            base128(out, Long.parseLong(arcs[i]));
        }
        return new Oid(Bytes.wrap(out.toByteArray()));
    }

    private static void base128(java.io.ByteArrayOutputStream out, long v) {
        int n = 1;
        while ((v >>> (7 * n)) != 0) {
            n++;
        }
        for (int i = n - 1; i >= 0; i--) {
            out.write((int) ((v >>> (7 * i)) & 0x7F) | (i > 0 ? 0x80 : 0));
        }
    }

    /** Dotted text; arcs too long for a long, or a dangling continuation, print as "?". */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        long v = 0;
        int bits = 0;
        boolean firstArc = true;
        for (int i = 0; i < der.length(); i++) {
            int o = der.get(i) & 0xFF;
            v = (v << 7) | (o & 0x7F);
            bits += 7;
            if (bits > 63) {
                return b.append(b.isEmpty() ? "" : ".").append('?').toString();
            }
            if ((o & 0x80) == 0) {
                if (firstArc) {
                    long a = v < 80 ? v / 40 : 2;
                    b.append(a).append('.').append(v - 40 * a);
                    firstArc = false;
                } else {
                    b.append('.').append(v);
                }
                v = 0;
                bits = 0;
            }
        }
        return bits > 0 ? b.append(".?").toString() : b.toString();
    }
}
