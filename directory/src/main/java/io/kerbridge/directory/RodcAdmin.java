package io.kerbridge.directory;

import io.kerbridge.kerberos.pac.Sid;
import java.util.List;
import java.util.Optional;

/**
 * RODC-style objects for cloud Kerberos trust ({@code kerberos-server set/get/remove}): a disabled
 * {@code krbtgt_<n>} account with a random key whose kvno is {@code n << 16 | version}, and a computer
 * object (uac 0x05001000, primary group 521) holding the password replication policy. Defaults as
 * Samba/AD: never reveal = 572 and BUILTIN 544, 549, 551, 548; reveal on demand = 571 and (as the
 * AzureADKerberos object has it) Domain Users.
 */
public interface RodcAdmin {
    /** Creates the objects; {@code rodcNumber} empty = a random unused number. */
    RodcInfo create(String computerName, Optional<Integer> rodcNumber);

    Optional<RodcInfo> get(int rodcNumber);

    List<RodcInfo> list();

    /** A new random key for {@code krbtgt_<n>} (version + 1, two previous kept). */
    KeyVersion rotate(int rodcNumber);

    /** Replaces msDS-NeverRevealGroup and msDS-RevealOnDemandGroup. */
    RodcInfo setRevealPolicy(int rodcNumber, List<Sid> neverReveal, List<Sid> revealOnDemand);

    /**
     * Sets or clears UF_PARTIAL_SECRETS_ACCOUNT on the computer object (without it the KDC refuses to
     * exchange the RODC's tickets, notes §2.8). The generic account update refuses this type bit.
     */
    void setPartialSecrets(int rodcNumber, boolean on);

    void remove(int rodcNumber);
}
