package io.kerbridge.directory;

import io.kerbridge.kerberos.pac.Sid;

/** A security group of the domain (or a BUILTIN alias). Members are held by SID (see {@link GroupAdmin}). */
public record Group(Sid sid, String name, GroupScope scope, String description) {
    public long rid() {
        return sid.rid();
    }

    public boolean isBuiltin() {
        return WellKnown.isBuiltin(sid);
    }
}
