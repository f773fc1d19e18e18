package io.kerbridge.bench;

import io.kerbridge.directory.Account;
import io.kerbridge.directory.AccountType;
import io.kerbridge.directory.Domain;
import io.kerbridge.directory.KeyVersion;
import io.kerbridge.directory.PrincipalEntry;
import io.kerbridge.directory.internal.AccountRow;
import io.kerbridge.directory.internal.Index;
import io.kerbridge.kerberos.crypto.Enctypes;
import io.kerbridge.kerberos.pac.Sid;
import io.kerbridge.kerberos.types.EncType;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Principal lookup in the directory's in-memory index (the maps {@code PrincipalStore.lookup} reads for every AS and
 * TGS request: sAMAccountName, UPN, SPN → SID → entry) with {@code accounts} accounts, each looked-up name drawn at
 * random from all of them (so at a million the working set is far larger than the CPU caches). The question is
 * whether the cost is flat from a thousand to a million accounts.
 *
 * <ul>
 *   <li>{@code bySam}: {@code user123456} (the client of an AS-REQ);</li>
 *   <li>{@code byUpn}: {@code user123456@corp.example.test} (an NT-ENTERPRISE client);</li>
 *   <li>{@code bySpn}: {@code HTTP/host123456.example.test} (the server of a TGS-REQ).</li>
 * </ul>
 * Setup checks that every probe name resolves to the right account.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g", "-Xms2g"})
public class LookupBench {
    private static final int PROBES = 1 << 14;

    @Param({"1000", "100000", "1000000"})
    int accounts;

    Index index;
    String[] sams = new String[PROBES];
    String[] upns = new String[PROBES];
    String[] spns = new String[PROBES];
    int next;

    @Setup
    public void setup() {
        Domain d = new Domain("example.test", "EXAMPLE", "EXAMPLE.TEST", Sid.parse("S-1-5-21-1-2-3"), Optional.empty());
        index = new Index(d);
        SecureRandom random = new SecureRandom();
        Instant now = Instant.parse("2026-11-25T09:00:00Z");
        KeyVersion keys = new KeyVersion(2, List.of(Enctypes.find(EncType.AES256_CTS_HMAC_SHA1_96).orElseThrow()
                .generateKey(random), Enctypes.find(EncType.AES128_CTS_HMAC_SHA1_96).orElseThrow().generateKey(random)),
                now);
        for (int i = 0; i < accounts; i++) {
            Account a = new Account(d.sidWithRid(10_000L + i), "user" + i, AccountType.USER,
                    Optional.of("user" + i + "@corp.example.test"), "User " + i, 0x200, 513,
                    List.of("HTTP/host" + i + ".example.test"), 0, Optional.empty(), Optional.of(now),
                    Account.LockoutState.CLEAR);
            index.put(Index.held(d, new AccountRow(a, Optional.empty(), Optional.empty()), List.of(keys), List.of(),
                    List.of()));
        }
        SplittableRandom r = new SplittableRandom(42);
        for (int i = 0; i < PROBES; i++) {
            int n = r.nextInt(accounts);
            sams[i] = "User" + n; // names compare case-insensitively, as in AD
            upns[i] = "user" + n + "@CORP.example.test";
            spns[i] = "http/HOST" + n + ".example.test";
            PrincipalEntry e = index.bySam(sams[i]);
            if (e == null || e != index.byUpn(upns[i]) || e != index.bySpn(spns[i]) || e.account().rid() != 10_000L + n) {
                throw new IllegalStateException("probe " + i + " does not resolve to account " + n);
            }
        }
    }

    private int probe() {
        int i = next;
        next = (i + 1) & (PROBES - 1);
        return i;
    }

    @Benchmark
    public PrincipalEntry bySam() {
        return index.bySam(sams[probe()]);
    }

    @Benchmark
    public PrincipalEntry byUpn() {
        return index.byUpn(upns[probe()]);
    }

    @Benchmark
    public PrincipalEntry bySpn() {
        return index.bySpn(spns[probe()]);
    }
}
