package io.kerbridge.bench;

import io.kerbridge.directory.Account;
import io.kerbridge.directory.AccountType;
import io.kerbridge.directory.Domain;
import io.kerbridge.directory.DomainPolicy;
import io.kerbridge.directory.GroupSids;
import io.kerbridge.kdc.pac.PacIssuer;
import io.kerbridge.kerberos.Bytes;
import io.kerbridge.kerberos.crypto.Enctypes;
import io.kerbridge.kerberos.pac.Pac;
import io.kerbridge.kerberos.pac.PacBufferType;
import io.kerbridge.kerberos.pac.PacException;
import io.kerbridge.kerberos.pac.PacSigner;
import io.kerbridge.kerberos.pac.PacVerifier;
import io.kerbridge.kerberos.pac.Sid;
import io.kerbridge.kerberos.types.EncType;
import io.kerbridge.kerberos.types.EncryptionKey;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The KDC's PAC work per ticket, with the KDC's own code ({@code kdc} module, {@link PacIssuer}) and aes256-sha1 keys:
 * <ul>
 *   <li>{@code fullTgtPac}: the PAC of the full TGT a partial-TGT exchange issues (notes §2.8): built from the
 *       directory's account and groups (LOGON_INFO with 10 group RIDs, an extra SID and S-1-18-1, CLIENT_INFO,
 *       UPN_DNS_INFO, PAC_REQUESTOR; ATTRIBUTES_INFO removed), then server and KDC signatures with the krbtgt key;</li>
 *   <li>{@code asTgtPac}: the same for an AS-REP's TGT (ATTRIBUTES_INFO kept);</li>
 *   <li>{@code serviceTicketPac}: a TGS: the TGT's PAC copied ({@link PacIssuer#copy}) and signed with server, KDC,
 *       ticket and full signatures (the ticket signature over 300 bytes of EncTicketPart).</li>
 * </ul>
 * Setup checks that the signed PACs verify.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
public class PacBuildBench {
    static final Instant AUTHTIME = Instant.parse("2026-11-25T09:00:00Z");

    PacIssuer issuer = new PacIssuer("DC1");
    Domain domain;
    Account account;
    GroupSids groups;
    EncryptionKey krbtgtKey;
    EncryptionKey serviceKey;
    Pac tgtPac;
    Bytes ticketSigningData;

    @Setup
    public void setup() throws Exception {
        SecureRandom random = new SecureRandom();
        domain = new Domain("example.test", "EXAMPLE", "EXAMPLE.TEST",
                Sid.parse("S-1-5-21-3701063344-2220051179-3323505125"), Optional.empty());
        account = new Account(domain.sidWithRid(1105), "alice", AccountType.USER, Optional.of("alice@example.test"),
                "Alice Example", 0x200, 513, List.of(), 0, Optional.empty(), Optional.of(AUTHTIME.minusSeconds(86400)),
                Account.LockoutState.CLEAR);
        groups = new GroupSids(List.of(1200L, 1201L, 1202L, 1203L, 1204L, 1205L, 1206L, 1207L, 1208L),
                List.of(Sid.parse("S-1-5-21-9-9-9-4242")), List.of());
        krbtgtKey = Enctypes.get(EncType.AES256_CTS_HMAC_SHA1_96).generateKey(random);
        serviceKey = Enctypes.get(EncType.AES256_CTS_HMAC_SHA1_96).generateKey(random);
        byte[] sd = new byte[300];
        random.nextBytes(sd);
        ticketSigningData = Bytes.wrap(sd);
        tgtPac = asTgtPac();
        check(fullTgtPac(), krbtgtKey);
        check(tgtPac, krbtgtKey);
        check(serviceTicketPac(), serviceKey);
    }

    private void check(Pac p, EncryptionKey server) throws PacException {
        if (!PacVerifier.verify(Pac.decode(p.encode()), server, krbtgtKey).isValid()) {
            throw new IllegalStateException("a signed PAC does not verify");
        }
    }

    @Benchmark
    public Pac fullTgtPac() throws PacException {
        Pac pac = issuer.build(domain, account, groups, DomainPolicy.AD_DEFAULT, AUTHTIME, "alice", true,
                Optional.empty()).toBuilder().remove(PacBufferType.ATTRIBUTES_INFO).build();
        return PacSigner.sign(pac, krbtgtKey, krbtgtKey);
    }

    @Benchmark
    public Pac asTgtPac() throws PacException {
        return PacSigner.sign(issuer.build(domain, account, groups, DomainPolicy.AD_DEFAULT, AUTHTIME, "alice", true,
                Optional.of(true)), krbtgtKey, krbtgtKey);
    }

    @Benchmark
    public Pac serviceTicketPac() throws PacException {
        return PacSigner.sign(PacIssuer.copy(tgtPac, false), serviceKey, krbtgtKey,
                PacSigner.Options.serviceTicket(ticketSigningData));
    }
}
