package io.kerbridge.kerberos.pac;

/**
 * GROUP_MEMBERSHIP (MS-PAC 2.2.2): a group RID relative to the logon domain (or the resource group
 * domain) and its SE_GROUP_* attributes. Both are unsigned 32-bit values held in an {@code int}.
 */
public record GroupMembership(int relativeId, int attributes) {
    /** SE_GROUP_MANDATORY | SE_GROUP_ENABLED_BY_DEFAULT | SE_GROUP_ENABLED (MS-PAC 2.2.2). */
    public static final int DEFAULT_ATTRIBUTES = 0x0000_0007;

    public static GroupMembership of(int rid) {
        return new GroupMembership(rid, DEFAULT_ATTRIBUTES);
    }

    static final int NDR_SIZE = 8;
}
