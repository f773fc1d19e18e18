package io.kerbridge.directory;

import io.kerbridge.kerberos.file.Keytab;
import io.kerbridge.kerberos.pac.Sid;

/** An account's long-term keys as an MIT keytab, for a service (the file server) to accept tickets. */
public interface KeytabExport {
    /**
     * Every kept key version of the account under its sAMAccountName and each of its SPNs (realm = this
     * domain's). The rc4 (NT hash) key is included only if the account's msDS-SupportedEncryptionTypes
     * allows RC4.
     */
    Keytab export(Sid account);
}
