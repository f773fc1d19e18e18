package io.kerbridge.kerberos.types;

/**
 * Checksum type numbers (RFC 3961 §8, RFC 3962, RFC 8009; MS-PAC 2.8 uses HMAC_MD5 = -138).
 * An open enum: values without a constant survive decode and encode unchanged.
 */
public record ChecksumType(int value) implements OpenEnum {
    public static final ChecksumType CRC32 = new ChecksumType(1);
    public static final ChecksumType RSA_MD5 = new ChecksumType(7);
    public static final ChecksumType HMAC_SHA1_DES3_KD = new ChecksumType(12);
    public static final ChecksumType HMAC_SHA1_96_AES128 = new ChecksumType(15);
    public static final ChecksumType HMAC_SHA1_96_AES256 = new ChecksumType(16);
    public static final ChecksumType HMAC_SHA256_128_AES128 = new ChecksumType(19);
    public static final ChecksumType HMAC_SHA384_192_AES256 = new ChecksumType(20);
    public static final ChecksumType GSSAPI = new ChecksumType(0x8003);
    public static final ChecksumType HMAC_MD5 = new ChecksumType(-138);

    public static ChecksumType of(int value) {
        return new ChecksumType(value);
    }

    @Override
    public String toString() {
        return name() + "(" + value + ")";
    }
}
