package io.kerbridge.kerberos.types;

import java.util.Map;

/**
 * Principal name types (RFC 4120 §6.2, RFC 6806 §5).
 * An open enum: values without a constant survive decode and encode unchanged.
 */
public record NameType(int value) {
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

    private static final Map<Integer, String> NAMES = OpenEnums.names(NameType.class);

    public static NameType of(int value) {
        return new NameType(value);
    }

    /** True when this value has a name in this build. */
    public boolean isKnown() {
        return NAMES.containsKey(value);
    }

    /** The constant's name, or the number for an unknown value. */
    public String name() {
        return NAMES.getOrDefault(value, Integer.toString(value));
    }

    @Override
    public String toString() {
        return name() + "(" + value + ")";
    }
}
