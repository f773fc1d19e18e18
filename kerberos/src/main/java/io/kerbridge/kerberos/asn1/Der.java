package io.kerbridge.kerberos.asn1;

/**
 * ASN.1 DER identifier octets used by Kerberos (X.690 §8.1.2). Kerberos uses only low tag
 * numbers (&lt; 31): universal types, APPLICATION 1..30 and context [0]..[12].
 */
public final class Der {
    private Der() {}

    public static final int BOOLEAN = 0x01;
    public static final int INTEGER = 0x02;
    public static final int BIT_STRING = 0x03;
    public static final int OCTET_STRING = 0x04;
    public static final int UTF8_STRING = 0x0C;
    public static final int IA5_STRING = 0x16;
    public static final int GENERALIZED_TIME = 0x18;
    public static final int GENERAL_STRING = 0x1B;
    public static final int SEQUENCE = 0x30;

    private static final int CONSTRUCTED = 0x20;

    /** [APPLICATION n] constructed, as used by every Kerberos message type. */
    public static int application(int n) {
        return 0x40 | CONSTRUCTED | n;
    }

    /** [n] constructed (explicit tagging, the Kerberos module default). */
    public static int context(int n) {
        return 0x80 | CONSTRUCTED | n;
    }

    /** Largest message any decoder in this project accepts. */
    public static final int MAX_MESSAGE = 1 << 20;
}
