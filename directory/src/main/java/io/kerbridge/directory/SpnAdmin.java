package io.kerbridge.directory;

import io.kerbridge.kerberos.pac.Sid;
import java.util.List;
import java.util.Optional;

/** servicePrincipalName values; unique (case-insensitive) across the accounts of this store. */
public interface SpnAdmin {
    /** @throws DirectoryException NAME_IN_USE if another account holds it */
    void add(Sid account, String spn);

    void remove(Sid account, String spn);

    List<String> list(Sid account);

    /** The account holding an SPN, case-insensitive. */
    Optional<Sid> owner(String spn);
}
