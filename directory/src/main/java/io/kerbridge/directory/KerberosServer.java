package io.kerbridge.directory;

import io.kerbridge.kerberos.pac.Sid;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The AD side of a Kerberos server object of cloud Kerberos trust, as Get-AzureADKerberosServer shows
 * it (protocol-notes §1.2, §1.4): the disabled {@code krbtgt_<id>} account ({@code CN=krbtgt_AzureAD,CN=Users}),
 * the RODC-style computer {@code CN=AzureADKerberos,OU=Domain Controllers} with its password replication
 * policy, and the service connection point under {@code CN=AzureAD,CN=System}. No key material.
 *
 * @param id msDS-SecondaryKrbTgtNumber, the RODC number ("slot", "branch ID"), 1..65535
 * @param keyVersion msDS-KeyVersionNumber of the krbtgt account: starts at 1 and grows by one per
 *     rotation; AD's value grows faster (replication metadata) and is routinely above 65535. Tickets
 *     carry only its low 16 bits: see {@link #kvno()}
 * @param keyUpdatedOn when the key was created or last rotated
 * @param keyUpdatedFrom the DC (host name) that set the key
 * @param scpGuid the {@code Id=} keyword of the service connection point
 * @param partialSecrets the computer object has UF_PARTIAL_SECRETS_ACCOUNT
 */
public record KerberosServer(int id, String domainDnsName, String domainDn, Sid krbtgtSid, Sid computerSid,
        long keyVersion, Instant keyUpdatedOn, String keyUpdatedFrom, UUID scpGuid, boolean partialSecrets,
        List<Sid> neverReveal, List<Sid> revealOnDemand) {
    /** The fixed CN of the service connection point (notes §1.2). */
    public static final String SCP_CN = "900274c4-b7d2-43c8-90ee-00a9f650e335";

    public KerberosServer {
        neverReveal = List.copyOf(neverReveal);
        revealOnDemand = List.copyOf(revealOnDemand);
    }

    /** UserAccount: {@code CN=krbtgt_AzureAD,CN=Users,<domain DN>} (its sAMAccountName is {@link #displayName()}). */
    public String userAccount() {
        return "CN=krbtgt_AzureAD,CN=Users," + domainDn;
    }

    /** ComputerAccount: {@code CN=AzureADKerberos,OU=Domain Controllers,<domain DN>}. */
    public String computerAccount() {
        return "CN=AzureADKerberos,OU=Domain Controllers," + domainDn;
    }

    /** DisplayName: {@code krbtgt_<id>}, the krbtgt account's sAMAccountName. */
    public String displayName() {
        return "krbtgt_" + id;
    }

    public String serviceConnectionPoint() {
        return "CN=" + SCP_CN + ",CN=AzureAD,CN=System," + domainDn;
    }

    /** The SCP's keywords attribute: {@code Id=}, {@code UserAccountSid=}, {@code ComputerAccountSid=}. */
    public List<String> scpKeywords() {
        return List.of("Id=" + scpGuid, "UserAccountSid=" + krbtgtSid, "ComputerAccountSid=" + computerSid);
    }

    /** The kvno of tickets under the current key, {@code id << 16 | (keyVersion & 0xFFFF)}, as unsigned 32 bits. */
    public long kvno() {
        return kvno(id, keyVersion);
    }

    public static long kvno(int id, long keyVersion) {
        return (((long) id << 16) | (keyVersion & 0xFFFF)) & 0xFFFFFFFFL;
    }
}
