package io.kerbridge.directory;

import io.kerbridge.kerberos.pac.Sid;
import java.util.List;
import java.util.Optional;

/**
 * The AD half of Set/Get/Remove-AzureADKerberosServer (protocol-notes §1.2-§1.6, §7.4): at most one
 * Kerberos server object per domain. Create and rotate return the new key once; nothing else does.
 */
public interface KerberosServerAdmin {
    /**
     * Creates {@code krbtgt_<n>} (n a random unused RODC number, a random key, key version 1), the
     * computer {@code AzureADKerberos$} (uac 0x05001000, primary group 521, never reveal 572 and BUILTIN
     * 544/549/551/548, reveal on demand Domain Users) and the service connection point, in one write.
     *
     * @param updatedFrom the host name of the DC doing it (KeyUpdatedFrom)
     * @throws DirectoryException NAME_IN_USE when the domain already has one (rotate it, or remove it first)
     */
    default KerberosServerKey create(String updatedFrom) {
        return create(updatedFrom, Optional.empty());
    }

    /**
     * As {@link #create(String)} with a chosen RODC number (1..65535), e.g. to recreate a known slot; the
     * AD module always picks at random.
     */
    KerberosServerKey create(String updatedFrom, Optional<Integer> id);

    Optional<KerberosServer> get();

    /**
     * A new random key: key version + 1, the previous two kept so that tickets under them still decrypt.
     *
     * @throws DirectoryException NO_SUCH_OBJECT when there is none
     */
    KerberosServerKey rotate(String updatedFrom);

    /** Replaces msDS-NeverRevealGroup and msDS-RevealOnDemandGroup of the computer object. */
    KerberosServer setRevealPolicy(List<Sid> neverReveal, List<Sid> revealOnDemand);

    /** Deletes the three objects (and with them the keys). @throws DirectoryException NO_SUCH_OBJECT */
    void remove();
}
