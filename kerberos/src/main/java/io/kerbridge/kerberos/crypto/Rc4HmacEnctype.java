package io.kerbridge.kerberos.crypto;

import io.kerbridge.kerberos.Bytes;
import io.kerbridge.kerberos.types.ChecksumType;
import io.kerbridge.kerberos.types.EncType;
import io.kerbridge.kerberos.types.EncryptionKey;
import io.kerbridge.kerberos.types.KeyUsage;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * rc4-hmac (23), RFC 4757. Present for Active Directory interop (KERB-KEY-LIST, legacy
 * accounts); whether it is allowed is policy, not crypto.
 *
 * <pre>
 *   T  = usage translated (3 -> 8, 9 -> 8, 23 -> 13)                          (RFC 4757 §3)
 *   K1 = HMAC-MD5(K, int32le(T))
 *   checksum = HMAC-MD5(K1, confounder(8) | plaintext)
 *   K3 = HMAC-MD5(K1, checksum)
 *   ciphertext = checksum | RC4(K3, confounder | plaintext)
 *   string-to-key = MD4(UTF-16LE(password)), salt and params ignored
 *   HMAC_MD5 checksum (-138): HMAC-MD5(HMAC-MD5(K, "signaturekey\0"), MD5(int32le(T) | data))   (§4)
 *   PRF = HMAC-SHA1(K, input)  (not in RFC 4757; the MIT and Heimdal convention)
 * </pre>
 */
final class Rc4HmacEnctype extends AbstractEnctype {
    static final Rc4HmacEnctype INSTANCE = new Rc4HmacEnctype();

    private static final int CONFOUNDER = 8;
    private static final int MAC = 16;
    private static final byte[] SIGNATURE_KEY = "signaturekey\0".getBytes(StandardCharsets.US_ASCII);

    private Rc4HmacEnctype() {}

    @Override
    public EncType id() {
        return EncType.RC4_HMAC;
    }

    @Override
    public ChecksumType checksumType() {
        return ChecksumType.HMAC_MD5;
    }

    @Override
    public int keyBytes() {
        return 16;
    }

    @Override
    public Bytes defaultS2kParams() {
        return Bytes.EMPTY;
    }

    @Override
    int confounderBytes() {
        return CONFOUNDER;
    }

    @Override
    int macBytes() {
        return MAC;
    }

    /** RFC 4757 §3 message-type mapping. */
    static int translateUsage(int usage) {
        return switch (usage) {
            case 3 -> 8;
            case 9 -> 8;
            case 23 -> 13;
            default -> usage;
        };
    }

    @Override
    public EncryptionKey stringToKey(char[] password, Bytes salt, Bytes s2kParams) throws KerberosCryptoException {
        if (s2kParams != null && !s2kParams.isEmpty()) {
            throw new KerberosCryptoException("rc4-hmac takes no s2kparams");
        }
        return NtHash.of(password);
    }

    @Override
    public Bytes encrypt(EncryptionKey key, KeyUsage usage, Bytes plaintext, Bytes confounder) {
        checkConfounder(confounder);
        byte[] k = keyFor(key);
        byte[] k1 = Jce.Hmac.MD5.mac(k, Jce.int32le(translateUsage(usage.value())));
        byte[] data = concat(confounder, plaintext);
        byte[] cksum = Jce.Hmac.MD5.mac(k1, data);
        byte[] k3 = Jce.Hmac.MD5.mac(k1, cksum);
        try {
            byte[] enc = Jce.rc4(k3, data, 0, data.length);
            byte[] out = Arrays.copyOf(cksum, MAC + enc.length);
            System.arraycopy(enc, 0, out, MAC, enc.length);
            return Bytes.wrap(out);
        } finally {
            Arrays.fill(k1, (byte) 0);
            Arrays.fill(k3, (byte) 0);
            Arrays.fill(data, (byte) 0);
        }
    }

    @Override
    public Bytes decrypt(EncryptionKey key, KeyUsage usage, Bytes ciphertext) throws IntegrityException {
        byte[] k = keyForDecrypt(key);
        byte[] ct = ciphertext.unsafeArray();
        if (ct.length < MAC + CONFOUNDER) {
            throw new IntegrityException("ciphertext too short");
        }
        byte[] k1 = Jce.Hmac.MD5.mac(k, Jce.int32le(translateUsage(usage.value())));
        byte[] cksum = Arrays.copyOf(ct, MAC);
        byte[] k3 = Jce.Hmac.MD5.mac(k1, cksum);
        byte[] data = Jce.rc4(k3, ct, MAC, ct.length - MAC);
        try {
            if (!MessageDigest.isEqual(Jce.Hmac.MD5.mac(k1, data), cksum)) {
                throw new IntegrityException("integrity check failed");
            }
            return Bytes.of(data, CONFOUNDER, data.length - CONFOUNDER);
        } finally {
            Arrays.fill(k1, (byte) 0);
            Arrays.fill(k3, (byte) 0);
            Arrays.fill(data, (byte) 0);
        }
    }

    @Override
    byte[] checksum(byte[] key, int usage, Bytes data) {
        byte[] ksign = Jce.Hmac.MD5.mac(key, SIGNATURE_KEY);
        byte[] tmp = Jce.md5(Jce.int32le(translateUsage(usage)), data.unsafeArray());
        try {
            return Jce.Hmac.MD5.mac(ksign, tmp);
        } finally {
            Arrays.fill(ksign, (byte) 0);
        }
    }

    @Override
    public Bytes prf(EncryptionKey key, Bytes input) {
        return Bytes.wrap(Jce.Hmac.SHA1.mac(keyFor(key), input.unsafeArray()));
    }
}
