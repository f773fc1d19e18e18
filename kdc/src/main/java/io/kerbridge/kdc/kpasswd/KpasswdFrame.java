package io.kerbridge.kdc.kpasswd;

import io.kerbridge.kerberos.Bytes;
import java.util.Optional;

/**
 * The RFC 3244 §2 message framing, the same for requests and replies:
 *
 * <pre>
 *  0                   1                   2                   3
 * +-------------------------------+-------------------------------+
 * |        message length         |    protocol version number    |
 * +-------------------------------+-------------------------------+
 * |    AP-REQ / AP-REP length     |  AP-REQ / AP-REP data, KRB-PRIV or KRB-ERROR ...
 * </pre>
 *
 * All numbers are 16-bit big-endian; the message length counts the whole message. Version 0x0001
 * is a change-password request (user-data = the new password), 0xff80 a set-password request
 * (user-data = {@link ChangePasswdData}). Replies carry version 0x0001 (RFC 3244 §2), and an
 * AP-REP length of 0 means the rest is a KRB-ERROR. (For a set-password request RFC 3244 sends
 * the KRB-ERROR unframed, as Windows does; MIT's client reads both forms.) Over TCP the message is further wrapped in
 * the 4-byte length of RFC 4120 §7.2.2 (done by {@link KpasswdServer}).
 *
 * @param version the protocol version number
 * @param apMessage the AP-REQ (request) or AP-REP (reply); empty in an error reply
 * @param body the KRB-PRIV, or the KRB-ERROR of an error reply
 */
public record KpasswdFrame(int version, Bytes apMessage, Bytes body) {
    public static final int VERSION_CHANGE = 0x0001;
    public static final int VERSION_SET = 0xff80;
    /** The 16-bit message length bounds every kpasswd message. */
    public static final int MAX_MESSAGE = 0xFFFF;
    static final int HEADER = 6;

    public KpasswdFrame {
        java.util.Objects.requireNonNull(apMessage, "apMessage");
        java.util.Objects.requireNonNull(body, "body");
        if (version < 0 || version > 0xFFFF) {
            throw new IllegalArgumentException("version " + version);
        }
    }

    /** Why a message is not a well-formed frame. */
    public enum Defect {
        /** Shorter than the 6-byte header. */
        TRUNCATED,
        /** The message length field disagrees with the datagram / TCP record size. */
        LENGTH_MISMATCH,
        /** The AP-REQ/AP-REP length runs past the end (or leaves no room for the KRB-PRIV). */
        BAD_AP_LENGTH
    }

    /** A parse outcome: a frame, or the defect. */
    public sealed interface Parsed permits Ok, Bad {}

    public record Ok(KpasswdFrame frame) implements Parsed {}

    public record Bad(Defect defect) implements Parsed {}

    /**
     * Parses a message. A request must have a non-empty AP-REQ and a non-empty KRB-PRIV; a reply may
     * have an empty AP-REP (then the body is a KRB-ERROR).
     */
    public static Parsed parse(Bytes msg, boolean request) {
        int n = msg.length();
        if (n < HEADER) {
            return new Bad(Defect.TRUNCATED);
        }
        if (u16(msg, 0) != n) {
            return new Bad(Defect.LENGTH_MISMATCH);
        }
        int version = u16(msg, 2);
        int apLen = u16(msg, 4);
        // A request needs at least one byte of KRB-PRIV after the AP-REQ (MIT: "truncated in AP-REQ").
        if (HEADER + apLen > n || (request && (apLen == 0 || HEADER + apLen == n))) {
            return new Bad(Defect.BAD_AP_LENGTH);
        }
        return new Ok(new KpasswdFrame(version, msg.slice(HEADER, HEADER + apLen), msg.slice(HEADER + apLen, n)));
    }

    /** The version field of a message whose header is at least present. */
    public static Optional<Integer> peekVersion(Bytes msg) {
        return msg.length() < 4 ? Optional.empty() : Optional.of(u16(msg, 2));
    }

    public Bytes encode() {
        int n = HEADER + apMessage.length() + body.length();
        if (n > MAX_MESSAGE || apMessage.length() > MAX_MESSAGE) {
            throw new IllegalStateException("kpasswd message of " + n + " bytes does not fit the 16-bit length");
        }
        byte[] b = new byte[n];
        put16(b, 0, n);
        put16(b, 2, version);
        put16(b, 4, apMessage.length());
        System.arraycopy(apMessage.unsafeArray(), 0, b, HEADER, apMessage.length());
        System.arraycopy(body.unsafeArray(), 0, b, HEADER + apMessage.length(), body.length());
        return Bytes.wrap(b);
    }

    private static int u16(Bytes b, int at) {
        return ((b.get(at) & 0xFF) << 8) | (b.get(at + 1) & 0xFF);
    }

    private static void put16(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 8);
        b[at + 1] = (byte) v;
    }
}
