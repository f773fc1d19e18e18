package io.kerbridge.kerberos.crypto;

import io.kerbridge.kerberos.Bytes;
import io.kerbridge.kerberos.types.Checksum;
import io.kerbridge.kerberos.types.ChecksumType;
import io.kerbridge.kerberos.types.EncryptionKey;
import io.kerbridge.kerberos.types.KeyUsage;
import java.security.MessageDigest;

/**
 * The mandatory checksum of an enctype, computed with that enctype's keys: types 15/16
 * (HMAC-SHA1-96 with Kc = DK(key, usage|0x99)), 19/20 (RFC 8009 §5) and -138 (HMAC-MD5, RFC 4757 §4).
 */
final class KeyedChecksum implements ChecksumAlgorithm {
    private final ChecksumType id;
    private final AbstractEnctype enctype;
    private final int size;

    KeyedChecksum(ChecksumType id, AbstractEnctype enctype, int size) {
        this.id = id;
        this.enctype = enctype;
        this.size = size;
    }

    @Override
    public ChecksumType id() {
        return id;
    }

    @Override
    public int size() {
        return size;
    }

    /** The enctype whose keys this checksum uses. */
    Enctype enctype() {
        return enctype;
    }

    @Override
    public Checksum compute(EncryptionKey key, KeyUsage usage, Bytes data) {
        return new Checksum(id, Bytes.wrap(enctype.checksum(enctype.keyFor(key), usage.value(), data)));
    }

    @Override
    public boolean verify(EncryptionKey key, KeyUsage usage, Bytes data, Checksum checksum) {
        if (checksum == null || !id.equals(checksum.type()) || checksum.value().length() != size
                || key == null || key.isDestroyed() || key.length() != enctype.keyBytes()) {
            return false;
        }
        byte[] expected = enctype.checksum(key.unsafeBytes(), usage.value(), data);
        return MessageDigest.isEqual(expected, checksum.value().unsafeArray());
    }

    @Override
    public String toString() {
        return "ChecksumAlgorithm[" + id + "]";
    }
}
