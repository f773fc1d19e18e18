package io.kerbridge.kerberos.pac;

import java.util.Objects;

/** KERB_SID_AND_ATTRIBUTES (MS-PAC 2.2.1): a SID and its SE_GROUP_* attributes (unsigned 32 bits). */
public record SidAndAttributes(Sid sid, int attributes) {
    public SidAndAttributes {
        Objects.requireNonNull(sid, "sid");
    }

    public static SidAndAttributes of(Sid sid) {
        return new SidAndAttributes(sid, GroupMembership.DEFAULT_ATTRIBUTES);
    }
}
