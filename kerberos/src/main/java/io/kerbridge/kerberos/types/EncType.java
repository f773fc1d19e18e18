package io.kerbridge.kerberos.types;

/**
 * Encryption type numbers (RFC 3961 §8, RFC 3962, RFC 8009, RFC 4757; IANA Kerberos parameters).
 * An open enum: values without a constant survive decode and encode unchanged.
 */
public record EncType(int value) implements OpenEnum {
    public static final EncType DES_CBC_CRC = new EncType(1);
    public static final EncType DES_CBC_MD5 = new EncType(3);
    public static final EncType DES3_CBC_SHA1 = new EncType(16);
    public static final EncType AES128_CTS_HMAC_SHA1_96 = new EncType(17);
    public static final EncType AES256_CTS_HMAC_SHA1_96 = new EncType(18);
    public static final EncType AES128_CTS_HMAC_SHA256_128 = new EncType(19);
    public static final EncType AES256_CTS_HMAC_SHA384_192 = new EncType(20);
    public static final EncType RC4_HMAC = new EncType(23);
    public static final EncType RC4_HMAC_EXP = new EncType(24);
    public static final EncType CAMELLIA128_CTS_CMAC = new EncType(25);
    public static final EncType CAMELLIA256_CTS_CMAC = new EncType(26);

    public static EncType of(int value) {
        return new EncType(value);
    }

    @Override
    public String toString() {
        return name() + "(" + value + ")";
    }
}
