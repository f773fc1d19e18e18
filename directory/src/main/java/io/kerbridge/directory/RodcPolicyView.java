package io.kerbridge.directory;

import io.kerbridge.kerberos.pac.Sid;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What the KDC reads to exchange a ticket issued under an RODC-style {@code krbtgt_<n>} key for a
 * full TGT (MS-KILE 3.3.5.7.x; Samba {@code samba_rodc_confirm_user_is_allowed}, protocol-notes §2.5):
 * the RODC object's password replication policy and the account's token groups, both from the
 * directory, never from the ticket's PAC.
 */
public interface RodcPolicyView {
    /**
     * The password replication policy of the RODC object whose msDS-KrbTgtLink names
     * {@code krbtgt_<rodcNumber>}; empty when no such krbtgt account exists.
     */
    Optional<RevealPolicy> revealPolicy(int rodcNumber);

    /** tokenGroups: the account's SID, its primary group and every group it is in, transitively, BUILTIN aliases included. */
    Set<Sid> tokenSids(Sid account);

    /**
     * @param computerExists an RODC computer object links to the krbtgt account (msDS-KrbTgtLink)
     * @param partialSecrets that computer has UF_PARTIAL_SECRETS_ACCOUNT (else KDC_ERR_POLICY, notes §2.8)
     * @param neverReveal msDS-NeverRevealGroup (deny wins)
     * @param revealOnDemand msDS-RevealOnDemandGroup (allow); anything else is denied
     */
    record RevealPolicy(int rodcNumber, boolean computerExists, boolean partialSecrets, List<Sid> neverReveal,
            List<Sid> revealOnDemand) {
        public RevealPolicy {
            neverReveal = List.copyOf(neverReveal);
            revealOnDemand = List.copyOf(revealOnDemand);
        }
    }
}
