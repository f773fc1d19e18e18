package io.kerbridge.cloud.realm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kerbridge.cloud.CloudInit;
import io.kerbridge.cloud.CloudService;
import io.kerbridge.cloud.auth.Base32;
import io.kerbridge.cloud.auth.Totp;
import io.kerbridge.cloud.http.Json;
import io.kerbridge.cloud.kerberos.TgtMinter;
import io.kerbridge.cloud.store.Tenant;
import io.kerbridge.cloud.store.User;
import io.kerbridge.kerberos.Bytes;
import io.kerbridge.kerberos.client.CcacheCredentials;
import io.kerbridge.kerberos.client.KdcClient;
import io.kerbridge.kerberos.client.KdcErrorException;
import io.kerbridge.kerberos.client.KdcReply;
import io.kerbridge.kerberos.client.KdcTransport;
import io.kerbridge.kerberos.client.KrbConfig;
import io.kerbridge.kerberos.client.TgsRequest;
import io.kerbridge.kerberos.crypto.Checksums;
import io.kerbridge.kerberos.crypto.Enctypes;
import io.kerbridge.kerberos.crypto.IntegrityException;
import io.kerbridge.kerberos.file.Ccache;
import io.kerbridge.kerberos.file.Keytab;
import io.kerbridge.kerberos.file.KeytabEntry;
import io.kerbridge.kerberos.msg.ApReq;
import io.kerbridge.kerberos.msg.Authenticator;
import io.kerbridge.kerberos.msg.EncTicketPart;
import io.kerbridge.kerberos.msg.Encoded;
import io.kerbridge.kerberos.msg.EncryptedData;
import io.kerbridge.kerberos.msg.KdcProxyMessage;
import io.kerbridge.kerberos.msg.KdcRep;
import io.kerbridge.kerberos.msg.KdcReq;
import io.kerbridge.kerberos.msg.KdcReqBody;
import io.kerbridge.kerberos.msg.KrbCodec;
import io.kerbridge.kerberos.msg.KrbError;
import io.kerbridge.kerberos.msg.PaData;
import io.kerbridge.kerberos.msg.Ticket;
import io.kerbridge.kerberos.pac.FileTime;
import io.kerbridge.kerberos.pac.KerbValidationInfo;
import io.kerbridge.kerberos.pac.Pac;
import io.kerbridge.kerberos.pac.PacBufferType;
import io.kerbridge.kerberos.pac.PacSignatureKind;
import io.kerbridge.kerberos.pac.PacSigner;
import io.kerbridge.kerberos.pac.PacVerification;
import io.kerbridge.kerberos.pac.PacVerifier;
import io.kerbridge.kerberos.pac.Sid;
import io.kerbridge.kerberos.pac.TicketPac;
import io.kerbridge.kerberos.types.Checksum;
import io.kerbridge.kerberos.types.EncType;
import io.kerbridge.kerberos.types.EncryptionKey;
import io.kerbridge.kerberos.types.ErrorCode;
import io.kerbridge.kerberos.types.KdcOptions;
import io.kerbridge.kerberos.types.KeyUsage;
import io.kerbridge.kerberos.types.MessageType;
import io.kerbridge.kerberos.types.NameType;
import io.kerbridge.kerberos.types.PaDataType;
import io.kerbridge.kerberos.types.PrincipalName;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The tenant's cloud Kerberos realm end to end on loopback over real TLS: service principal API, cloud TGT from
 * {@code issueTgt}, service tickets over KKDCP for our KdcClient and for MIT kvno/klist, the refusals, restart.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CloudRealmTest {
    static final String REALM = CloudRealm.REALM;
    static final String SPN = "cifs/acct.file.core.windows.net";
    static final String SID = "S-1-5-21-1004336348-1177238915-682003330-1105";

    /** The system clock plus an offset tests move (MIT tools use the system clock). */
    static final class OffsetClock extends Clock {
        final AtomicReference<Duration> offset = new AtomicReference<>(Duration.ZERO);

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.now().plus(offset.get());
        }

        void advance(Duration d) {
            offset.updateAndGet(o -> o.plus(d));
        }
    }

    final OffsetClock clock = new OffsetClock();
    final SecureRandom random = new SecureRandom();
    Path dir;
    Path work;
    CloudService service;
    CloudInit.Result init;
    HttpClient http;
    String base;
    String admin;
    Tenant tenant;
    User alice;
    Keytab keytab;
    KdcClient kdc;
    Path krb5Conf;

    @BeforeAll
    void start(@TempDir Path tmp) throws Exception {
        dir = tmp.resolve("cloud");
        work = Files.createDirectories(tmp.resolve("work"));
        init = CloudInit.init(new CloudInit.Spec(dir, "contoso.test", List.of(), "Contoso", "admin@contoso.test",
                "Admin-Passw0rd!".toCharArray(), "127.0.0.1", 0, List.of(), database(tmp)), clock, random);
        service = CloudService.start(dir, 0, clock, random);
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(init.caCertificate())) {
            trust.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, tmf.getTrustManagers(), null);
        http = HttpClient.newBuilder().sslContext(ssl).connectTimeout(Duration.ofSeconds(5)).build();
        base = "https://localhost:" + service.port() + "/api/v1/" + init.tenantId();
        admin = token("admin@contoso.test", "Admin-Passw0rd!", init.totpSecretBase32());
        tenant = new Tenant(init.tenantId(), "Contoso", List.of("contoso.test"), Instant.EPOCH);
        alice = syncedUser("alice@contoso.test", "alice", SID, true);
        krb5Conf = work.resolve("krb5.conf");
        Files.writeString(krb5Conf, krb5Conf(service.port()));
        kdc = new KdcClient(new KdcTransport(KrbConfig.load(krb5Conf), Duration.ofSeconds(10), null), clock, random);
    }

    /** The embedded H2 engine; {@link CloudRealmOnPostgresTest} runs everything on PostgreSQL. */
    CloudInit.Postgres database(Path tmp) throws Exception {
        return null;
    }

    @AfterAll
    void stop() {
        if (service != null) {
            service.close();
        }
    }

    // ---- helpers ------------------------------------------------------------------------------------------

    record Res(int status, JsonNode json, String raw) {
        String code() {
            return json == null || !json.has("code") ? null : json.get("code").asString();
        }
    }

    Res call(String method, String url, String token, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode json = null;
        if (r.headers().firstValue("Content-Type").orElse("").startsWith("application/json") && !r.body().isBlank()) {
            json = Json.MAPPER.readTree(r.body());
        }
        return new Res(r.statusCode(), json, r.body());
    }

    String token(String user, String password, String secret) throws Exception {
        clock.advance(Duration.ofSeconds(Totp.STEP_SECONDS)); // a fresh, unused TOTP step
        Res r = call("POST", base + "/admin/login", null, Json.MAPPER.writeValueAsString(Map.of("username", user,
                "password", password, "totp", Totp.code(Base32.decode(secret), Totp.step(clock.instant())))));
        assertThat(r.status()).as(r.raw()).isEqualTo(200);
        return r.json().get("access_token").asString();
    }

    User syncedUser(String upn, String sam, String sid, boolean enabled) throws Exception {
        Res r = call("PUT", base + "/synced-users/" + sid, admin, Json.MAPPER.writeValueAsString(Map.of(
                "userPrincipalName", upn, "displayName", sam, "onPremisesSamAccountName", sam,
                "onPremisesDomainName", "contoso.test", "accountEnabled", enabled)));
        assertThat(r.status()).as(r.raw()).isIn(200, 201);
        return new User(r.json().get("id").asString(), init.tenantId(), upn, sam, User.Source.SYNCED, enabled,
                Optional.of(sam), Optional.of("contoso.test"), Optional.of(sid), Optional.empty(), Optional.empty(),
                false, Instant.EPOCH, Instant.EPOCH);
    }

    /** MIT krb5.conf for the KKDCP URL; [domain_realm] from the tenant's top-level names (those without a port). */
    String krb5Conf(int port) {
        StringBuilder domainRealm = new StringBuilder();
        for (String n : service.cloudRealm().topLevelNames(tenant).split(",")) {
            if (!n.contains(":")) {
                domainRealm.append("    ").append(n).append(" = ").append(REALM).append('\n');
            }
        }
        return """
                [libdefaults]
                    default_realm = %1$s
                    dns_lookup_kdc = false
                    dns_lookup_realm = false
                    rdns = false
                    dns_canonicalize_hostname = false
                [realms]
                    %1$s = {
                        kdc = https://localhost:%2$d/%3$s/kerberos
                        http_anchors = FILE:%4$s
                    }
                [domain_realm]
                """.formatted(REALM, port, init.tenantId(), init.caCertificate()) + domainRealm;
    }

    /** The cloud TGT as the device has it after the PRT response: AS-REP decrypted with the client key. */
    KdcReply cloudTgt(User u) throws Exception {
        TgtMinter.Minted m = service.cloudRealm().issueTgt(tenant, u).orElseThrow();
        KdcRep rep = KrbCodec.decodeKdcRep(m.asRep());
        Bytes plain = Enctypes.find(rep.encPart().etype()).orElseThrow().decrypt(m.clientKey(), KeyUsage.AS_REP_ENC_PART,
                rep.encPart().cipher());
        return new KdcReply(rep, KrbCodec.decodeEncKdcRepPart(plain));
    }

    Path ccache(KdcReply tgt, String name) throws Exception {
        Path cc = work.resolve(name);
        new Ccache(tgt.client(), tgt.clientRealm(), List.of(CcacheCredentials.from(tgt)), List.of(), Optional.empty())
                .write(cc);
        return cc;
    }

    KdcReply serviceTicket(KdcReply tgt, String spn) throws Exception {
        return kdc.tgsExchange(TgsRequest.forService(tgt, PrincipalName.parse(spn), REALM));
    }

    ErrorCode refusal(KdcReply tgt, String spn) {
        try {
            serviceTicket(tgt, spn);
            throw new AssertionError("the cloud realm issued a ticket for " + spn);
        } catch (KdcErrorException e) {
            return e.code();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    Keytab register(String spn) throws Exception {
        Res r = call("POST", base + "/kerberos/service-principals", admin,
                Json.MAPPER.writeValueAsString(Map.of("servicePrincipalName", spn, "displayName", "[Storage Account] acct")));
        assertThat(r.status()).as(r.raw()).isEqualTo(201);
        return Keytab.decode(Base64.getDecoder().decode(r.json().get("keytab").asString()));
    }

    String spId(String spn) throws Exception {
        for (JsonNode n : call("GET", base + "/kerberos/service-principals", admin, null).json().get("value")) {
            if (n.get("servicePrincipalName").asString().equals(spn)) {
                return n.get("id").asString();
            }
        }
        throw new AssertionError("no " + spn);
    }

    EncTicketPart decrypt(Ticket t, EncryptionKey key) throws Exception {
        return KrbCodec.decodeEncTicketPart(Enctypes.find(key.type()).orElseThrow().decrypt(key, KeyUsage.KDC_REP_TICKET,
                t.encPart().cipher()));
    }

    EncryptionKey realmKey() {
        return service.cloudRealm().keys().current(tenant.id()).key();
    }

    /** POSTs a raw body to the KKDCP endpoint. */
    HttpResponse<byte[]> kkdcp(byte[] body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("https://localhost:" + service.port() + "/" + init.tenantId()
                + "/kerberos")).header("Content-Type", "application/kerberos").timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    static byte[] proxyMessage(Bytes kerb, Optional<String> target) {
        Bytes framed = Bytes.wrap(ByteBuffer.allocate(4 + kerb.length()).putInt(kerb.length()).put(kerb.unsafeArray()).array());
        return KrbCodec.encodeKdcProxyMessage(new KdcProxyMessage(framed, target, Optional.empty())).toByteArray();
    }

    /** The KRB-ERROR code inside a 200 KKDCP reply. */
    static ErrorCode krbError(HttpResponse<byte[]> r) throws Exception {
        assertThat(r.statusCode()).as(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).isEqualTo("application/kerberos");
        Bytes k = KrbCodec.decodeKdcProxyMessage(Bytes.wrap(r.body())).kerbMessage();
        KrbError e = KrbCodec.decodeKrbError(k.slice(4, k.length()));
        assertThat(e.realm()).isEqualTo(REALM);
        return e.errorCode();
    }

    static Bytes asReq(String realm) {
        Instant now = Instant.now();
        KdcReqBody body = new KdcReqBody(KdcOptions.NONE, Optional.of(PrincipalName.of(NameType.NT_ENTERPRISE,
                "alice@contoso.test")), realm, Optional.of(PrincipalName.krbtgt(realm)), Optional.empty(),
                now.plus(Duration.ofHours(10)), Optional.empty(), 12345, List.of(EncType.AES256_CTS_HMAC_SHA1_96),
                Optional.empty(), Optional.empty(), Optional.empty());
        return KrbCodec.encodeKdcReq(new KdcReq(MessageType.AS_REQ, Optional.empty(),
                new Encoded<>(body, KrbCodec.encodeKdcReqBody(body))));
    }

    record Run(int exit, String out, String err) {}

    Run run(List<String> cmd, Path ccache) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("KRB5_CONFIG", krb5Conf.toString());
        pb.environment().put("KRB5CCNAME", "FILE:" + ccache);
        pb.environment().put("KRB5_TRACE", "/dev/stderr");
        Path out = work.resolve("out.txt");
        Path err = work.resolve("err.txt");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    // ---- tests --------------------------------------------------------------------------------------------

    @Test
    @Order(1)
    void registerAServicePrincipalAndGetItsKeytabOnce() throws Exception {
        keytab = register(SPN);
        assertThat(keytab.entries()).hasSize(1);
        KeytabEntry e = keytab.entries().get(0);
        assertThat(e.principal().components()).containsExactly("cifs", "acct.file.core.windows.net");
        assertThat(e.realm()).isEqualTo(REALM);
        assertThat(e.kvno()).isEqualTo(1);
        assertThat(e.key().type()).isEqualTo(EncType.AES256_CTS_HMAC_SHA1_96);
        Res list = call("GET", base + "/kerberos/service-principals", admin, null);
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.raw()).contains(SPN).doesNotContain("keytab");
        Res one = call("GET", base + "/kerberos/service-principals/" + spId(SPN), admin, null);
        assertThat(one.json().get("kvno").asInt()).isEqualTo(1);
        assertThat(one.json().has("keytab")).isFalse();
        assertThat(call("POST", base + "/kerberos/service-principals", admin, "{\"servicePrincipalName\":\"CIFS/Acct.File.Core.Windows.Net\"}")
                .code()).isEqualTo("spn_taken");
        for (String bad : List.of("cifs", "krbtgt/x.windows.net", "cifs/a b", "cifs/x@EVIL", "a/b/c/d", "cifs/-x.net")) {
            Res r = call("POST", base + "/kerberos/service-principals", admin,
                    Json.MAPPER.writeValueAsString(Map.of("servicePrincipalName", bad)));
            assertThat(r.code()).as(bad).isEqualTo("invalid_spn");
        }
        assertThat(call("GET", base + "/audit?category=ApplicationManagement", admin, null).raw())
                .contains("Add service principal", SPN);
    }

    @Test
    @Order(2)
    void openApiDescribesEveryRouteOfTheRealm() throws Exception {
        JsonNode paths = call("GET", "https://localhost:" + service.port() + "/openapi.json", null, null).json().get("paths");
        assertThat(service.cloudRealm().routes()).hasSize(9);
        for (var r : service.cloudRealm().routes()) {
            assertThat(paths.has(r.template())).as(r.template()).isTrue();
            assertThat(paths.get(r.template()).has(r.method().toLowerCase(java.util.Locale.ROOT)))
                    .as(r.method() + " " + r.template()).isTrue();
        }
    }

    @Test
    @Order(3)
    void issueTgtMintsACloudTgtUnderTheRealmKeyWithASignedPac() throws Exception {
        KdcReply tgt = cloudTgt(alice);
        assertThat(tgt.clientRealm()).isEqualTo(REALM);
        assertThat(tgt.client()).isEqualTo(PrincipalName.of(NameType.NT_ENTERPRISE, "alice@contoso.test"));
        assertThat(tgt.ticket().sname()).isEqualTo(PrincipalName.krbtgt(REALM));
        assertThat(tgt.ticket().encPart().kvno()).contains(1);
        assertThat(Duration.between(tgt.part().authTime(), tgt.part().endTime())).isEqualTo(Duration.ofHours(10));
        EncTicketPart part = decrypt(tgt.ticket(), realmKey());
        Pac pac = Pac.decode(TicketPac.extract(KrbCodec.encodeEncTicketPart(part)));
        assertThat(PacVerifier.verify(pac, realmKey(), realmKey()).isValid()).isTrue();
        assertThat(pac.logonInfo().flatMap(KerbValidationInfo::userSid)).contains(Sid.parse(SID));
        assertThat(pac.clientInfo().orElseThrow().name()).isEqualTo("alice@contoso.test");
        assertThat(pac.clientInfo().orElseThrow().clientId()).isEqualTo(FileTime.of(part.authTime()));
        assertThat(pac.indexOf(PacBufferType.ATTRIBUTES_INFO)).isNotNegative();
        // only users synced from AD (and enabled) get one
        User cloudOnly = new User("x", tenant.id(), "bob@contoso.test", "Bob", User.Source.CLOUD, true, Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), false, Instant.EPOCH, Instant.EPOCH);
        assertThat(service.cloudRealm().issueTgt(tenant, cloudOnly)).isEmpty();
        assertThat(service.cloudRealm().topLevelNames(tenant)).isEqualTo(".windows.net");
    }

    @Test
    @Order(4)
    void ourKdcClientGetsAServiceTicketOverKkdcpThatTheKeytabOpensAndWhosePacVerifies() throws Exception {
        KdcReply st = serviceTicket(cloudTgt(alice), SPN);
        assertThat(st.ticket().sname().components()).containsExactly("cifs", "acct.file.core.windows.net");
        assertThat(st.ticket().encPart().kvno()).contains(1);
        EncryptionKey spKey = keytab.entries().get(0).key();
        EncTicketPart part = decrypt(st.ticket(), spKey);
        assertThat(part.cname()).isEqualTo(PrincipalName.of(NameType.NT_ENTERPRISE, "alice@contoso.test"));
        assertThat(part.key()).isEqualTo(st.sessionKey());
        assertThat(Duration.between(part.startTime().orElseThrow(), part.endTime())).isLessThanOrEqualTo(Duration.ofHours(1));
        Bytes der = KrbCodec.encodeEncTicketPart(part);
        Pac pac = Pac.decode(TicketPac.extract(der));
        PacVerification v = PacVerifier.verify(pac, Optional.of(spKey), Optional.of(realmKey()),
                Optional.of(TicketPac.signingData(der)));
        assertThat(v.isValid()).isTrue();
        assertThat(v.status(PacSignatureKind.TICKET)).isEqualTo(PacVerification.Status.VALID);
        assertThat(v.status(PacSignatureKind.FULL)).isEqualTo(PacVerification.Status.VALID);
        assertThat(pac.logonInfo().flatMap(KerbValidationInfo::userSid)).contains(Sid.parse(SID));
        assertThat(pac.indexOf(PacBufferType.REQUESTOR)).isNegative();
        assertThat(pac.indexOf(PacBufferType.ATTRIBUTES_INFO)).isNegative();
    }

    @Test
    @Order(5)
    void mitKvnoGetsTheServiceTicketThroughKkdcpAndKlistListsIt() throws Exception {
        Path cc = ccache(cloudTgt(alice), "cc-mit");
        Path kt = work.resolve("cifs.keytab");
        Files.write(kt, keytab.encode());
        Run kvno = run(List.of("kvno", "-k", kt.toString(), SPN), cc);
        assertThat(kvno.err()).as("MIT needs its TLS plugin for https:// KDCs: apt-get install krb5-k5tls")
                .doesNotContain("Could not find tls plugin");
        assertThat(kvno.exit()).as(kvno.out() + kvno.err()).isZero();
        assertThat(kvno.out()).contains(SPN + "@" + REALM + ": kvno = 1, keytab entry valid");
        Run klist = run(List.of("klist", "-e"), cc);
        assertThat(klist.exit()).as(klist.err()).isZero();
        assertThat(klist.out()).contains("alice\\@contoso.test@" + REALM, "krbtgt/" + REALM + "@" + REALM,
                SPN + "@" + REALM, "aes256-cts-hmac-sha1-96");
    }

    @Test
    @Order(6)
    void refusalsAreKrbErrorsInKkdcpMessages() throws Exception {
        KdcReply tgt = cloudTgt(alice);
        assertThat(refusal(tgt, "cifs/other.file.core.windows.net")).isEqualTo(ErrorCode.KDC_ERR_S_PRINCIPAL_UNKNOWN);
        // expired: minted 11 h ago
        clock.advance(Duration.ofHours(-11));
        KdcReply old = cloudTgt(alice);
        clock.advance(Duration.ofHours(11));
        assertThat(refusal(old, SPN)).isEqualTo(ErrorCode.KRB_AP_ERR_TKT_EXPIRED);
        // a TGT for the same name and kvno under another key
        EncryptionKey other = Enctypes.find(EncType.AES256_CTS_HMAC_SHA1_96).orElseThrow().generateKey(random);
        Instant auth = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Pac pac = PacSigner.sign(CloudPac.build(alice, auth), other, other);
        TgtMinter.Minted forged = new TgtMinter(random).mint(new TgtMinter.Request(REALM, CloudKerberosRealm.clientName(alice),
                other, 1, auth, Duration.ofHours(10), Duration.ofHours(10), Optional.of(t -> pac.encode())));
        KdcRep rep = KrbCodec.decodeKdcRep(forged.asRep());
        KdcReply forgedTgt = new KdcReply(rep, KrbCodec.decodeEncKdcRepPart(Enctypes.find(EncType.AES256_CTS_HMAC_SHA1_96)
                .orElseThrow().decrypt(forged.clientKey(), KeyUsage.AS_REP_ENC_PART, rep.encPart().cipher())));
        assertThat(refusal(forgedTgt, SPN)).isEqualTo(ErrorCode.KRB_AP_ERR_BAD_INTEGRITY);
        // an AS-REQ: the cloud realm issues TGTs only with the PRT
        assertThat(krbError(kkdcp(proxyMessage(asReq(REALM), Optional.of(REALM))))).isEqualTo(ErrorCode.KDC_ERR_POLICY);
        // another realm as target-domain
        assertThat(krbError(kkdcp(proxyMessage(asReq("CONTOSO.TEST"), Optional.of("CONTOSO.TEST")))))
                .isEqualTo(ErrorCode.KDC_ERR_WRONG_REALM);
        // and the service still answers
        assertThat(serviceTicket(tgt, SPN).ticket().sname().components()).contains("cifs");
    }

    @Test
    @Order(7)
    void malformedBodiesAre400sNever500s() throws Exception {
        Bytes as = asReq(REALM);
        assertThat(kkdcp("hello".getBytes()).statusCode()).isEqualTo(400);
        assertThat(kkdcp(new byte[0]).statusCode()).isEqualTo(400);
        assertThat(kkdcp(as.toByteArray()).statusCode()).isEqualTo(400); // a bare AS-REQ is not a KDC-PROXY-MESSAGE
        assertThat(kkdcp(proxyMessage(as, Optional.empty())).statusCode()).isEqualTo(400); // no target-domain
        byte[] badPrefix = KrbCodec.encodeKdcProxyMessage(new KdcProxyMessage(as, Optional.of(REALM), Optional.empty()))
                .toByteArray();
        assertThat(kkdcp(badPrefix).statusCode()).isEqualTo(400); // no length prefix
        assertThat(kkdcp(proxyMessage(Bytes.ascii("not kerberos"), Optional.of(REALM))).statusCode()).isEqualTo(400);
        assertThat(new String(kkdcp(badPrefix).body(), StandardCharsets.UTF_8)).contains("malformed_kerb_message");
        // mutate a real TGS-REQ: every answer is a 200 KKDCP reply or a 400, never a 500
        byte[] good = proxyMessage(tgsReq(cloudTgt(alice)), Optional.of(REALM));
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            byte[] m = good.clone();
            int flips = 1 + random.nextInt(3);
            for (int f = 0; f < flips; f++) {
                m[random.nextInt(m.length)] ^= (byte) (1 + random.nextInt(255));
            }
            HttpResponse<byte[]> r = kkdcp(i % 10 == 0 ? java.util.Arrays.copyOf(m, random.nextInt(m.length)) : m);
            statuses.add(r.statusCode());
            if (r.statusCode() == 200) {
                KrbCodec.decodeKdcProxyMessage(Bytes.wrap(r.body()));
            }
        }
        assertThat(statuses).allMatch(s -> s == 200 || s == 400);
        assertThat(call("GET", "https://localhost:" + service.port() + "/healthz", null, null).status()).isEqualTo(200);
        assertThat(serviceTicket(cloudTgt(alice), SPN)).isNotNull();
    }

    /** A TGS-REQ as our client would send it, captured through a fake transport. */
    Bytes tgsReq(KdcReply tgt) throws Exception {
        AtomicReference<Bytes> sent = new AtomicReference<>();
        KdcClient capture = new KdcClient((realm, req) -> {
            sent.set(req);
            throw new KdcTransport.KdcUnreachableException(realm, List.of("captured"));
        }, clock, random);
        try {
            capture.tgsExchange(TgsRequest.forService(tgt, PrincipalName.parse(SPN), REALM));
        } catch (Exception expected) {
            // captured
        }
        return sent.get();
    }

    /**
     * A TGS-REQ for {@link #SPN} built by hand: {@code cname} in the authenticator, with or without the body
     * checksum, optionally a body other than the one the checksum covers; the KRB-ERROR code of the reply.
     */
    ErrorCode handBuiltTgs(KdcReply tgt, PrincipalName cname, boolean checksum, boolean tamperBody, Instant ctime)
            throws Exception {
        KdcReqBody body = new KdcReqBody(KdcOptions.of(KdcOptions.FORWARDABLE), Optional.empty(), REALM,
                Optional.of(PrincipalName.parse(SPN)), Optional.empty(), ctime.plus(Duration.ofHours(1)), Optional.empty(),
                4711, List.of(EncType.AES256_CTS_HMAC_SHA1_96), Optional.empty(), Optional.empty(), Optional.empty());
        Bytes bodyDer = KrbCodec.encodeKdcReqBody(body);
        EncryptionKey session = tgt.sessionKey();
        Optional<Checksum> ck = checksum ? Optional.of(Checksums.mandatoryFor(session.type()).compute(session, KeyUsage.TGS_REQ_AUTH_CKSUM, bodyDer)) : Optional.empty();
        Authenticator auth = new Authenticator(REALM, cname, ck, 0,
                ctime.truncatedTo(ChronoUnit.SECONDS), Optional.empty(), Optional.empty(), Optional.empty());
        Bytes cipher = Enctypes.find(session.type()).orElseThrow().encrypt(session, KeyUsage.TGS_REQ_AUTH,
                KrbCodec.encodeAuthenticator(auth), random);
        ApReq ap = new ApReq(0, tgt.ticket(),
                new EncryptedData(session.type(), Optional.empty(), cipher));
        KdcReqBody sent = tamperBody ? new KdcReqBody(body.options(), body.cname(), body.realm(), body.sname(), body.from(),
                body.till(), body.rtime(), 4712, body.etypes(), body.addresses(), body.encAuthorizationData(),
                body.additionalTickets()) : body;
        KdcReq req = new KdcReq(MessageType.TGS_REQ, Optional.of(List.of(new PaData(
                PaDataType.PA_TGS_REQ, KrbCodec.encodeApReq(ap)))),
                new Encoded<>(sent, KrbCodec.encodeKdcReqBody(sent)));
        return krbError(kkdcp(proxyMessage(KrbCodec.encodeKdcReq(req), Optional.of(REALM))));
    }

    @Test
    @Order(8)
    void theAuthenticatorIsChecked() throws Exception {
        KdcReply tgt = cloudTgt(alice);
        PrincipalName me = tgt.client();
        Instant now = clock.instant();
        assertThat(handBuiltTgs(tgt, me, false, false, now)).isEqualTo(ErrorCode.KRB_AP_ERR_INAPP_CKSUM);
        assertThat(handBuiltTgs(tgt, me, true, true, now)).isEqualTo(ErrorCode.KRB_AP_ERR_MODIFIED);
        assertThat(handBuiltTgs(tgt, me, true, false, now.plus(Duration.ofMinutes(6)))).isEqualTo(ErrorCode.KRB_AP_ERR_SKEW);
        assertThat(handBuiltTgs(tgt, PrincipalName.of(NameType.NT_ENTERPRISE, "mallory@contoso.test"), true, false, now))
                .isEqualTo(ErrorCode.KRB_AP_ERR_BADMATCH);
        // our client with a clock 10 minutes ahead: the same SKEW through the ordinary path
        KdcClient ahead = new KdcClient(new KdcTransport(KrbConfig.load(krb5Conf), Duration.ofSeconds(10), null),
                Clock.offset(clock, Duration.ofMinutes(10)), random);
        assertThatThrownBy(() -> ahead.tgsExchange(TgsRequest.forService(tgt, PrincipalName.parse(SPN), REALM)))
                .isInstanceOfSatisfying(KdcErrorException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.KRB_AP_ERR_SKEW));
    }

    @Test
    @Order(9)
    void theServicePrincipalApiIsForAdministratorsOnly() throws Exception {
        Res u = call("POST", base + "/users", admin, Json.MAPPER.writeValueAsString(Map.of("userPrincipalName",
                "plain@contoso.test", "password", "Plain-Passw0rd!")));
        assertThat(u.status()).as(u.raw()).isEqualTo(201);
        String plain = token("plain@contoso.test", "Plain-Passw0rd!", u.json().get("totpEnrollment").get("secret").asString());
        String id = spId(SPN);
        assertThat(call("GET", base + "/kerberos/service-principals", plain, null).status()).isEqualTo(403);
        assertThat(call("POST", base + "/kerberos/service-principals", plain, "{\"servicePrincipalName\":\"cifs/b.file.core.windows.net\"}")
                .status()).isEqualTo(403);
        assertThat(call("POST", base + "/kerberos/service-principals/" + id + "/keys", plain, null).status()).isEqualTo(403);
        assertThat(call("DELETE", base + "/kerberos/service-principals/" + id, plain, null).status()).isEqualTo(403);
        assertThat(call("PUT", base + "/kerberos/top-level-names", plain, "{\"topLevelNames\":[\".evil.test\"]}").status())
                .isEqualTo(403);
        assertThat(call("GET", base + "/kerberos/service-principals", null, null).status()).isEqualTo(401);
    }

    @Test
    @Order(10)
    void keyRotationGivesKvnoPlusOneAndTheOldTicketNoLongerOpens() throws Exception {
        KdcReply before = serviceTicket(cloudTgt(alice), SPN);
        Res r = call("POST", base + "/kerberos/service-principals/" + spId(SPN) + "/keys", admin, null);
        assertThat(r.status()).as(r.raw()).isEqualTo(200);
        assertThat(r.json().get("kvno").asInt()).isEqualTo(2);
        Keytab rotated = Keytab.decode(Base64.getDecoder().decode(r.json().get("keytab").asString()));
        EncryptionKey newKey = rotated.entries().get(0).key();
        assertThat(rotated.entries().get(0).kvno()).isEqualTo(2);
        assertThat(newKey).isNotEqualTo(keytab.entries().get(0).key());
        assertThatThrownBy(() -> decrypt(before.ticket(), newKey))
                .isInstanceOf(IntegrityException.class);
        assertThat(decrypt(before.ticket(), keytab.entries().get(0).key()).cname().components())
                .containsExactly("alice@contoso.test");
        KdcReply after = serviceTicket(cloudTgt(alice), SPN);
        assertThat(after.ticket().encPart().kvno()).contains(2);
        assertThat(decrypt(after.ticket(), newKey).cname().components()).containsExactly("alice@contoso.test");
        assertThat(call("GET", base + "/audit?category=ApplicationManagement", admin, null).raw())
                .contains("Add service principal credentials");
        keytab = rotated;
    }

    @Test
    @Order(11)
    void topLevelNamesDefaultConfiguredAndReset() throws Exception {
        register("HTTP/files.contoso.cloud");
        register("MSSQLSvc/sql1.database.windows.net:1433");
        assertThat(service.cloudRealm().topLevelNames(tenant))
                .isEqualTo(".windows.net,.contoso.cloud,.database.windows.net:1433");
        Res put = call("PUT", base + "/kerberos/top-level-names", admin,
                "{\"topLevelNames\":[\".windows.net\",\".windows.net:1433\",\".Azure.NET\"]}");
        assertThat(put.status()).as(put.raw()).isEqualTo(200);
        assertThat(put.json().get("source").asString()).isEqualTo("configured");
        assertThat(service.cloudRealm().topLevelNames(tenant)).isEqualTo(".windows.net,.windows.net:1433,.azure.net");
        assertThat(call("PUT", base + "/kerberos/top-level-names", admin, "{\"topLevelNames\":[\"a,b\"]}").code())
                .isEqualTo("invalid_top_level_name");
        assertThat(call("PUT", base + "/kerberos/top-level-names", admin, "{\"topLevelNames\":[\".x.net:99999\"]}").code())
                .isEqualTo("invalid_top_level_name");
        Res get = call("GET", base + "/kerberos/top-level-names", admin, null);
        assertThat(get.json().get("value").asString()).isEqualTo(".windows.net,.windows.net:1433,.azure.net");
        Res reset = call("DELETE", base + "/kerberos/top-level-names", admin, null);
        assertThat(reset.json().get("source").asString()).isEqualTo("default");
        assertThat(call("GET", base + "/audit?category=KerberosRealm", admin, null).raw())
                .contains("Update Kerberos top-level names", "Create cloud Kerberos realm key");
    }

    @Test
    @Order(12)
    void aDeletedServicePrincipalAndADisabledUserGetNoMoreTickets() throws Exception {
        KdcReply tgt = cloudTgt(alice);
        String id = spId("HTTP/files.contoso.cloud");
        assertThat(serviceTicket(tgt, "HTTP/files.contoso.cloud")).isNotNull();
        assertThat(call("DELETE", base + "/kerberos/service-principals/" + id, admin, null).status()).isEqualTo(204);
        assertThat(call("GET", base + "/kerberos/service-principals/" + id, admin, null).status()).isEqualTo(404);
        assertThat(refusal(tgt, "HTTP/files.contoso.cloud")).isEqualTo(ErrorCode.KDC_ERR_S_PRINCIPAL_UNKNOWN);
        User carol = syncedUser("carol@contoso.test", "carol", "S-1-5-21-1004336348-1177238915-682003330-1106", true);
        KdcReply carolTgt = cloudTgt(carol);
        assertThat(serviceTicket(carolTgt, SPN)).isNotNull();
        User off = syncedUser("carol@contoso.test", "carol", "S-1-5-21-1004336348-1177238915-682003330-1106", false);
        assertThat(refusal(carolTgt, SPN)).isEqualTo(ErrorCode.KDC_ERR_CLIENT_REVOKED);
        assertThat(service.cloudRealm().issueTgt(tenant, off)).isEmpty();
    }

    @Test
    @Order(13)
    void aRestartKeepsTheRealmKeyAndTheServicePrincipals() throws Exception {
        KdcReply tgt = cloudTgt(alice);
        int port = service.port();
        service.close();
        service = CloudService.start(dir, port, clock, random);
        KdcReply st = serviceTicket(tgt, SPN);
        assertThat(decrypt(st.ticket(), keytab.entries().get(0).key()).cname().components())
                .containsExactly("alice@contoso.test");
        assertThat(service.cloudRealm().keys().current(tenant.id()).kvno()).isEqualTo(1);
    }
}
