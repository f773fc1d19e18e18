package io.kerbridge.directory;

/** userAccountControl bits (MS-ADTS 2.2.16). */
public final class Uac {
    private Uac() {}

    public static final int ACCOUNTDISABLE = 0x2;
    public static final int LOCKOUT = 0x10;
    public static final int PASSWD_NOTREQD = 0x20;
    public static final int NORMAL_ACCOUNT = 0x200;
    public static final int INTERDOMAIN_TRUST_ACCOUNT = 0x800;
    public static final int WORKSTATION_TRUST_ACCOUNT = 0x1000;
    public static final int SERVER_TRUST_ACCOUNT = 0x2000;
    public static final int DONT_EXPIRE_PASSWORD = 0x10000;
    public static final int SMARTCARD_REQUIRED = 0x40000;
    public static final int TRUSTED_FOR_DELEGATION = 0x80000;
    public static final int NOT_DELEGATED = 0x100000;
    public static final int USE_DES_KEY_ONLY = 0x200000;
    public static final int DONT_REQ_PREAUTH = 0x400000;
    public static final int PASSWORD_EXPIRED = 0x800000;
    public static final int TRUSTED_TO_AUTH_FOR_DELEGATION = 0x1000000;
    public static final int PARTIAL_SECRETS_ACCOUNT = 0x4000000;
}
