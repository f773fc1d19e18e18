package io.kerbridge.directory;

import io.kerbridge.kerberos.pac.Sid;

/** Well-known RIDs and SIDs of an AD domain (MS-ADTS 6.1.1.6, MS-DTYP 2.4.2.4). */
public final class WellKnown {
    private WellKnown() {}

    public static final long ADMINISTRATOR = 500;
    public static final long GUEST = 501;
    public static final long KRBTGT = 502;
    public static final long DOMAIN_ADMINS = 512;
    public static final long DOMAIN_USERS = 513;
    public static final long DOMAIN_GUESTS = 514;
    public static final long DOMAIN_COMPUTERS = 515;
    public static final long DOMAIN_CONTROLLERS = 516;
    public static final long CERT_PUBLISHERS = 517;
    public static final long SCHEMA_ADMINS = 518;
    public static final long ENTERPRISE_ADMINS = 519;
    public static final long GROUP_POLICY_CREATOR_OWNERS = 520;
    public static final long READ_ONLY_DOMAIN_CONTROLLERS = 521;
    public static final long ALLOWED_RODC_PASSWORD_REPLICATION = 571;
    public static final long DENIED_RODC_PASSWORD_REPLICATION = 572;

    /** The first RID handed to accounts and groups created after the well-known ones. */
    public static final long FIRST_USER_RID = 1100;

    /** S-1-5-32, the BUILTIN domain. */
    public static final Sid BUILTIN = Sid.parse("S-1-5-32");
    public static final Sid BUILTIN_ADMINISTRATORS = BUILTIN.withRid(544);
    public static final Sid BUILTIN_ACCOUNT_OPERATORS = BUILTIN.withRid(548);
    public static final Sid BUILTIN_SERVER_OPERATORS = BUILTIN.withRid(549);
    public static final Sid BUILTIN_BACKUP_OPERATORS = BUILTIN.withRid(551);

    public static boolean isBuiltin(Sid sid) {
        return sid.subAuthorities().size() == 2 && sid.domain().equals(BUILTIN);
    }
}
