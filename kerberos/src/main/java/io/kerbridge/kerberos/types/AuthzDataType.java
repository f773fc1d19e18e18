package io.kerbridge.kerberos.types;

/**
 * Authorization data types (RFC 4120 §7.5.4, MS-PAC 2.1: AD-WIN2K-PAC = 128).
 * An open enum: values without a constant survive decode and encode unchanged.
 */
public record AuthzDataType(int value) implements OpenEnum {
    public static final AuthzDataType AD_IF_RELEVANT = new AuthzDataType(1);
    public static final AuthzDataType AD_INTENDED_FOR_SERVER = new AuthzDataType(2);
    public static final AuthzDataType AD_KDC_ISSUED = new AuthzDataType(4);
    public static final AuthzDataType AD_AND_OR = new AuthzDataType(5);
    public static final AuthzDataType AD_MANDATORY_FOR_KDC = new AuthzDataType(8);
    public static final AuthzDataType AD_INITIAL_VERIFIED_CAS = new AuthzDataType(9);
    public static final AuthzDataType AD_WIN2K_PAC = new AuthzDataType(128);
    public static final AuthzDataType AD_ETYPE_NEGOTIATION = new AuthzDataType(129);
    public static final AuthzDataType AD_AUTH_DATA_AP_OPTIONS = new AuthzDataType(143);

    public static AuthzDataType of(int value) {
        return new AuthzDataType(value);
    }

    @Override
    public String toString() {
        return name() + "(" + value + ")";
    }
}
