package io.kerbridge.bench.load;

import io.kerbridge.directory.Account;
import io.kerbridge.directory.Directory;
import io.kerbridge.directory.DomainSpec;
import io.kerbridge.directory.KerberosServerKey;
import io.kerbridge.directory.NewAccount;
import io.kerbridge.kdc.KdcConfig;
import io.kerbridge.kdc.KdcService;
import io.kerbridge.kdc.audit.Audit;
import io.kerbridge.kerberos.Bytes;
import io.kerbridge.kerberos.client.AsRequest;
import io.kerbridge.kerberos.client.KdcClient;
import io.kerbridge.kerberos.client.KdcExchange;
import io.kerbridge.kerberos.client.KdcReply;
import io.kerbridge.kerberos.client.KeySource;
import io.kerbridge.kerberos.client.TgsRequest;
import io.kerbridge.kerberos.msg.KrbCodec;
import io.kerbridge.kerberos.types.EncType;
import io.kerbridge.kerberos.types.MessageType;
import io.kerbridge.kerberos.types.PrincipalName;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * In-process cost of {@link KdcService#handle} per request, without network, threads or other processes in the way:
 * thread CPU time and bytes allocated (HotSpot's per-thread counters), the best of {@code --rounds} rounds of
 * {@code --requests} requests after a warm-up. A real directory (H2, in a temporary directory) with the DC's
 * enctype preference; no audit. Requests are recorded once from our client and replayed (the KDC keeps no replay
 * cache for AS or TGS, as MIT's). This is the number to compare builds with on a noisy machine: the CPU time of the
 * one thread doing the work varies far less than throughput does.
 *
 * <ul>
 *   <li>{@code as}: the two messages of an AS exchange (PREAUTH_REQUIRED, then the AS-REQ with PA-ENC-TIMESTAMP);</li>
 *   <li>{@code tgs}: a TGS-REQ for HTTP/files.example.test with the TGT;</li>
 *   <li>{@code exchange}: a partial TGT (krbtgt_&lt;n&gt;) for a full TGT with KERB-KEY-LIST-REQ.</li>
 * </ul>
 */
final class HandleProbe {
    private HandleProbe() {}

    private static final List<EncType> AD_PREFERENCE = List.of(EncType.AES256_CTS_HMAC_SHA1_96,
            EncType.AES128_CTS_HMAC_SHA1_96, EncType.AES256_CTS_HMAC_SHA384_192, EncType.AES128_CTS_HMAC_SHA256_128);

    static int run(Args a, PrintStream out) throws Exception {
        int requests = a.integer("requests", 20_000);
        int rounds = a.integer("rounds", 7);
        int warmup = a.integer("warmup-requests", 60_000);
        a.checkAllUsed();
        Path tmp = Files.createTempDirectory("loadgen-probe");
        SecureRandom random = new SecureRandom();
        Clock clock = Clock.systemUTC();
        try (Directory d = Directory.create(tmp.resolve("directory"), DomainSpec.forestRoot("example.test", "EXAMPLE"),
                "Admin-Passw0rd-1".toCharArray())) {
            String pw = "Kerb-Load-Passw0rd1";
            Account alice = d.users().create(NewAccount.user("alice", pw.toCharArray()));
            d.users().create(NewAccount.computer("FILES").withSpns("HTTP/files.example.test"));
            KerberosServerKey rodc = d.kerberosServer().create("probe", Optional.empty());
            KdcService kdc = new KdcService(KdcConfig.loopback().withEnctypePreference(AD_PREFERENCE)
                    .withAudit(Audit.none()).withUdpReplyLimit(65_535), d.principalStore(), d.accountEvents(), Optional.of(d.rodcPolicy()), clock);
            List<Bytes> recorded = new ArrayList<>();
            KdcExchange ex = (realm, req) -> {
                recorded.add(req);
                return kdc.handle(req, true).orElseThrow();
            };
            KdcClient client = new KdcClient(ex, clock, random);
            String realm = d.domain().realm();
            PrincipalName user = PrincipalName.user("alice");
            KdcReply tgt = client.asExchange(AsRequest.tgt(user, realm), KeySource.password(realm, user, pw.toCharArray()));
            List<Bytes> as = List.copyOf(recorded);
            recorded.clear();
            client.tgsExchange(TgsRequest.forService(tgt, PrincipalName.parse("HTTP/files.example.test"), realm));
            Bytes tgs = recorded.get(0);
            recorded.clear();
            PartialTgts.Minted m = PartialTgts.mint(realm, "alice", alice.sid(), rodc.aes256(),
                    (int) rodc.server().kvno(), random);
            client.tgsExchange(PartialTgts.exchange(m, realm));
            Bytes exchange = recorded.get(0);
            out.printf("in-process KdcService.handle, best of %d rounds of %d requests (after %d warm-up), %s%n", rounds,
                    requests, warmup, Runtime.version());
            measure(out, "as (2 messages)", kdc, as, requests, rounds, warmup);
            measure(out, "tgs", kdc, List.of(tgs), requests, rounds, warmup);
            measure(out, "exchange", kdc, List.of(exchange), requests, rounds, warmup);
        } finally {
            try (var files = Files.walk(tmp)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        return 0;
    }

    private static void measure(PrintStream out, String label, KdcService kdc, List<Bytes> messages, int n, int rounds,
            int warmup) {
        MessageType expect = KrbCodec.peekMessageType(kdc.handle(messages.get(messages.size() - 1), true).orElseThrow())
                .orElseThrow();
        if (!expect.equals(MessageType.AS_REP) && !expect.equals(MessageType.TGS_REP)) {
            throw new IllegalStateException(label + ": the KDC refuses the recorded request (" + expect.name() + ")");
        }
        var mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().threadId();
        long sink = 0;
        for (int i = 0; i < warmup; i++) {
            for (Bytes m : messages) {
                sink += kdc.handle(m, true).orElseThrow().length();
            }
        }
        double bestCpu = Double.MAX_VALUE;
        double bestAlloc = Double.MAX_VALUE;
        for (int r = 0; r < rounds; r++) {
            long c0 = mx.getCurrentThreadCpuTime();
            long a0 = mx.getThreadAllocatedBytes(tid);
            for (int i = 0; i < n; i++) {
                for (Bytes m : messages) {
                    sink += kdc.handle(m, true).orElseThrow().length();
                }
            }
            bestCpu = Math.min(bestCpu, (mx.getCurrentThreadCpuTime() - c0) / 1e3 / n);
            bestAlloc = Math.min(bestAlloc, (mx.getThreadAllocatedBytes(tid) - a0) / (double) n);
        }
        out.printf(Locale.ROOT, "PROBE %-16s cpu_us_per_op=%.1f alloc_kb_per_op=%.1f (%d)%n", label, bestCpu,
                bestAlloc / 1024, sink % 2);
    }
}
