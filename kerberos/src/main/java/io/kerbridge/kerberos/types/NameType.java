package io.kerbridge.kerberos.types;

/**
 * Principal name types (RFC 4120 §6.2, RFC 6806 §5).
 * An open enum: values without a constant survive decode and encode unchanged.
 */
public record NameType(int value) implements OpenEnum {
    public static final NameType NT_UNKNOWN = new NameType(0);
    public static final NameType NT_PRINCIPAL = new NameType(1);
    public static final NameType NT_SRV_INST = new NameType(2);
    public static final NameType NT_SRV_HST = new NameType(3);
    public static final NameType NT_SRV_XHST = new NameType(4);
    public static final NameType NT_UID = new NameType(5);
    public static final NameType NT_X500_PRINCIPAL = new NameType(6);
    public static final NameType NT_SMTP_NAME = new NameType(7);
    public static final NameType NT_ENTERPRISE = new NameType(10);
    public static final NameType NT_WELLKNOWN = new NameType(11);
    public static final NameType NT_MS_PRINCIPAL = new NameType(-128);

    public static NameType of(int value) {
        return new NameType(value);
    }

    @Override
    public String toString() {
        return name() + "(" + value + ")";
    }
}
