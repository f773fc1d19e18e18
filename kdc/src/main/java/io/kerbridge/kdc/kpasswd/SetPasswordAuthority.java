package io.kerbridge.kdc.kpasswd;

import io.kerbridge.directory.GroupSids;
import io.kerbridge.directory.PrincipalEntry;
import io.kerbridge.directory.PrincipalStore;
import io.kerbridge.kerberos.pac.Sid;

/**
 * Who may set another account's password through an RFC 3244 §2 set-password request (version
 * 0xff80 with a targname). Changing one's own password needs no authority, only an INITIAL ticket.
 */
@FunctionalInterface
public interface SetPasswordAuthority {
    /** Domain Admins (RID 512) of the account's domain. */
    long DOMAIN_ADMINS_RID = 512;
    /** Enterprise Admins (RID 519, forest root domain). */
    long ENTERPRISE_ADMINS_RID = 519;
    /** BUILTIN\Administrators. */
    Sid BUILTIN_ADMINISTRATORS = Sid.parse("S-1-5-32-544");

    boolean maySetPassword(PrincipalEntry caller, PrincipalStore store);

    /** Nobody: every set-password request for another account is refused with ACCESSDENIED. */
    SetPasswordAuthority NOBODY = (caller, store) -> false;

    /**
     * Members (transitively, or by primary group) of Domain Admins, Enterprise Admins or
     * BUILTIN\Administrators, as AD grants the reset-password right by default.
     */
    SetPasswordAuthority ADMINISTRATORS = (caller, store) -> {
        long primary = caller.account().primaryGroupRid();
        if (primary == DOMAIN_ADMINS_RID || primary == ENTERPRISE_ADMINS_RID) {
            return true;
        }
        GroupSids g = store.groupSids(caller.account());
        return g.domainGroupRids().contains(DOMAIN_ADMINS_RID) || g.domainGroupRids().contains(ENTERPRISE_ADMINS_RID)
                || g.extraSids().contains(BUILTIN_ADMINISTRATORS)
                || g.extraSids().contains(caller.domain().sidWithRid(ENTERPRISE_ADMINS_RID));
    };
}
