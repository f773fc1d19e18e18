package io.kerbridge.kerberos.types;

/**
 * Host address types (RFC 4120 §7.5.3).
 * An open enum: values without a constant survive decode and encode unchanged.
 */
public record AddressType(int value) implements OpenEnum {
    public static final AddressType IPV4 = new AddressType(2);
    public static final AddressType DIRECTIONAL = new AddressType(3);
    public static final AddressType CHAOSNET = new AddressType(5);
    public static final AddressType XNS = new AddressType(6);
    public static final AddressType ISO = new AddressType(7);
    public static final AddressType DECNET_PHASE_IV = new AddressType(12);
    public static final AddressType APPLETALK_DDP = new AddressType(16);
    public static final AddressType NETBIOS = new AddressType(20);
    public static final AddressType IPV6 = new AddressType(24);

    public static AddressType of(int value) {
        return new AddressType(value);
    }

    @Override
    public String toString() {
        return name() + "(" + value + ")";
    }
}
