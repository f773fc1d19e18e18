package io.kerbridge.kerberos.crypto;

import io.kerbridge.kerberos.types.EncType;
import io.kerbridge.kerberos.types.EncryptionKey;
import java.util.Arrays;
import org.bouncycastle.crypto.digests.MD4Digest;

/** The NT hash, MD4(UTF-16LE(password)): the rc4-hmac (23) key of an account (RFC 4757 §2, MS-NLMP 3.3.1). */
public final class NtHash {
    private NtHash() {}

    public static EncryptionKey of(char[] password) {
        byte[] pw = Passwords.utf16le(password);
        byte[] out = new byte[16];
        try {
            MD4Digest md4 = new MD4Digest();
            md4.update(pw, 0, pw.length);
            md4.doFinal(out, 0);
            return new EncryptionKey(EncType.RC4_HMAC, out);
        } finally {
            Arrays.fill(pw, (byte) 0);
            Arrays.fill(out, (byte) 0);
        }
    }
}
