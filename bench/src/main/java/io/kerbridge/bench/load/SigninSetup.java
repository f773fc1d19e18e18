// protocol-notes §3.1 (device with a certificate from the tenant CA and a BCRYPT_RSAKEY_BLOB transport key; Hello
// key bound to user and device, kid = b64(SHA-256(blob))), §1.3 (the Kerberos domain's krbtgt_<n> key published
// to the tenant, sealed to its transport key), §1.6 (a synced user's on-premises sAMAccountName, domain and SID).
package io.kerbridge.bench.load;

import io.kerbridge.cloud.CloudConfig;
import io.kerbridge.cloud.CloudInit;
import io.kerbridge.cloud.CloudService;
import io.kerbridge.cloud.device.BcryptRsaKeyBlob;
import io.kerbridge.cloud.device.Device;
import io.kerbridge.cloud.device.HelloKey;
import io.kerbridge.cloud.http.Json;
import io.kerbridge.cloud.store.User;
import io.kerbridge.kerberos.Bytes;
import io.kerbridge.kerberos.keytransport.KeyContext;
import io.kerbridge.kerberos.keytransport.KeyEnvelope;
import io.kerbridge.kerberos.types.EncType;
import io.kerbridge.kerberos.types.EncryptionKey;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;

/**
 * Prepares a cloud data directory for {@code signin}, <b>with the cloud stopped</b>: creates it when missing
 * ({@code kerbridge cloud init} does the same), then runs the service in this process on a free port for the set-up
 * and stops it. Set-up through the service's own Java API (as its tests do): N synced users of the on-premises
 * domain, one registered device each (device key, certificate from the tenant CA, transport key), one Hello key
 * per user bound to that device, and the domain's krbtgt_&lt;n&gt; key published — the DC's real one with
 * {@code --key-file DC/loadgen.properties} (then tgt_ad can be exchanged at that DC), else a random one. Writes
 * the private keys the clients sign with to {@code --creds} (mode 0600).
 */
final class SigninSetup {
    private SigninSetup() {}

    static int run(Args a, PrintStream out) throws Exception {
        Path dir = a.path("cloud-dir");
        Path credsFile = a.path("creds");
        int users = a.integer("users", 8);
        String domain = a.str("domain", "example.test").toLowerCase(Locale.ROOT);
        Optional<Properties> dc = a.opt("key-file").map(KdcLoad::properties);
        int port = a.integer("port", 9443);
        a.checkAllUsed();
        SecureRandom random = new SecureRandom();
        Clock clock = Clock.systemUTC();
        if (!Files.exists(dir.resolve(CloudConfig.FILE))) {
            CloudInit.Result r = CloudInit.init(new CloudInit.Spec(dir, domain, List.of(), "Load test",
                    "admin@" + domain, "Admin-Passw0rd!".toCharArray(), "127.0.0.1", port, List.of()), clock, random);
            out.println("created cloud tenant " + r.tenantId() + " in " + dir);
        }
        Map<String, Object> creds = new LinkedHashMap<>();
        try (CloudService s = CloudService.start(dir, 0, clock, random)) {
            String tenant = s.store().tenants().all().get(0).id();
            String realm = domain.toUpperCase(Locale.ROOT);
            String domainSid = dc.map(p -> p.getProperty("userSid").replaceAll("-[0-9]+$", ""))
                    .orElse("S-1-5-21-1004336348-1177238915-682003330");
            int rodc = dc.map(p -> Integer.parseInt(p.getProperty("rodc.number"))).orElse(30775);
            long version = dc.map(p -> Long.parseLong(p.getProperty("rodc.keyVersion"))).orElse(1L);
            byte[] raw = dc.map(p -> Base64.getDecoder().decode(p.getProperty("rodc.key"))).orElseGet(() -> {
                byte[] b = new byte[32];
                random.nextBytes(b);
                return b;
            });
            EncryptionKey key = new EncryptionKey(EncType.AES256_CTS_HMAC_SHA1_96, raw);
            Bytes envelope = KeyEnvelope.seal(s.kerberosDomains().publicTransportKey(tenant),
                    new KeyContext(UUID.fromString(tenant), domain, rodc, version, key.type()), key, random);
            s.kerberosDomains().set(tenant, domain, rodc, version, "loadgen." + domain, envelope);
            List<Map<String, Object>> list = new ArrayList<>();
            String dcUser = dc.map(p -> p.getProperty("user")).orElse(null);
            String dcSid = dc.map(p -> p.getProperty("userSid")).orElse(null);
            for (int i = 0; i < users; i++) {
                String sam = i == 0 && dcUser != null ? dcUser : "signin" + i;
                String sid = i == 0 && dcSid != null ? dcSid : domainSid + "-" + (50_000 + i);
                Instant now = clock.instant();
                User u = s.store().users().find(tenant, sam + "@" + domain).orElse(null);
                if (u == null) {
                    u = new User(UUID.randomUUID().toString(), tenant, sam + "@" + domain, sam, User.Source.SYNCED, true,
                            Optional.of(sam), Optional.of(domain), Optional.of(sid), Optional.empty(), Optional.empty(),
                            false, now, now);
                    s.store().users().insert(u, Optional.empty(), Optional.empty());
                }
                KeyPair deviceKey = rsa();
                KeyPair transport = rsa();
                KeyPair hello = rsa();
                String deviceId = UUID.randomUUID().toString();
                byte[] cert = s.devices().certificates().issue(deviceId, deviceKey.getPublic());
                s.store().devices().insert(new Device(deviceId, tenant, "loadgen-pc" + i, u.id(), true, cert,
                        deviceKey.getPublic().getEncoded(), BcryptRsaKeyBlob.encode((RSAPublicKey) transport.getPublic()),
                        Optional.of("10.0.19045"), now, now));
                byte[] blob = BcryptRsaKeyBlob.encode((RSAPublicKey) hello.getPublic());
                String kid = BcryptRsaKeyBlob.kid(blob);
                s.store().devices().insertHelloKey(new HelloKey(kid, tenant, u.id(), deviceId, blob, now));
                Map<String, Object> c = new LinkedHashMap<>();
                c.put("upn", u.upn());
                c.put("sam", sam);
                c.put("deviceId", deviceId);
                c.put("deviceCert", b64(cert));
                c.put("deviceKey", b64(deviceKey.getPrivate().getEncoded()));
                c.put("transportKey", b64(transport.getPrivate().getEncoded()));
                c.put("helloKey", b64(hello.getPrivate().getEncoded()));
                c.put("kid", kid);
                list.add(c);
            }
            CloudConfig cfg = CloudConfig.load(dir);
            creds.put("url", "https://127.0.0.1:" + cfg.port());
            creds.put("tenantId", tenant);
            creds.put("caCert", dir.resolve("ca-cert.pem").toAbsolutePath().toString());
            creds.put("realm", realm);
            creds.put("krbtgtKey", b64(raw));
            creds.put("users", list);
            out.printf("cloud %s: %d users with a device and a Hello key each, Kerberos domain %s (Id %d, key version %d%s)%n",
                    tenant, users, domain, rodc, version, dc.isPresent() ? ", the DC's key" : ", a random key");
        }
        Files.deleteIfExists(credsFile);
        Files.createFile(credsFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.write(credsFile, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(creds));
        out.println("credentials for the load clients: " + credsFile);
        return 0;
    }

    static KeyPair rsa() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        return g.generateKeyPair();
    }

    static String b64(byte[] b) {
        return Base64.getEncoder().encodeToString(b);
    }
}
