package io.kerbridge.kerberos.crypto;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Password encodings. The returned arrays are the caller's to wipe. */
final class Passwords {
    private Passwords() {}

    /** Strict UTF-8 (RFC 3962 §4): a lone surrogate is an error, not a '?'. */
    static byte[] utf8(char[] password) throws KerberosCryptoException {
        try {
            ByteBuffer bb = StandardCharsets.UTF_8.newEncoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .encode(CharBuffer.wrap(password));
            byte[] out = Arrays.copyOfRange(bb.array(), bb.position(), bb.limit());
            Arrays.fill(bb.array(), (byte) 0);
            return out;
        } catch (CharacterCodingException e) {
            throw new KerberosCryptoException("password is not valid Unicode");
        }
    }

    /** UTF-16LE code units, as Windows hashes passwords. */
    static byte[] utf16le(char[] password) {
        byte[] out = new byte[password.length * 2];
        for (int i = 0; i < password.length; i++) {
            out[2 * i] = (byte) password[i];
            out[2 * i + 1] = (byte) (password[i] >>> 8);
        }
        return out;
    }

    /** Parses 4-octet big-endian iteration-count s2kparams (RFC 3962 §4, RFC 8009 §4). */
    static int iterations(io.kerbridge.kerberos.Bytes params) throws KerberosCryptoException {
        if (params.length() != 4) {
            throw new KerberosCryptoException("s2kparams must be 4 octets, got " + params.length());
        }
        long n = ((params.get(0) & 0xffL) << 24) | ((params.get(1) & 0xff) << 16) | ((params.get(2) & 0xff) << 8)
                | (params.get(3) & 0xff);
        if (n < 1 || n > MAX_ITERATIONS) {
            throw new KerberosCryptoException("s2k iteration count out of range: " + n);
        }
        return (int) n;
    }

    /** Upper bound on the PBKDF2 iteration count we accept (as MIT), against a hostile KDC's params. */
    static final int MAX_ITERATIONS = 16_777_216;
}
