package io.kerbridge.directory;

import io.kerbridge.kerberos.types.PrincipalName;
import java.util.Optional;

/**
 * The KDC's read view of the directory (Samba sdb / MIT kdb get_principal): lookups by purpose
 * only. Implementations answer from memory or an index; a lookup never writes.
 */
public interface PrincipalStore {
    /**
     * Resolves a name in {@code realm}: NT-PRINCIPAL {@code alice} or {@code FILES$} by sAMAccountName;
     * NT-ENTERPRISE {@code alice@contoso.test} by UPN (CLIENT); service names such as
     * {@code HTTP/files.contoso.test} by SPN (SERVER); {@code krbtgt/REALM} (KRBTGT) to this domain's
     * krbtgt or, for another realm of the forest, the inter-realm trust account; {@code krbtgt_<n>}
     * names resolve to RODC krbtgt accounts.
     */
    Optional<PrincipalEntry> lookup(PrincipalName name, String realm, LookupPurpose purpose);

    /** The RODC krbtgt account with this RODC number (msDS-SecondaryKrbTgtNumber), if any. */
    Optional<PrincipalEntry> rodcKrbtgt(int rodcNumber);

    /** The domain this store serves. */
    Domain domain();

    DomainPolicy policy();

    /** The SIDs of every group the account is a member of, transitively (nested groups included). */
    GroupSids groupSids(Account account);
}
