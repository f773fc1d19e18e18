// protocol-notes §5.1 (cloud TGT, realm KERBEROS.MICROSOFTONLINE.COM), §5.3 (kerberos_top_level_names).
package io.kerbridge.cloud.realm;

import io.kerbridge.cloud.kerberos.TgtMinter;
import io.kerbridge.cloud.store.Tenant;
import io.kerbridge.cloud.store.User;
import java.util.Optional;

/** The tenant's cloud Kerberos realm as the PRT endpoint sees it: cloud TGTs and the host suffixes it serves. */
public interface CloudRealm {
    String REALM = "KERBEROS.MICROSOFTONLINE.COM";

    /** A cloud TGT for {@code user}, or empty when the user cannot have one (not synced from AD). */
    Optional<TgtMinter.Minted> issueTgt(Tenant tenant, User user);

    /** {@code kerberos_top_level_names}: comma-separated host suffixes served by the cloud realm (may be empty). */
    String topLevelNames(Tenant tenant);
}
