package io.kerbridge.directory;

import io.kerbridge.kerberos.pac.Sid;
import java.util.List;

/**
 * An RODC-style object (MS-ADTS 3.1.1.9-ish; the AzureADKerberos object of cloud Kerberos trust): the
 * {@code krbtgt_<n>} account, the computer object that links to it, and the computer's password
 * replication policy.
 *
 * @param rodcNumber msDS-SecondaryKrbTgtNumber (1..65535), the high half of the kvno of its tickets
 * @param neverReveal msDS-NeverRevealGroup
 * @param revealOnDemand msDS-RevealOnDemandGroup
 */
public record RodcInfo(int rodcNumber, Sid krbtgtSid, Sid computerSid, List<Sid> neverReveal,
        List<Sid> revealOnDemand) {
    public RodcInfo {
        neverReveal = List.copyOf(neverReveal);
        revealOnDemand = List.copyOf(revealOnDemand);
    }
}
