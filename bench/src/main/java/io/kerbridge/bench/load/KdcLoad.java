// RFC 4120 §3.1 (AS exchange with PA-ENC-TIMESTAMP after KDC_ERR_PREAUTH_REQUIRED: 2 messages per exchange),
// §3.3 (TGS exchange: 1 message); the partial-TGT exchange of protocol-notes §2.4.
package io.kerbridge.bench.load;

import io.kerbridge.kerberos.Bytes;
import io.kerbridge.kerberos.client.AsRequest;
import io.kerbridge.kerberos.client.KdcAddress;
import io.kerbridge.kerberos.client.KdcClient;
import io.kerbridge.kerberos.client.KdcReply;
import io.kerbridge.kerberos.client.KerberosClientException;
import io.kerbridge.kerberos.client.KeySource;
import io.kerbridge.kerberos.client.KrbConfig;
import io.kerbridge.kerberos.client.TgsRequest;
import io.kerbridge.kerberos.pac.Sid;
import io.kerbridge.kerberos.types.EncType;
import io.kerbridge.kerberos.types.EncryptionKey;
import io.kerbridge.kerberos.types.PrincipalName;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

/** The KDC modes: {@code as} (keys derived once), {@code tgs}, {@code exchange} (partial TGT → full TGT). */
final class KdcLoad {
    private KdcLoad() {}

    /** What one side of a run needs: its krb5.conf, key file and server processes. */
    private record Side(String name, Path conf, Optional<Properties> keyFile, long[] pids) {}

    static int run(String mode, Args a, PrintStream out) throws Exception {
        Side sideA = new Side("A", a.path("config"), a.opt("key-file").map(KdcLoad::properties), pids(a.opt("server-pid")));
        Optional<Side> sideB = a.opt("b-config").map(c -> new Side("B", Path.of(c),
                a.opt("b-key-file").map(KdcLoad::properties), pids(a.opt("b-server-pid"))));
        String bMode = a.str("b-mode", mode);
        int pairs = a.integer("pairs", 5);
        Runner.Plan plan = plan(a);
        KdcLink.Transport transport = KdcLink.Transport.valueOf(a.str("transport", "udp").toUpperCase(Locale.ROOT));
        boolean keepAlive = a.flag("tcp-keepalive");
        String t = transport.name().toLowerCase(Locale.ROOT) + (keepAlive ? "-keepalive" : "");
        Runner.Client fa = factory(mode, sideA, a, transport, keepAlive);
        if (sideB.isEmpty()) {
            a.checkAllUsed();
            Runner.Result r = Runner.run(plan.withPids(sideA.pids()), fa);
            Runner.print(out, mode, t, plan, r);
            printTransportCounters(out);
            return r.ok() > 0 ? 0 : 1;
        }
        Runner.Client fb = factory(bMode, sideB.get(), a, transport, keepAlive);
        a.checkAllUsed();
        // one client JVM for both sides: its JIT warms once, then the runs alternate A,B / B,A
        Runner.Plan warm = plan.withPids(new long[0]).withWindow(0, plan.warmupSeconds());
        Runner.run(warm, fa);
        Runner.run(warm, fb);
        Runner.Plan measured = plan.withWindow(1, plan.durationSeconds());
        List<Double> ratios = new java.util.ArrayList<>();
        for (int p = 1; p <= pairs; p++) {
            Runner.Result ra = null;
            Runner.Result rb = null;
            for (String s : p % 2 == 1 ? List.of("A", "B") : List.of("B", "A")) {
                if (s.equals("A")) {
                    ra = Runner.run(measured.withPids(sideA.pids()), fa);
                    Runner.print(out, mode + "[A]", t, measured, ra);
                } else {
                    rb = Runner.run(measured.withPids(sideB.get().pids()), fb);
                    Runner.print(out, bMode + "[B]", t, measured, rb);
                }
            }
            double ratio = ra.rps() > 0 ? rb.rps() / ra.rps() : 0;
            ratios.add(ratio);
            out.printf(Locale.ROOT, "PAIR %d %s/%s c=%d: A %.0f/s p50 %.3f p99 %.3f cpu %.4f | B %.0f/s p50 %.3f p99 %.3f"
                    + " cpu %.4f | B/A %.3f (load %s)%n", p, mode, t, plan.clients(), ra.rps(), ra.p50(), ra.p99(),
                    ra.serverCpuMsPerOp(), rb.rps(), rb.p50(), rb.p99(), rb.serverCpuMsPerOp(), ratio, loadAverage());
        }
        java.util.Collections.sort(ratios);
        int n = ratios.size();
        double median = n % 2 == 1 ? ratios.get(n / 2) : (ratios.get(n / 2 - 1) + ratios.get(n / 2)) / 2;
        out.printf(Locale.ROOT, "RATIO tool=loadgen mode=%s b_mode=%s transport=%s clients=%d median_B_over_A=%.3f"
                + " pairs=%d%n", mode, bMode, t, plan.clients(), median, pairs);
        printTransportCounters(out);
        return 0;
    }

    private static void printTransportCounters(PrintStream out) {
        if (KdcLink.TOO_BIG.sum() > 0 || KdcLink.TIMEOUTS.sum() > 0) {
            out.printf("RESPONSE_TOO_BIG retries over TCP: %d; timeouts: %d%n", KdcLink.TOO_BIG.sum(),
                    KdcLink.TIMEOUTS.sum());
        }
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException e) {
            return "?";
        }
    }

    private static long[] pids(Optional<String> csv) {
        return csv.map(s -> java.util.Arrays.stream(s.split(",")).map(String::strip).filter(x -> !x.isEmpty())
                .mapToLong(Long::parseLong).toArray()).orElse(new long[0]);
    }

    private static Runner.Client factory(String mode, Side side, Args a, KdcLink.Transport transport,
            boolean keepAlive) throws Exception {
        KrbConfig conf = KrbConfig.load(side.conf());
        Optional<Properties> keyFile = side.keyFile();
        String realm = a.opt("realm").or(() -> keyFile.map(p -> p.getProperty("realm")))
                .or(conf::defaultRealm).orElseThrow(() -> new IllegalArgumentException("--realm is required"));
        int udpPreferenceLimit = conf.udpPreferenceLimit();
        List<KdcAddress> kdcs = conf.kdcs(realm);
        if (kdcs.isEmpty()) {
            throw new IllegalArgumentException("no kdc for " + realm + " in " + side.conf());
        }
        InetSocketAddress kdc = new InetSocketAddress(kdcs.get(0).host(), kdcs.get(0).port());
        int timeout = a.integer("timeout-ms", 3000);
        String user = a.opt("user").or(() -> keyFile.map(p -> p.getProperty("user"))).orElse("alice");
        PrincipalName client = PrincipalName.user(user);
        PrincipalName service = PrincipalName.parse(a.opt("service")
                .or(() -> keyFile.map(p -> p.getProperty("service"))).orElse("HTTP/files.example.test"));
        List<EncType> etypes = a.opt("etypes").map(KdcLoad::etypes).orElse(AsRequest.DEFAULT_ETYPES);
        java.util.function.Supplier<KdcClient> newClient = () -> new KdcClient(new KdcLink(kdc, transport, keepAlive,
                timeout, udpPreferenceLimit), Clock.systemUTC(), new SecureRandom());
        switch (mode) {
            case "as", "tgs" -> {
                char[] pw = a.opt("password-file").map(f -> a.secretFile("password-file"))
                        .or(() -> keyFile.map(p -> p.getProperty("password")))
                        .orElseThrow(() -> new IllegalArgumentException("--password-file is required")).toCharArray();
                KeySource keys = derivedOnce(KeySource.password(realm, client, pw));
                AsRequest asReq = AsRequest.tgt(client, realm).withEtypes(etypes);
                if (mode.equals("as")) {
                    return i -> {
                        KdcClient c = newClient.get();
                        c.asExchange(asReq, keys); // derives the keys (once for all clients), checks the set-up
                        return () -> c.asExchange(asReq, keys);
                    };
                }
                return i -> {
                    KdcClient c = newClient.get();
                    KdcReply tgt = c.asExchange(asReq, keys);
                    TgsRequest req = TgsRequest.forService(tgt, service, realm);
                    TgsRequest withEtypes = new TgsRequest(req.tgt(), req.tgtSessionKey(), req.clientRealm(),
                            req.client(), req.server(), req.serverRealm(), req.options(), req.lifetime(), etypes,
                            req.extraPadata());
                    c.tgsExchange(withEtypes);
                    return () -> c.tgsExchange(withEtypes);
                };
            }
            case "exchange" -> {
                Properties p = keyFile.orElseThrow(() -> new IllegalArgumentException(
                        "exchange needs --key-file (written by dc-setup)"));
                EncryptionKey rodcKey = new EncryptionKey(EncType.AES256_CTS_HMAC_SHA1_96,
                        Base64.getDecoder().decode(p.getProperty("rodc.key")));
                int kvno = (int) Long.parseLong(p.getProperty("rodc.kvno"));
                Sid sid = Sid.parse(p.getProperty("userSid"));
                return i -> {
                    KdcClient c = newClient.get();
                    PartialTgts.Minted m = PartialTgts.mint(realm, user, sid, rodcKey, kvno, new SecureRandom());
                    TgsRequest req = PartialTgts.exchange(m, realm);
                    KdcReply full = c.tgsExchange(req);
                    if (full.part().encryptedPaData().isEmpty()) {
                        throw new IllegalStateException("the exchange answered without KERB-KEY-LIST-REP");
                    }
                    return () -> c.tgsExchange(req);
                };
            }
            default -> throw new IllegalArgumentException("unknown mode " + mode);
        }
    }

    static Runner.Plan plan(Args a) {
        return new Runner.Plan(a.integer("clients", 4), a.dbl("warmup", 5), a.dbl("duration", 10),
                a.longValue("count", Long.MAX_VALUE), a.flag("platform-threads"), pids(a.opt("server-pid")));
    }

    /** String-to-key once per (etype, salt, s2kparams), shared by every client: the KDC is measured, not PBKDF2. */
    static KeySource derivedOnce(KeySource source) {
        Map<String, Optional<EncryptionKey>> cache = new ConcurrentHashMap<>();
        return new KeySource() {
            @Override
            public Optional<EncryptionKey> keyFor(EncType etype, Optional<String> salt, Optional<Bytes> params)
                    throws KerberosClientException {
                String k = etype.value() + "|" + salt.orElse("") + "|" + params.map(Bytes::toString).orElse("");
                Optional<EncryptionKey> key = cache.get(k);
                if (key == null) {
                    key = source.keyFor(etype, salt, params);
                    cache.put(k, key);
                }
                return key;
            }

            @Override
            public List<EncType> etypes() {
                return source.etypes();
            }
        };
    }

    static List<EncType> etypes(String csv) {
        return java.util.Arrays.stream(csv.split(",")).map(String::strip).map(Integer::parseInt).map(EncType::of)
                .toList();
    }

    static Properties properties(String file) {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(Path.of(file))) {
            p.load(in);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage());
        }
        return p;
    }
}
