package io.kerbridge.cloud;

import static io.kerbridge.cloud.EntraTestClient.H_CLIENT_ID;
import static io.kerbridge.cloud.EntraTestClient.R_CLIENT_ID;
import static io.kerbridge.cloud.EntraTestClient.assertion;
import static io.kerbridge.cloud.EntraTestClient.form;
import static io.kerbridge.cloud.EntraTestClient.hHeader;
import static io.kerbridge.cloud.EntraTestClient.outerPayload;
import static io.kerbridge.cloud.EntraTestClient.rHeader;
import static io.kerbridge.cloud.EntraTestClient.rs256;
import static io.kerbridge.cloud.EntraTestClient.tokenForm;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSADecrypter;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.SignedJWT;
import io.kerbridge.cloud.CloudServiceTest.MovableClock;
import io.kerbridge.cloud.EntraTestClient.Res;
import io.kerbridge.cloud.auth.Base32;
import io.kerbridge.cloud.auth.TokenService;
import io.kerbridge.cloud.auth.Totp;
import io.kerbridge.cloud.device.Device;
import io.kerbridge.cloud.device.DeviceCertificates;
import io.kerbridge.cloud.device.DevicePolicies;
import io.kerbridge.cloud.device.HelloKey;
import io.kerbridge.cloud.fido.Fido2Assertions;
import io.kerbridge.cloud.http.CloudServer;
import io.kerbridge.cloud.http.Json;
import io.kerbridge.cloud.kerberos.TgtMinter;
import io.kerbridge.cloud.prt.PrtEndpoint;
import io.kerbridge.cloud.realm.CloudRealm;
import io.kerbridge.cloud.store.AuditEvent;
import io.kerbridge.cloud.store.MasterKey;
import io.kerbridge.cloud.store.Tenant;
import io.kerbridge.cloud.store.User;
import io.kerbridge.kerberos.Bytes;
import io.kerbridge.kerberos.crypto.Enctypes;
import io.kerbridge.kerberos.file.Ccache;
import io.kerbridge.kerberos.file.Credential;
import io.kerbridge.kerberos.keytransport.KerberosDomain;
import io.kerbridge.kerberos.keytransport.KeyContext;
import io.kerbridge.kerberos.keytransport.KeyEnvelope;
import io.kerbridge.kerberos.msg.EncKdcRepPart;
import io.kerbridge.kerberos.msg.EncTicketPart;
import io.kerbridge.kerberos.msg.KdcRep;
import io.kerbridge.kerberos.msg.KrbCodec;
import io.kerbridge.kerberos.msg.PaCodec;
import io.kerbridge.kerberos.pac.FileTime;
import io.kerbridge.kerberos.pac.Pac;
import io.kerbridge.kerberos.pac.PacVerifier;
import io.kerbridge.kerberos.pac.Sid;
import io.kerbridge.kerberos.types.EncType;
import io.kerbridge.kerberos.types.EncryptionKey;
import io.kerbridge.kerberos.types.KeyUsage;
import io.kerbridge.kerberos.types.PrincipalName;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * The PRT endpoint on loopback over real TLS, driven by {@link EntraTestClient} as ROADtools (R) and
 * libhimmelblau (H) drive Entra: nonces, device- and Hello-signed requests, the reply taken apart down to the
 * AS-REP, the ticket under the published krbtgt_&lt;n&gt; key, its PAC, an MIT ccache read by MIT klist.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PrtEndpointTest {
    static final EncType AES256 = EncType.AES256_CTS_HMAC_SHA1_96;
    static final String DOMAIN_SID = "S-1-5-21-1004336348-1177238915-682003330";
    static final int CONTOSO_RODC = 30775;
    static final long CONTOSO_KV = 1585708;
    static final int FABRIKAM_RODC = 40000; // >= 32768: the kvno is negative as a signed int (§2.3a)
    static final long FABRIKAM_KV = 70001;

    record Dev(String id, KeyPair deviceKey, KeyPair transportKey, byte[] cert) {}

    record Hello(KeyPair key, String kid) {}

    record Session(byte[] sessionKey, String prt, JsonNode reply) {}

    Path dir;
    final MovableClock clock = new MovableClock();
    final SecureRandom random = new SecureRandom();
    final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    final List<byte[]> secrets = new ArrayList<>();
    CloudService service;
    CloudInit.Result init;
    HttpClient http;
    EntraTestClient client;
    String tenantId;
    MasterKey master;
    DeviceCertificates certs;
    EncryptionKey contosoKey;
    EncryptionKey fabrikamKey;
    final Map<String, User> users = new LinkedHashMap<>();
    final Map<String, Hello> hellos = new LinkedHashMap<>();
    Dev pc1;
    Dev pc2Disabled;
    Dev pc4;
    CloudServer realmServer;
    EntraTestClient realmClient;

    @BeforeAll
    void start(@TempDir Path tmp) throws Exception {
        logs.start();
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(logs);
        dir = tmp.resolve("cloud");
        init = CloudInit.init(new CloudInit.Spec(dir, "contoso.test", List.of("fabrikam.test", "nokey.test"), "Contoso",
                "admin@contoso.test", "Admin-Passw0rd!".toCharArray(), "127.0.0.1", 0, List.of()), clock, random);
        tenantId = init.tenantId();
        service = CloudService.start(dir, 0, clock, random);
        http = trustingHttp();
        client = new EntraTestClient(http, "https://localhost:" + service.port());
        master = MasterKey.load(CloudConfig.load(dir).masterKey(dir), random);
        certs = DeviceCertificates.load(dir, master, clock, random);
        contosoKey = publish("contoso.test", CONTOSO_RODC, CONTOSO_KV);
        fabrikamKey = publish("fabrikam.test", FABRIKAM_RODC, FABRIKAM_KV);
        users.put("alice", syncedViaApi("alice", "contoso.test", 1105));
        users.put("bob", synced("bob", "fabrikam.test", 1106, true, false));
        users.put("nokey", synced("nokey", "nokey.test", 1107, true, false));
        users.put("disabled", synced("disabled", "contoso.test", 1108, false, false));
        users.put("expired", synced("expired", "contoso.test", 1109, true, true));
        users.put("mallory", synced("mallory", "contoso.test", 1110, true, false));
        users.put("cloudonly", insert("cloudonly", Optional.empty(), Optional.empty(), Optional.empty(), true, false));
        users.put("nodomain", insert("nodomain", Optional.of("nodomain"), Optional.empty(),
                Optional.of(DOMAIN_SID + "-1111"), true, false));
        pc1 = device("pc1", users.get("alice"), true);
        pc2Disabled = device("pc2", users.get("alice"), false);
        pc4 = device("pc4", users.get("alice"), true);
        for (String u : users.keySet()) {
            hellos.put(u, hello(users.get(u), pc1));
        }
        hellos.put("alice@pc2", hello(users.get("alice"), pc2Disabled));
        hellos.put("alice@pc4", hello(users.get("alice"), pc4));
    }

    @AfterAll
    void stop() {
        if (realmServer != null) {
            realmServer.close();
        }
        if (service != null) {
            service.close();
        }
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(logs);
    }

    // ---- set-up helpers

    HttpClient trustingHttp() throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(init.caCertificate())) {
            trust.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, tmf.getTrustManagers(), null);
        return HttpClient.newBuilder().sslContext(ssl).connectTimeout(Duration.ofSeconds(5)).build();
    }

    EncryptionKey publish(String dns, int rodc, long version) throws Exception {
        byte[] raw = new byte[32];
        random.nextBytes(raw);
        secrets.add(raw.clone());
        EncryptionKey k = new EncryptionKey(AES256, raw);
        Bytes envelope = KeyEnvelope.seal(service.kerberosDomains().publicTransportKey(tenantId),
                new KeyContext(UUID.fromString(tenantId), dns, rodc, version, AES256), k, random);
        service.kerberosDomains().set(tenantId, dns, rodc, version, "dc1." + dns, envelope);
        return k;
    }

    /** alice arrives the way the sync agent sends users: PUT synced-users/{sid} with an admin token. */
    User syncedViaApi(String sam, String domain, int rid) throws Exception {
        clock.advance(Duration.ofSeconds(Totp.STEP_SECONDS));
        Res login = client.post("/api/v1/" + tenantId + "/admin/login", EntraTestClient.json(Map.of("username",
                "admin@contoso.test", "password", "Admin-Passw0rd!", "totp",
                Totp.code(Base32.decode(init.totpSecretBase32()), Totp.step(clock.instant())))), "application/json");
        assertThat(login.status()).as(login.body()).isEqualTo(200);
        String sid = DOMAIN_SID + "-" + rid;
        java.net.http.HttpRequest put = java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(client.root + "/api/v1/" + tenantId + "/synced-users/" + sid))
                .header("Authorization", "Bearer " + login.json().get("access_token").asString())
                .header("Content-Type", "application/json")
                .PUT(java.net.http.HttpRequest.BodyPublishers.ofString(EntraTestClient.json(Map.of(
                        "userPrincipalName", sam + "@" + domain, "displayName", "Alice Example",
                        "onPremisesSamAccountName", sam, "onPremisesDomainName", domain))))
                .build();
        assertThat(http.send(put, java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(201);
        return service.store().users().findBySid(tenantId, sid).orElseThrow();
    }

    User synced(String sam, String domain, int rid, boolean enabled, boolean passwordExpired) {
        return insert(sam + (domain.equals("contoso.test") ? "" : "." + domain.split("\\.")[0]), Optional.of(sam),
                Optional.of(domain), Optional.of(DOMAIN_SID + "-" + rid), enabled, passwordExpired);
    }

    User insert(String name, Optional<String> sam, Optional<String> domain, Optional<String> sid, boolean enabled,
            boolean passwordExpired) {
        Instant now = clock.instant();
        User u = new User(UUID.randomUUID().toString(), tenantId, name + "@contoso.test", name, sid.isPresent()
                ? User.Source.SYNCED : User.Source.CLOUD, enabled, sam, domain, sid, Optional.empty(), Optional.empty(),
                passwordExpired, now, now);
        service.store().users().insert(u, Optional.empty(), Optional.empty());
        return u;
    }

    Dev device(String name, User owner, boolean enabled) throws Exception {
        KeyPair dk = EntraTestClient.rsa();
        KeyPair tk = EntraTestClient.rsa();
        String id = UUID.randomUUID().toString();
        byte[] cert = certs.issue(id, dk.getPublic());
        Instant now = clock.instant();
        service.store().devices().insert(new Device(id, tenantId, name, owner.id(), enabled, cert,
                dk.getPublic().getEncoded(), EntraTestClient.blob((RSAPublicKey) tk.getPublic()), Optional.of("10.0.19045"),
                now, now));
        return new Dev(id, dk, tk, cert);
    }

    Hello hello(User u, Dev d) throws Exception {
        KeyPair k = EntraTestClient.rsa();
        byte[] blob = EntraTestClient.blob((RSAPublicKey) k.getPublic());
        String kid = EntraTestClient.kid(blob);
        assertThat(service.store().devices().insertHelloKey(new HelloKey(kid, tenantId, u.id(), d.id(), blob, clock.instant())))
                .isTrue();
        return new Hello(k, kid);
    }

    // ---- the two clients

    long now() {
        return clock.instant().getEpochSecond();
    }

    /** R: two nonces from /common, x5c a string, kdf_ver 2, tgt=True, windows_api_version 2.2, posted to /common. */
    Res signInR(Dev d, Hello h, String upn) throws Exception {
        String outer = client.nonce("/common/oauth2/token", true);
        String inner = client.nonce("/common/oauth2/token", true);
        String a = assertion(h.kid(), h.key().getPrivate(), upn, inner, now() - 3600, now() + 3600);
        String request = rs256(rHeader(d.cert()), outerPayload(R_CLIENT_ID, outer, upn, a), d.deviceKey().getPrivate());
        return client.post("/common/oauth2/token", form(tokenForm("2.2", request, "True")),
                "application/x-www-form-urlencoded");
    }

    /** H: one nonce from /{tenant} used twice, x5c an array, no kdf_ver, tgt=true, 2.0, no Content-Type. */
    Res signInH(Dev d, Hello h, String upn) throws Exception {
        String path = "/" + tenantId + "/oauth2/token";
        String n = client.nonce(path, false);
        String a = assertion(h.kid(), h.key().getPrivate(), upn, n, now() - 300, now() + 300);
        Map<String, Object> payload = outerPayload(H_CLIENT_ID, n, upn, a);
        payload.remove("group_sids");
        String request = rs256(hHeader(d.cert()), payload, d.deviceKey().getPrivate());
        return client.post(path, form(tokenForm("2.0", request, "true")), null);
    }

    String upn(String user) {
        return users.get(user).upn();
    }

    // ---- checking a reply the way R and H take it apart

    Session checkReply(Res r, Dev d, User u) throws Exception {
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode j = r.json();
        assertThat(j.get("token_type").asString()).isEqualTo("pop");
        for (String f : List.of("expires_in", "ext_expires_in", "expires_on")) {
            assertThat(j.get(f).isString()).as(f).isTrue();
            assertThat(Long.parseLong(j.get(f).asString())).as(f).isPositive();
        }
        assertThat(j.get("refresh_token_expires_in").isNumber()).isTrue();
        assertThat(j.get("refresh_token_expires_in").asLong()).isEqualTo(Duration.ofDays(14).toSeconds());
        assertThat(Long.parseLong(j.get("expires_on").asString())).isEqualTo(now() + Duration.ofDays(14).toSeconds());
        String skJwe = j.get("session_key_jwe").asString();
        assertThat(skJwe.split("\\.", -1)).hasSize(5);
        JsonNode skHeader = Json.MAPPER.readTree(new String(Base64.getUrlDecoder().decode(skJwe.split("\\.")[0]), StandardCharsets.UTF_8));
        assertThat(skHeader.get("alg").asString()).isEqualTo("RSA-OAEP");
        assertThat(skHeader.get("enc").asString()).isEqualTo("A256GCM");
        byte[] sk = EntraTestClient.unwrapSessionKey(skJwe, d.transportKey().getPrivate()); // R's way
        assertThat(sk).hasSize(32);
        JWEObject nimbus = JWEObject.parse(skJwe); // H's way: a complete JWE whose content decrypts (empty)
        nimbus.decrypt(new RSADecrypter(d.transportKey().getPrivate()));
        assertThat(nimbus.getPayload().toBytes()).isEmpty();
        secrets.add(sk.clone());
        checkIdToken(j.get("id_token").asString(), u, d);
        JsonNode info = Json.MAPPER.readTree(new String(Base64.getUrlDecoder().decode(j.get("client_info").asString()),
                StandardCharsets.UTF_8));
        assertThat(info.get("uid").asString()).isEqualTo(u.id());
        assertThat(info.get("utid").asString()).isEqualTo(tenantId);
        return new Session(sk, j.get("refresh_token").asString(), j);
    }

    void checkIdToken(String idToken, User u, Dev d) throws Exception {
        SignedJWT jwt = SignedJWT.parse(idToken);
        var sealed = service.store().signingKeys().forTenant(tenantId).get(0);
        ECKey key = ECKey.parse(new String(master.open(sealed.sealedJwk(), "signing-key:" + sealed.kid()), StandardCharsets.UTF_8));
        assertThat(jwt.verify(new ECDSAVerifier(key.toPublicJWK()))).isTrue();
        var c = jwt.getJWTClaimsSet();
        assertThat(c.getStringClaim("name")).isEqualTo(u.displayName());
        assertThat(UUID.fromString(c.getStringClaim("oid")).toString()).isEqualTo(u.id());
        assertThat(c.getStringClaim("tid")).isEqualTo(tenantId);
        assertThat(c.getStringClaim("upn")).isEqualTo(u.upn());
        assertThat(c.getStringClaim("deviceid")).isEqualTo(d.id());
        assertThat(c.getAudience()).doesNotContain(TokenService.AUDIENCE); // never a management API token
    }

    /** A tgt_* field: a JSON string; clientKey decrypts with the session key; the AS-REP with the client key. */
    record Tgt(JsonNode json, byte[] clientKey, KdcRep rep, EncKdcRepPart part) {}

    Tgt openTgt(JsonNode reply, String field, byte[] sk) throws Exception {
        assertThat(reply.get(field).isString()).as(field + " must be a JSON string").isTrue();
        JsonNode t = Json.MAPPER.readTree(reply.get(field).asString());
        assertThat(t.get("keyType").asInt()).isEqualTo(18);
        assertThat(t.get("sessionKeyType").asInt()).isEqualTo(18);
        assertThat(t.get("accountType").isIntegralNumber()).isTrue();
        String ck = t.get("clientKey").asString();
        String[] seg = ck.split("\\.", -1);
        assertThat(seg).hasSize(5);
        JsonNode h = Json.MAPPER.readTree(new String(Base64.getUrlDecoder().decode(seg[0]), StandardCharsets.UTF_8));
        assertThat(h.get("alg").asString()).isEqualTo("dir");
        assertThat(h.get("enc").asString()).isEqualTo("A256GCM");
        assertThat(Base64.getDecoder().decode(h.get("ctx").asString())).hasSize(24);
        assertThat(Base64.getUrlDecoder().decode(seg[2])).hasSize(16); // IV: CBC for both R and H
        byte[] clientKey = EntraTestClient.decryptUnderSessionKey(ck, sk);
        assertThat(clientKey).hasSize(32);
        secrets.add(clientKey.clone());
        KdcRep rep = KrbCodec.decodeKdcRep(Bytes.wrap(Base64.getDecoder().decode(t.get("messageBuffer").asString())));
        Bytes plain = Enctypes.find(AES256).orElseThrow().decrypt(new EncryptionKey(AES256, clientKey),
                KeyUsage.AS_REP_ENC_PART, rep.encPart().cipher());
        assertThat(plain.get(0) & 0xFF).as("EncASRepPart [APPLICATION 25]").isEqualTo(0x79);
        EncKdcRepPart part = KrbCodec.decodeEncKdcRepPart(plain);
        assertThat(part.applicationTag()).isEqualTo(EncKdcRepPart.ENC_AS_REP_PART);
        assertThat(part.startTime()).isPresent();
        assertThat(part.renewTill()).isPresent();
        assertThat(part.key().type()).isEqualTo(AES256);
        assertThat(t.get("realm").asString()).isEqualTo(rep.crealm());
        assertThat(t.get("cn").asString()).isEqualTo(String.join("/", rep.cname().components())); // raw, not MIT-escaped
        assertThat(t.get("sn").asString()).isEqualTo(String.join("/", part.sname().components()));
        return new Tgt(t, clientKey, rep, part);
    }

    /** The ticket under the published key: kvno, PAC signatures by the krbtgt_n key with the RODC id, identity. */
    EncTicketPart checkPartialTicket(Tgt tgt, EncryptionKey krbtgt, int rodc, long version, String sam, String sid)
            throws Exception {
        String realm = tgt.rep().crealm();
        assertThat(tgt.rep().cname()).isEqualTo(PrincipalName.user(sam));
        assertThat(tgt.rep().ticket().sname()).isEqualTo(PrincipalName.krbtgt(realm));
        assertThat(tgt.rep().ticket().encPart().etype()).isEqualTo(AES256);
        int kvno = tgt.rep().ticket().encPart().kvno().orElseThrow();
        assertThat(kvno).isEqualTo((rodc << 16) | (int) (version & 0xFFFF));
        assertThat(kvno >>> 16).isEqualTo(rodc);
        assertThat(kvno & 0xFFFF).isEqualTo((int) (version & 0xFFFF));
        EncTicketPart et = KrbCodec.decodeEncTicketPart(Enctypes.find(AES256).orElseThrow().decrypt(krbtgt,
                KeyUsage.KDC_REP_TICKET, tgt.rep().ticket().encPart().cipher()));
        assertThat(et.key()).isEqualTo(tgt.part().key());
        assertThat(Duration.between(et.authTime(), et.endTime())).isEqualTo(Duration.ofHours(8));
        Pac pac = Pac.decode(PaCodec.findPac(et.authorizationData().orElseThrow()).orElseThrow());
        assertThat(PacVerifier.verify(pac, krbtgt, krbtgt).isValid()).isTrue();
        assertThat(pac.kdcSignature().orElseThrow().rodcIdentifier().getAsInt()).isEqualTo(rodc);
        assertThat(pac.logonInfo().orElseThrow().userSid()).contains(Sid.parse(sid));
        assertThat(pac.logonInfo().orElseThrow().primaryGroupId()).isEqualTo(513);
        assertThat(pac.requestor().orElseThrow().userSid()).isEqualTo(Sid.parse(sid));
        assertThat(pac.clientInfo().orElseThrow().name()).isEqualTo(sam);
        assertThat(pac.clientInfo().orElseThrow().clientId()).isEqualTo(FileTime.of(et.authTime()));
        assertThat(pac.attributesInfo()).isPresent();
        return et;
    }

    List<AuditEvent> signInLog() {
        return service.store().audit().query(tenantId, Optional.of(AuditLog.SIGN_IN), Long.MAX_VALUE, 1000);
    }

    AuditEvent lastSignIn() {
        return signInLog().get(0);
    }

    // ---- tests

    @Test
    @Order(1)
    void roadtoolsStyleSignInGivesAPartialTgtThatMitKlistReads(@TempDir Path tmp) throws Exception {
        User alice = users.get("alice");
        long t0 = System.nanoTime();
        Res r = signInR(pc1, hellos.get("alice"), alice.upn());
        long took = System.nanoTime() - t0;
        System.out.printf("PRT sign-in (R style: 2 nonces + token request, RSA-2048, TLS, partial TGT) took %.1f ms%n",
                took / 1e6);
        Session s = checkReply(r, pc1, alice);
        Tgt tgt = openTgt(s.reply(), "tgt_ad", s.sessionKey());
        assertThat(tgt.json().get("realm").asString()).isEqualTo("CONTOSO.TEST");
        assertThat(tgt.json().get("sn").asString()).isEqualTo("krbtgt/CONTOSO.TEST");
        assertThat(tgt.json().get("cn").asString()).isEqualTo("alice");
        assertThat(tgt.json().get("accountType").asInt()).isEqualTo(1);
        assertThat(tgt.json().has("error")).isFalse();
        assertThat(s.reply().has("tgt_cloud")).isFalse(); // no cloud realm wired, policy off
        EncTicketPart et = checkPartialTicket(tgt, contosoKey, CONTOSO_RODC, CONTOSO_KV, "alice", DOMAIN_SID + "-1105");
        assertThat(tgt.rep().ticket().encPart().kvno()).contains(2016883244); // the worked example of §2.3a

        Path cc = tmp.resolve("krb5cc_alice");
        EncKdcRepPart p = tgt.part();
        Credential cred = new Credential(tgt.rep().cname(), tgt.rep().crealm(), p.sname(), p.srealm(), p.key(), p.authTime(),
                p.startTime().orElse(null), p.endTime(), p.renewTill().orElse(null), false, p.flags(), List.of(), List.of(),
                KrbCodec.encodeTicket(tgt.rep().ticket()), Bytes.EMPTY);
        new Ccache(tgt.rep().cname(), tgt.rep().crealm(), List.of(cred), List.of(), Optional.empty()).write(cc);
        ProcessBuilder pb = new ProcessBuilder("/usr/bin/klist", "-c", cc.toString()).redirectErrorStream(true);
        pb.environment().put("KRB5_CONFIG", "/dev/null"); // never the machine's krb5.conf
        Process klist = pb.start();
        String out = new String(klist.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(klist.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(klist.exitValue()).as(out).isZero();
        assertThat(out).contains("Default principal: alice@CONTOSO.TEST").contains("krbtgt/CONTOSO.TEST@CONTOSO.TEST");
        assertThat(et.crealm()).isEqualTo("CONTOSO.TEST");

        AuditEvent e = lastSignIn();
        assertThat(e.activity()).isEqualTo(PrtEndpoint.SIGN_IN_ACTIVITY);
        assertThat(e.result()).isEqualTo("success");
        assertThat(e.actor()).isEqualTo(alice.upn());
        assertThat(e.target()).isEqualTo(pc1.id());
        assertThat(e.statusCode()).isEqualTo(1);
        assertThat(e.detail()).contains("tgt_ad=1");
    }

    @Test
    @Order(2)
    void himmelblauStyleSignInWithOneNonceAndNoContentType() throws Exception {
        User alice = users.get("alice");
        long t0 = System.nanoTime();
        Res r = signInH(pc1, hellos.get("alice"), alice.upn());
        System.out.printf("PRT sign-in (H style, warm: 1 nonce + token request) took %.1f ms%n", (System.nanoTime() - t0) / 1e6);
        Session s = checkReply(r, pc1, alice);
        Tgt tgt = openTgt(s.reply(), "tgt_ad", s.sessionKey());
        checkPartialTicket(tgt, contosoKey, CONTOSO_RODC, CONTOSO_KV, "alice", DOMAIN_SID + "-1105");
        JsonNode id = Json.MAPPER.readTree(new String(Base64.getUrlDecoder().decode(
                s.reply().get("id_token").asString().split("\\.")[1]), StandardCharsets.UTF_8));
        assertThat(id.get("aud").asString()).isEqualTo(H_CLIENT_ID);
    }

    @Test
    @Order(3)
    void highRodcNumberGivesANegativeKvnoThatStillDecodes() throws Exception {
        User bob = users.get("bob");
        Res r = signInR(pc1, hellos.get("bob"), bob.upn());
        Session s = checkReply(r, pc1, bob);
        Tgt tgt = openTgt(s.reply(), "tgt_ad", s.sessionKey());
        assertThat(tgt.rep().ticket().encPart().kvno().orElseThrow()).isNegative();
        checkPartialTicket(tgt, fabrikamKey, FABRIKAM_RODC, FABRIKAM_KV, "bob", DOMAIN_SID + "-1106");
        assertThat(tgt.rep().crealm()).isEqualTo("FABRIKAM.TEST");
    }

    @Test
    @Order(4)
    void refreshReturnsFreshTgtsUnderTheSameSessionKey() throws Exception {
        User alice = users.get("alice");
        Session s = checkReply(signInR(pc1, hellos.get("alice"), alice.upn()), pc1, alice);
        Tgt first = openTgt(s.reply(), "tgt_ad", s.sessionKey());
        clock.advance(Duration.ofHours(4));
        Res r = refresh(s, "/common/oauth2/token");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.body()).doesNotStartWith("{");
        JsonNode reply = Json.MAPPER.readTree(EntraTestClient.decryptUnderSessionKey(r.body().strip(), s.sessionKey()));
        assertThat(reply.get("token_type").asString()).isEqualTo("pop");
        assertThat(reply.get("refresh_token").asString()).isNotEqualTo(s.prt());
        checkIdToken(reply.get("id_token").asString(), alice, pc1);
        Tgt fresh = openTgt(reply, "tgt_ad", s.sessionKey());
        assertThat(fresh.clientKey()).isNotEqualTo(first.clientKey());
        assertThat(fresh.part().authTime()).isAfter(first.part().authTime());
        checkPartialTicket(fresh, contosoKey, CONTOSO_RODC, CONTOSO_KV, "alice", DOMAIN_SID + "-1105");
        AuditEvent e = lastSignIn();
        assertThat(e.activity()).isEqualTo(PrtEndpoint.REFRESH_ACTIVITY);
        assertThat(e.statusCode()).isEqualTo(1);

        // the renewed PRT refreshes again, on the tenant path
        Session renewed = new Session(s.sessionKey(), reply.get("refresh_token").asString(), reply);
        assertThat(refresh(renewed, "/" + tenantId + "/oauth2/token").status()).isEqualTo(200);
        // a wrong session key, a foreign token, a replayed nonce
        Session wrongKey = new Session(new byte[32], s.prt(), reply);
        assertThat(refresh(wrongKey, "/common/oauth2/token").code()).isEqualTo("invalid_session_key_signature");
        Session forged = new Session(s.sessionKey(), s.prt().substring(0, s.prt().length() - 4) + "AAAA", reply);
        assertThat(refresh(forged, "/common/oauth2/token").code()).isEqualTo("invalid_refresh_token");
        // the device disabled after sign-in: refresh refused
        Device d = service.store().devices().find(tenantId, pc1.id()).orElseThrow();
        service.store().devices().update(d.withEnabled(false, clock.instant()));
        try {
            Res off = refresh(s, "/common/oauth2/token");
            assertThat(off.status()).isEqualTo(400);
            assertThat(off.code()).isEqualTo("device_disabled");
        } finally {
            service.store().devices().update(d.withEnabled(true, clock.instant()));
        }
        // past 14 days the PRT is dead
        clock.advance(Duration.ofDays(15));
        assertThat(refresh(s, "/common/oauth2/token").code()).isEqualTo("refresh_token_expired");
    }

    Res refresh(Session s, String path) throws Exception {
        String n = client.nonce("/common/oauth2/token", true);
        byte[] ctx = new byte[24];
        random.nextBytes(ctx);
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("client_id", R_CLIENT_ID);
        p.put("request_nonce", n);
        p.put("scope", "openid aza ugs");
        p.put("iss", "aad:brokerplugin");
        p.put("grant_type", "refresh_token");
        p.put("refresh_token", s.prt());
        p.put("previous_refresh_token", s.prt());
        p.put("group_sids", List.of());
        p.put("win_ver", "10.0.19041.868");
        String request = EntraTestClient.refreshRequest(s.sessionKey(), ctx, p);
        return client.post(path, form(tokenForm("2.2", request, "True")), "application/x-www-form-urlencoded");
    }

    @Test
    @Order(5)
    void usersWithoutAnOnPremisesIdentityGetAPrtButNoTicket() throws Exception {
        Object[][] cases = {{"cloudonly", 26, "TgtUserOnPremisesSamAccountNameMissing"},
            {"nodomain", 27, "TgtUserDnsDomainNameMissing"}, {"nokey", 28, "TgtRodcKrbtgtNotFound"}};
        for (Object[] c : cases) {
            User u = users.get((String) c[0]);
            Res r = signInR(pc1, hellos.get((String) c[0]), u.upn());
            Session s = checkReply(r, pc1, u);
            JsonNode t = Json.MAPPER.readTree(s.reply().get("tgt_ad").asString());
            assertThat(t.get("keyType").asInt()).as(c[0].toString()).isZero();
            assertThat(t.get("error").asString()).startsWith((String) c[2]);
            for (String f : List.of("clientKey", "messageBuffer", "realm", "sn", "cn")) {
                assertThat(t.get(f).isString()).as(f).isTrue(); // present, so a struct without Option parses
            }
            assertThat(t.get("sessionKeyType").asInt()).isZero();
            AuditEvent e = lastSignIn();
            assertThat(e.result()).isEqualTo("success");
            assertThat(e.statusCode()).as(c[0].toString()).isEqualTo(c[1]);
            assertThat(e.detail()).contains("tgt_ad=" + c[1]);
        }
    }

    /** One refusal: status, stable code, AADSTS number in the body and in the sign-in log. */
    void refused(Res r, int status, String code, int aadsts) {
        assertThat(r.status()).as(code + ": " + r.body()).isEqualTo(status);
        assertThat(r.code()).as(r.body()).isEqualTo(code);
        assertThat(r.json().get("error_codes").get(0).asInt()).isEqualTo(aadsts);
        assertThat(r.json().get("error_description").asString()).startsWith("AADSTS" + aadsts + ": ");
        assertThat(r.json().get("error").asString()).isIn("invalid_request", "invalid_grant", "invalid_client",
                "unsupported_grant_type");
    }

    void loggedFailure(int aadsts, String actor, String target) {
        AuditEvent e = lastSignIn();
        assertThat(e.result()).isEqualTo("failure");
        assertThat(e.statusCode()).isEqualTo(aadsts);
        assertThat(e.actor()).isEqualTo(actor);
        assertThat(e.target()).isEqualTo(target);
    }

    Res signInWith(Dev d, byte[] cert, java.security.PrivateKey outerKey, Hello h, java.security.PrivateKey helloKey,
            String upn, String outerNonce, String innerNonce, long iat, long exp) throws Exception {
        String a = assertion(h.kid(), helloKey, upn, innerNonce, iat, exp);
        String request = rs256(rHeader(cert), outerPayload(R_CLIENT_ID, outerNonce, upn, a), outerKey);
        return client.post("/" + tenantId + "/oauth2/token", form(tokenForm("2.2", request, "True")),
                "application/x-www-form-urlencoded");
    }

    Res signInWith(Dev d, Hello h, String upn) throws Exception {
        return signInWith(d, d.cert(), d.deviceKey().getPrivate(), h, h.key().getPrivate(), upn, nonce(), nonce(),
                now() - 3600, now() + 3600);
    }

    String nonce() throws Exception {
        return client.nonce("/" + tenantId + "/oauth2/token", true);
    }

    @Test
    @Order(6)
    void deviceRefusals() throws Exception {
        String alice = upn("alice");
        Hello h = hellos.get("alice");
        // unknown device: a CA-issued certificate for a device nobody registered
        KeyPair k = EntraTestClient.rsa();
        Dev ghost = new Dev(UUID.randomUUID().toString(), k, k, certs.issue(UUID.randomUUID().toString(), k.getPublic()));
        String ghostId = certs.verify(ghost.cert()).deviceId();
        refused(signInWith(ghost, h, alice), 400, "device_not_found", 700003);
        loggedFailure(700003, ghostId, ghostId);
        // the same on /common: no tenant holds it
        String a = assertion(h.kid(), h.key().getPrivate(), alice, nonce(), now() - 60, now() + 60);
        Res common = client.post("/common/oauth2/token", form(tokenForm("2.2", rs256(rHeader(ghost.cert()),
                outerPayload(R_CLIENT_ID, nonce(), alice, a), k.getPrivate()), "True")), "application/x-www-form-urlencoded");
        refused(common, 400, "device_not_found", 700003);
        // disabled device
        refused(signInWith(pc2Disabled, hellos.get("alice@pc2"), alice), 400, "device_disabled", 135011);
        loggedFailure(135011, pc2Disabled.id(), pc2Disabled.id());
        // a certificate not issued by the service CA
        refused(signInWith(pc1, selfSigned(pc1), pc1.deviceKey().getPrivate(), h, h.key().getPrivate(), alice, nonce(),
                nonce(), now() - 60, now() + 60), 401, "invalid_device_certificate", 50155);
        // a CA certificate for pc1's id, but not the registered one (another key)
        KeyPair other = EntraTestClient.rsa();
        refused(signInWith(pc1, certs.issue(pc1.id(), other.getPublic()), other.getPrivate(), h, h.key().getPrivate(),
                alice, nonce(), nonce(), now() - 60, now() + 60), 401, "device_certificate_mismatch", 50155);
        // the request signed by another key than the certificate's
        refused(signInWith(pc1, pc1.cert(), other.getPrivate(), h, h.key().getPrivate(), alice, nonce(), nonce(),
                now() - 60, now() + 60), 401, "invalid_request_signature", 50155);
        loggedFailure(50155, pc1.id(), pc1.id());
    }

    byte[] selfSigned(Dev d) throws Exception {
        Instant now = clock.instant();
        var b = new JcaX509v3CertificateBuilder(new X500Name("CN=" + d.id()), java.math.BigInteger.TEN,
                java.util.Date.from(now.minusSeconds(600)), java.util.Date.from(now.plus(Duration.ofDays(1))),
                new X500Name("CN=" + d.id()), d.deviceKey().getPublic());
        return new JcaX509CertificateConverter().getCertificate(
                b.build(new JcaContentSignerBuilder("SHA256withRSA").build(d.deviceKey().getPrivate()))).getEncoded();
    }

    @Test
    @Order(7)
    void helloKeyRefusals() throws Exception {
        String alice = upn("alice");
        Hello h = hellos.get("alice");
        KeyPair stranger = EntraTestClient.rsa();
        String unknownKid = EntraTestClient.kid(EntraTestClient.blob((RSAPublicKey) stranger.getPublic()));
        refused(signInWith(pc1, new Hello(stranger, unknownKid), alice), 400, "hello_key_not_found", 135010);
        loggedFailure(135010, alice, pc1.id());
        refused(signInWith(pc1, hellos.get("mallory"), alice), 400, "hello_key_other_user", 135010);
        refused(signInWith(pc1, hellos.get("alice@pc4"), alice), 400, "hello_key_other_device", 135010);
        // alice's kid, signed by another key
        refused(signInWith(pc1, pc1.cert(), pc1.deviceKey().getPrivate(), h, stranger.getPrivate(), alice, nonce(), nonce(),
                now() - 60, now() + 60), 400, "invalid_assertion_signature", 50013);
        // an assertion two hours old, and one living three hours
        refused(signInWith(pc1, pc1.cert(), pc1.deviceKey().getPrivate(), h, h.key().getPrivate(), alice, nonce(), nonce(),
                now() - 7200, now() - 3600 + 60), 400, "assertion_expired", 500133);
        refused(signInWith(pc1, pc1.cert(), pc1.deviceKey().getPrivate(), h, h.key().getPrivate(), alice, nonce(), nonce(),
                now() - 60, now() + 3 * 3600), 400, "assertion_expired", 500133);
        // username and iss naming different users
        String a = assertion(h.kid(), h.key().getPrivate(), alice, nonce(), now() - 60, now() + 60);
        Res r = client.post("/" + tenantId + "/oauth2/token", form(tokenForm("2.2", rs256(rHeader(pc1.cert()),
                outerPayload(R_CLIENT_ID, nonce(), upn("mallory"), a), pc1.deviceKey().getPrivate()), "True")), null);
        refused(r, 400, "username_mismatch", 50013);
        // the outer grant_type claim is not jwt-bearer; neither assertion nor webauthn
        Map<String, Object> wrongGrant = outerPayload(R_CLIENT_ID, nonce(), alice,
                assertion(h.kid(), h.key().getPrivate(), alice, nonce(), now() - 60, now() + 60));
        wrongGrant.put("grant_type", "password");
        refused(client.post("/" + tenantId + "/oauth2/token", form(tokenForm("2.2",
                rs256(rHeader(pc1.cert()), wrongGrant, pc1.deviceKey().getPrivate()), "True")), null),
                400, "grant_type_mismatch", 70003);
        Map<String, Object> bare = outerPayload(R_CLIENT_ID, nonce(), alice, null);
        bare.remove("assertion");
        refused(client.post("/" + tenantId + "/oauth2/token", form(tokenForm("2.2",
                rs256(rHeader(pc1.cert()), bare, pc1.deviceKey().getPrivate()), "True")), null),
                400, "missing_assertion", 900144);
        // a webauthn assertion the service's FIDO2 verifier cannot parse
        Map<String, Object> p = outerPayload(R_CLIENT_ID, nonce(), alice, null);
        p.remove("assertion");
        p.put("webauthn", Map.of("credentialId", "x"));
        Res fido = client.post("/" + tenantId + "/oauth2/token", form(tokenForm("2.2",
                rs256(rHeader(pc1.cert()), p, pc1.deviceKey().getPrivate()), "True")), null);
        refused(fido, 400, "fido2_assertion_rejected", 50013);
    }

    @Test
    @Order(8)
    void nonceRefusals() throws Exception {
        String alice = upn("alice");
        Hello h = hellos.get("alice");
        String used = nonce();
        Dev d = pc1;
        Res ok = signInWith(d, d.cert(), d.deviceKey().getPrivate(), h, h.key().getPrivate(), alice, used, used,
                now() - 60, now() + 60); // H-style: one nonce in both JWTs
        assertThat(ok.status()).as(ok.body()).isEqualTo(200);
        refused(signInWith(d, d.cert(), d.deviceKey().getPrivate(), h, h.key().getPrivate(), alice, used, nonce(),
                now() - 60, now() + 60), 400, "nonce_replayed", 50089);
        // the outer nonce fresh, the assertion's one replayed
        refused(signInWith(d, d.cert(), d.deviceKey().getPrivate(), h, h.key().getPrivate(), alice, nonce(), used,
                now() - 60, now() + 60), 400, "nonce_replayed", 50089);
        refused(signInWith(d, d.cert(), d.deviceKey().getPrivate(), h, h.key().getPrivate(), alice, "never-issued",
                nonce(), now() - 60, now() + 60), 400, "nonce_expired", 50089);
        String old = nonce();
        String old2 = nonce();
        clock.advance(Duration.ofMinutes(5).plusSeconds(1));
        refused(signInWith(d, d.cert(), d.deviceKey().getPrivate(), h, h.key().getPrivate(), alice, old, old2,
                now() - 60, now() + 60), 400, "nonce_expired", 50089);
        loggedFailure(50089, pc1.id(), pc1.id());
    }

    @Test
    @Order(9)
    void accountRefusals() throws Exception {
        refused(signInWith(pc1, hellos.get("disabled"), upn("disabled")), 400, "user_disabled", 50057);
        loggedFailure(50057, upn("disabled"), pc1.id());
        Res r = signInWith(pc1, hellos.get("expired"), upn("expired"));
        refused(r, 400, "password_expired", 50055);
        assertThat(r.json().get("error_description").asString()).contains("has expired").contains("kerbridge passwd")
                .contains("kpasswd");
        loggedFailure(50055, upn("expired"), pc1.id());
        // an iss naming nobody (alice's key): no such user, before any key ownership question
        refused(signInWith(pc1, hellos.get("alice"), "nobody@contoso.test"), 400, "user_not_found", 50034);
        loggedFailure(50034, "nobody@contoso.test", pc1.id());
    }

    @Test
    @Order(10)
    void malformedInputIsAlways4xx() throws Exception {
        String path = "/" + tenantId + "/oauth2/token";
        String good = rs256(rHeader(pc1.cert()), outerPayload(R_CLIENT_ID, nonce(), upn("alice"), "x"), pc1.deviceKey().getPrivate());
        String[][] bodies = {
            {"", "missing_parameter"},
            {"grant_type=password&username=a&password=b", "unsupported_grant_type"},
            {"grant_type=" + EntraTestClient.JWT_BEARER + "&windows_api_version=2.2", "missing_parameter"},
            {"grant_type=" + EntraTestClient.JWT_BEARER + "&windows_api_version=9.9&request=a.b.c", "unsupported_api_version"},
            {"grant_type=" + EntraTestClient.JWT_BEARER + "&windows_api_version=2.2&request=not-a-jwt", "malformed_jwt"},
            {"grant_type=" + EntraTestClient.JWT_BEARER + "&windows_api_version=2.2&request=%%%", "malformed_request"},
            {"grant_type=srv_challenge&grant_type=srv_challenge", "malformed_request"},
            {"grant_type=" + EntraTestClient.JWT_BEARER + "&windows_api_version=2.2&request=e30.e30.e30", "malformed_jwt"},
            {"grant_type=" + EntraTestClient.JWT_BEARER + "&windows_api_version=2.2&request=W10.e30.e30", "malformed_jwt"},
            {"grant_type=" + EntraTestClient.JWT_BEARER + "&windows_api_version=2.2&request="
                    + EntraTestClient.b64u("{\"alg\":\"RS256\",\"x5c\":\"***\"}".getBytes()) + ".e30.AA", "invalid_device_certificate"},
            {"grant_type=" + EntraTestClient.JWT_BEARER + "&windows_api_version=2.2&request="
                    + EntraTestClient.b64u("{\"alg\":\"none\"}".getBytes()) + ".e30.AA", "malformed_jwt"},
            {"grant_type=" + EntraTestClient.JWT_BEARER + "&windows_api_version=2.2&request="
                    + EntraTestClient.b64u("{\"alg\":\"HS256\",\"ctx\":\"AAAA\"}".getBytes()) + ".e30.AA", "malformed_jwt"},
            {"grant_type=" + EntraTestClient.JWT_BEARER + "&windows_api_version=2.2&request="
                    + EntraTestClient.b64u("{\"alg\":\"HS256\",\"ctx\":\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\"}".getBytes())
                    + "." + EntraTestClient.b64u("{\"refresh_token\":\"a.b.c.d.e\"}".getBytes()) + ".AA", "invalid_refresh_token"},
            {"grant_type=" + EntraTestClient.JWT_BEARER + "&windows_api_version=2.2&request=" + good.substring(0, good.length() - 8),
                "invalid_request_signature"},
            {"grant_type=" + EntraTestClient.JWT_BEARER + "&windows_api_version=2.2&request=" + good, "malformed_assertion"},
            {"\u00ff\u00fe=\u0000", "missing_parameter"},
        };
        for (String[] c : bodies) {
            Res r = client.post(path, c[0], null);
            assertThat(r.status()).as(c[0] + " -> " + r.body()).isBetween(400, 499);
            assertThat(r.code()).as(c[0] + " -> " + r.body()).isEqualTo(c[1]);
        }
        byte[] invalidUtf8 = {(byte) 0xC3, (byte) 0x28};
        Res bad = client.post(path, new String(invalidUtf8, StandardCharsets.ISO_8859_1), null);
        assertThat(bad.status()).isBetween(400, 499);
        Res big = client.post(path, "grant_type=srv_challenge&pad=" + "A".repeat(70 * 1024), null);
        assertThat(big.status()).isEqualTo(413);
        Res noTenant = client.post("/no-such-tenant.test/oauth2/token", "grant_type=srv_challenge", null);
        assertThat(noTenant.status()).isEqualTo(404);
        // random garbage in every field of the outer JWT never yields a 500
        for (int i = 0; i < 50; i++) {
            byte[] junk = new byte[random.nextInt(200)];
            random.nextBytes(junk);
            String jwt = EntraTestClient.b64u(junk) + "." + EntraTestClient.b64u(junk) + "." + EntraTestClient.b64u(junk);
            Res r = client.post(path, form(tokenForm("2.2", jwt, "true")), null);
            assertThat(r.status()).as(r.body()).isBetween(400, 499);
        }
    }

    @Test
    @Order(11)
    void cloudTgtAndFido2WhenARealmAndFido2AreWired() throws Exception {
        EncryptionKey cloudKey = Enctypes.find(AES256).orElseThrow().generateKey(random);
        secrets.add(cloudKey.bytes());
        TgtMinter minter = new TgtMinter(random);
        CloudRealm realm = new CloudRealm() {
            @Override
            public Optional<TgtMinter.Minted> issueTgt(Tenant tenant, User user) {
                if (user.onPremisesSecurityIdentifier().isEmpty()) {
                    return Optional.empty();
                }
                Instant auth = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
                return Optional.of(minter.mint(new TgtMinter.Request(REALM, PrincipalName.user(user.upn()), cloudKey, 1, auth,
                        Duration.ofHours(10), Duration.ofDays(7), Optional.empty())));
            }

            @Override
            public String topLevelNames(Tenant tenant) {
                return ".file.core.windows.net,.windows.net:1433";
            }
        };
        String aliceId = users.get("alice").id();
        Fido2Assertions fido = (tenant, nonce, obj) -> {
            if (obj.path("credentialId").asString("").equals("alice-key") && obj.path("challenge").asString("").equals(nonce)) {
                return aliceId;
            }
            throw io.kerbridge.cloud.ApiException.badRequest("fido_credential_unknown", "no such credential");
        };
        TokenService tokens = new TokenService(service.store(), master, clock, Duration.ofMinutes(15));
        PrtEndpoint prt = PrtEndpoint.create(service.store(), certs, service.kerberosDomains(), tokens, master,
                new AuditLog(service.store().audit(), clock), new Metrics(), (t, d, u) -> new DevicePolicies.Effective(true, true),
                Optional.of(realm), Optional.of(fido), clock, random);
        realmServer = new CloudServer(new InetSocketAddress("127.0.0.1", 0), TenantCa.loadTls(dir, master),
                master.derive(TenantCa.TLS_P12), service.store(), tokens, new Metrics(), "{}".getBytes(), prt.routes()).start();
        realmClient = new EntraTestClient(http, "https://localhost:" + realmServer.port());
        EntraTestClient saved = client;
        client = realmClient;
        try {
            User alice = users.get("alice");
            Session s = checkReply(signInR(pc1, hellos.get("alice"), alice.upn()), pc1, alice);
            openTgt(s.reply(), "tgt_ad", s.sessionKey());
            Tgt cloud = openTgt(s.reply(), "tgt_cloud", s.sessionKey());
            assertThat(cloud.rep().crealm()).isEqualTo(CloudRealm.REALM);
            assertThat(cloud.json().get("accountType").asInt()).isEqualTo(2);
            assertThat(s.reply().get("kerberos_top_level_names").asString()).isEqualTo(".file.core.windows.net,.windows.net:1433");
            assertThat(lastSignIn().detail()).contains("tgt_ad=1 tgt_cloud=2");

            // FIDO2: the webauthn claim instead of the Hello assertion
            String n = nonce();
            Map<String, Object> p = outerPayload(R_CLIENT_ID, n, alice.upn(), null);
            p.remove("assertion");
            p.put("webauthn", Map.of("credentialId", "alice-key", "challenge", n));
            Res r = client.post("/" + tenantId + "/oauth2/token", form(tokenForm("2.2",
                    rs256(rHeader(pc1.cert()), p, pc1.deviceKey().getPrivate()), "True")), null);
            Session f = checkReply(r, pc1, alice);
            openTgt(f.reply(), "tgt_ad", f.sessionKey());
            JsonNode id = Json.MAPPER.readTree(new String(Base64.getUrlDecoder().decode(
                    f.reply().get("id_token").asString().split("\\.")[1]), StandardCharsets.UTF_8));
            assertThat(id.get("amr").toString()).contains("fido");
            p.put("request_nonce", nonce());
            p.put("webauthn", Map.of("credentialId", "mallory-key", "challenge", "x"));
            refused(client.post("/" + tenantId + "/oauth2/token", form(tokenForm("2.2",
                    rs256(rHeader(pc1.cert()), p, pc1.deviceKey().getPrivate()), "True")), null), 400,
                    "fido2_assertion_rejected", 50013);
            // tgt not asked for: neither TGT, and the log says so
            Res noTgt = client.post("/common/oauth2/token", form(tokenForm("2.2", rs256(rHeader(pc1.cert()),
                    outerPayload(R_CLIENT_ID, nonce(), alice.upn(), assertion(hellos.get("alice").kid(),
                            hellos.get("alice").key().getPrivate(), alice.upn(), nonce(), now() - 60, now() + 60)),
                    pc1.deviceKey().getPrivate()), null)), null);
            assertThat(noTgt.status()).as(noTgt.body()).isEqualTo(200);
            assertThat(noTgt.json().has("tgt_ad")).isFalse();
            assertThat(noTgt.json().has("tgt_cloud")).isFalse();
            assertThat(lastSignIn().statusCode()).isZero();
        } finally {
            client = saved;
        }
    }

    @Test
    @Order(12)
    void noKeyTokenOrSessionKeyInTheLogs() {
        assertThat(signInLog()).hasSizeGreaterThan(20);
        StringBuilder all = new StringBuilder();
        for (AuditEvent e : signInLog()) {
            all.append(e).append('\n');
        }
        for (ILoggingEvent e : logs.list) {
            all.append(e.getFormattedMessage()).append('\n');
        }
        String text = all.toString();
        String lower = text.toLowerCase(java.util.Locale.ROOT);
        assertThat(secrets).hasSizeGreaterThan(10);
        for (byte[] k : secrets) {
            assertThat(lower).doesNotContain(HexFormat.of().formatHex(k));
            assertThat(text).doesNotContain(Base64.getEncoder().encodeToString(k).substring(0, 30));
            assertThat(text).doesNotContain(Base64.getUrlEncoder().withoutPadding().encodeToString(k).substring(0, 30));
        }
        assertThat(text).doesNotContain("eyJ"); // no JWT or JWE (PRT, id_token, requests) in any log line
    }
}
