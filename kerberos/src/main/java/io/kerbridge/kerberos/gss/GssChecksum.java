// RFC 4121 §4.1.1 (the authenticator checksum of the Kerberos V5 GSS mechanism).
package io.kerbridge.kerberos.gss;

import io.kerbridge.kerberos.Bytes;
import io.kerbridge.kerberos.gss.AcceptException.Reason;
import io.kerbridge.kerberos.types.Checksum;
import io.kerbridge.kerberos.types.ChecksumType;
import java.util.Optional;

/**
 * The value of an authenticator checksum of type 0x8003 (RFC 4121 §4.1.1):
 *
 * <pre>
 *   0..3   Lgth    = 16, little-endian
 *   4..19  Bnd     MD5 of the channel bindings, or zeros
 *   20..23 Flags   GSS context flags, little-endian
 *   24..25 DlgOpt  = 1        } present only when GSS_C_DELEG_FLAG is set
 *   26..27 Dlgth              }
 *   28..   Deleg   KRB-CRED   }
 *   ...    Exts    extensions (ignored)
 * </pre>
 */
public record GssChecksum(Bytes bindings, GssFlags flags, Optional<Bytes> delegation) {
    static final int BASE_LENGTH = 24;
    static final int BINDINGS_LENGTH = 16;

    /** Parses the checksum of an authenticator; refuses anything but a well-formed 0x8003 value. */
    public static GssChecksum parse(Optional<Checksum> cksum) throws AcceptException {
        if (cksum.isEmpty()) {
            throw new AcceptException(Reason.BAD_CHECKSUM, "authenticator has no checksum");
        }
        if (!cksum.get().type().equals(ChecksumType.GSSAPI)) {
            throw new AcceptException(Reason.BAD_CHECKSUM, "checksum type " + cksum.get().type() + ", not 0x8003");
        }
        Bytes v = cksum.get().value();
        if (v.length() < BASE_LENGTH) {
            throw new AcceptException(Reason.BAD_CHECKSUM, "0x8003 checksum of " + v.length() + " bytes");
        }
        if (le32(v, 0) != BINDINGS_LENGTH) {
            throw new AcceptException(Reason.BAD_CHECKSUM, "Lgth " + Integer.toUnsignedString(le32(v, 0)) + " != 16");
        }
        Bytes bnd = v.slice(4, 4 + BINDINGS_LENGTH);
        GssFlags flags = new GssFlags(le32(v, 20));
        Optional<Bytes> deleg = Optional.empty();
        if (flags.delegation()) {
            if (v.length() < BASE_LENGTH + 4) {
                throw new AcceptException(Reason.BAD_CHECKSUM, "delegation flag without DlgOpt/Dlgth");
            }
            int dlgOpt = le16(v, 24);
            int dlgth = le16(v, 26);
            if (dlgOpt != 1) {
                throw new AcceptException(Reason.BAD_CHECKSUM, "DlgOpt " + dlgOpt + " != 1");
            }
            if (dlgth > v.length() - (BASE_LENGTH + 4)) {
                throw new AcceptException(Reason.BAD_CHECKSUM, "Dlgth " + dlgth + " past the checksum");
            }
            deleg = Optional.of(v.slice(BASE_LENGTH + 4, BASE_LENGTH + 4 + dlgth));
        }
        return new GssChecksum(bnd, flags, deleg);
    }

    /** True when the initiator sent no channel bindings (all-zero Bnd, RFC 4121 §4.1.1.2). */
    public boolean noBindings() {
        for (int i = 0; i < bindings.length(); i++) {
            if (bindings.get(i) != 0) {
                return false;
            }
        }
        return true;
    }

    /** Encodes a checksum value (for test initiators). */
    public static Bytes encode(Bytes bindings, int flags, Optional<Bytes> delegation) {
        int len = BASE_LENGTH + delegation.map(d -> 4 + d.length()).orElse(0);
        byte[] out = new byte[len];
        putLe(out, 0, BINDINGS_LENGTH, 4);
        System.arraycopy(bindings.unsafeArray(), 0, out, 4, BINDINGS_LENGTH);
        putLe(out, 20, flags, 4);
        delegation.ifPresent(d -> {
            putLe(out, 24, 1, 2);
            putLe(out, 26, d.length(), 2);
            System.arraycopy(d.unsafeArray(), 0, out, 28, d.length());
        });
        return Bytes.wrap(out);
    }

    private static void putLe(byte[] b, int off, int v, int n) {
        for (int i = 0; i < n; i++) {
            b[off + i] = (byte) (v >>> (8 * i));
        }
    }

    static int le32(Bytes b, int off) {
        return (b.get(off) & 0xFF) | (b.get(off + 1) & 0xFF) << 8 | (b.get(off + 2) & 0xFF) << 16
                | (b.get(off + 3) & 0xFF) << 24;
    }

    static int le16(Bytes b, int off) {
        return (b.get(off) & 0xFF) | (b.get(off + 1) & 0xFF) << 8;
    }
}
