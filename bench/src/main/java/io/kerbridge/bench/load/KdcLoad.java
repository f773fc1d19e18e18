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
    private static int udpPreferenceLimit = 1465;

    private KdcLoad() {}

    static int run(String mode, Args a, PrintStream out) throws Exception {
        Path confFile = a.path("config");
        KrbConfig conf = KrbConfig.load(confFile);
        Optional<Properties> keyFile = a.opt("key-file").map(KdcLoad::properties);
        String realm = a.opt("realm").or(() -> keyFile.map(p -> p.getProperty("realm")))
                .or(conf::defaultRealm).orElseThrow(() -> new IllegalArgumentException("--realm is required"));
        udpPreferenceLimit = conf.udpPreferenceLimit();
        List<KdcAddress> kdcs = conf.kdcs(realm);
        if (kdcs.isEmpty()) {
            throw new IllegalArgumentException("no kdc for " + realm + " in " + confFile);
        }
        InetSocketAddress kdc = new InetSocketAddress(kdcs.get(0).host(), kdcs.get(0).port());
        KdcLink.Transport transport = KdcLink.Transport.valueOf(a.str("transport", "udp").toUpperCase(Locale.ROOT));
        boolean keepAlive = a.flag("tcp-keepalive");
        int timeout = a.integer("timeout-ms", 3000);
        Runner.Plan plan = plan(a);
        String user = a.opt("user").or(() -> keyFile.map(p -> p.getProperty("user"))).orElse("alice");
        PrincipalName client = PrincipalName.user(user);
        PrincipalName service = PrincipalName.parse(a.opt("service")
                .or(() -> keyFile.map(p -> p.getProperty("service"))).orElse("HTTP/files.example.test"));
        List<EncType> etypes = a.opt("etypes").map(KdcLoad::etypes).orElse(AsRequest.DEFAULT_ETYPES);
        Runner.Client factory;
        switch (mode) {
            case "as", "tgs" -> {
                char[] pw = a.opt("password-file").map(f -> a.secretFile("password-file"))
                        .or(() -> keyFile.map(p -> p.getProperty("password")))
                        .orElseThrow(() -> new IllegalArgumentException("--password-file is required")).toCharArray();
                KeySource keys = derivedOnce(KeySource.password(realm, client, pw));
                AsRequest asReq = AsRequest.tgt(client, realm).withEtypes(etypes);
                factory = mode.equals("as") ? i -> {
                    KdcClient c = client(kdc, transport, keepAlive, timeout);
                    c.asExchange(asReq, keys); // derives the keys (once for all clients), checks the set-up
                    return () -> c.asExchange(asReq, keys);
                } : i -> {
                    KdcClient c = client(kdc, transport, keepAlive, timeout);
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
                factory = i -> {
                    KdcClient c = client(kdc, transport, keepAlive, timeout);
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
        a.checkAllUsed();
        Runner.Result r = Runner.run(plan, factory);
        String t = transport.name().toLowerCase(Locale.ROOT) + (keepAlive ? "-keepalive" : "");
        Runner.print(out, mode, t, plan, r);
        if (KdcLink.TOO_BIG.sum() > 0 || KdcLink.TIMEOUTS.sum() > 0) {
            out.printf("RESPONSE_TOO_BIG retries over TCP: %d; timeouts: %d%n", KdcLink.TOO_BIG.sum(),
                    KdcLink.TIMEOUTS.sum());
        }
        return r.ok() > 0 ? 0 : 1;
    }

    static Runner.Plan plan(Args a) {
        return new Runner.Plan(a.integer("clients", 4), a.dbl("warmup", 5), a.dbl("duration", 10),
                a.longValue("count", Long.MAX_VALUE), a.flag("platform-threads"),
                a.opt("server-pid").map(s -> java.util.Arrays.stream(s.split(",")).map(String::strip)
                        .filter(x -> !x.isEmpty()).mapToLong(Long::parseLong).toArray()).orElse(new long[0]));
    }

    private static KdcClient client(InetSocketAddress kdc, KdcLink.Transport t, boolean keepAlive, int timeout) {
        return new KdcClient(new KdcLink(kdc, t, keepAlive, timeout, udpPreferenceLimit), Clock.systemUTC(),
                new SecureRandom());
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
