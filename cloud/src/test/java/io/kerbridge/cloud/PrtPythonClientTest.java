package io.kerbridge.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import io.kerbridge.cloud.http.Json;
import io.kerbridge.kerberos.Bytes;
import io.kerbridge.kerberos.crypto.Enctypes;
import io.kerbridge.kerberos.keytransport.KeyContext;
import io.kerbridge.kerberos.keytransport.KeyEnvelope;
import io.kerbridge.kerberos.keytransport.TenantTransportKey;
import io.kerbridge.kerberos.phs.PasswordHashSync;
import io.kerbridge.kerberos.types.EncType;
import io.kerbridge.kerberos.types.EncryptionKey;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The PRT endpoint driven by an outside client: {@code testkit/entra-client/prt_client.py}, written from
 * protocol-notes §3.2a alone (not from the server code), run with Debian's Python. Everything the client needs is made
 * through the public API: a synced user (password hash sync + TOTP), a device registered with a CSR, a Hello key
 * provisioned MS-KPP style, and the Kerberos domain key published in an envelope — then the client signs in R-style
 * and H-style, decrypts tgt_ad, writes a ccache that MIT klist lists, and opens the ticket with the krbtgt_<n> key.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PrtPythonClientTest extends DeviceApiFixture {
    static final int RODC = 30775;
    static final long KEY_VERSION = 1585708; // protocol-notes §2.3a: kvno = 30775 << 16 | (1585708 & 0xFFFF) = 2016883244
    static final String ALICE_PW = "Alice-Passw0rd!";
    Path files;
    EncryptionKey krbtgt;
    String aliceSecret;
    Dev device;
    KeyPair hello;

    @BeforeAll
    void setUp(@TempDir Path tmp) throws Exception {
        clock.now.set(Instant.now()); // the client stamps assertions with the real time
        startService(tmp);
        files = Files.createDirectories(tmp.resolve("client"));
        String admin = adminToken();
        call("PUT", base() + "/roles/HybridIdentityAdministrator/members/" + init.adminUserId(), admin, null);
        krbtgt = Enctypes.find(EncType.AES256_CTS_HMAC_SHA1_96).orElseThrow().generateKey(random);
        TenantTransportKey tk = TenantTransportKey.fromJwk(call("GET", base() + "/kerberos-domains/transport-key", admin, null).raw().strip());
        String env = Base64.getUrlEncoder().withoutPadding().encodeToString(KeyEnvelope.seal(tk,
                new KeyContext(UUID.fromString(tenantId), "contoso.test", RODC, KEY_VERSION, EncType.AES256_CTS_HMAC_SHA1_96),
                krbtgt, random).toByteArray());
        Res set = call("PUT", base() + "/kerberos-domains/contoso.test", admin, json(map("rodcNumber", RODC, "keyVersion",
                KEY_VERSION, "keyUpdatedFrom", "dc1.contoso.test", "envelope", env)));
        assertThat(set.status()).as(set.raw()).isEqualTo(201);

        String aliceId = syncedUser(admin, "alice", "S-1-5-21-1004336348-1177238915-682003330-1105", false);
        aliceSecret = call("POST", base() + "/users/" + aliceId + "/totp", admin, null).json().get("secret").asString();
        String alice = token("alice@contoso.test", ALICE_PW, aliceSecret);
        device = register(alice, "ALICE-PC");
        hello = rsa(2048);
        Res k = call("POST", root() + "/" + tenantId + "/EnrollmentServer/key/?api-version=1.0", alice,
                json(map("kngc", b64(blob((RSAPublicKey) hello.getPublic())))), "X-Device-Authorization", "Device " + proof(device));
        assertThat(k.status()).as(k.raw()).isEqualTo(201);

        Files.write(files.resolve("device.der"), device.certificate());
        pem(files.resolve("device.pem"), device.deviceKey().getPrivate());
        pem(files.resolve("transport.pem"), device.transportKey().getPrivate());
        pem(files.resolve("hello.pem"), hello.getPrivate());
    }

    @AfterAll
    void tearDown() {
        stopService();
    }

    String syncedUser(String admin, String sam, String sid, boolean expired) throws Exception {
        String salt = "CONTOSO.TEST" + sam;
        EncryptionKey k = Enctypes.find(EncType.AES256_CTS_HMAC_SHA1_96).orElseThrow().stringToKey(ALICE_PW.toCharArray(),
                Bytes.of(salt.getBytes(StandardCharsets.UTF_8)), null);
        Res r = call("PUT", base() + "/synced-users/" + sid, admin, json(map("userPrincipalName", sam + "@contoso.test",
                "onPremisesSamAccountName", sam, "onPremisesDomainName", "contoso.test", "passwordExpired", expired,
                "passwordHashSync", PasswordHashSync.verifier(k, salt, 4096, random))));
        assertThat(r.status()).as(r.raw()).isIn(200, 201);
        return r.json().get("id").asString();
    }

    static void pem(Path f, PrivateKey k) throws Exception {
        Files.writeString(f, "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(k.getEncoded())
                + "\n-----END PRIVATE KEY-----\n");
    }

    record Run(int exit, String out, String err) {}

    Run client(String style, Path ccache) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/python3", Path.of("../testkit/entra-client/prt_client.py").toAbsolutePath()
                .normalize().toString(), "--base", "https://127.0.0.1:" + service.port(), "--tenant", tenantId, "--ca",
                init.caCertificate().toString(), "--device-cert", files.resolve("device.der").toString(), "--device-key",
                files.resolve("device.pem").toString(), "--transport-key", files.resolve("transport.pem").toString(),
                "--hello-key", files.resolve("hello.pem").toString(), "--username", "alice@contoso.test", "--style", style,
                "--krbtgt-key-hex", HexFormat.of().formatHex(krbtgt.bytes())));
        if (ccache != null) {
            cmd.addAll(List.of("--ccache", ccache.toString()));
        }
        Process p = new ProcessBuilder(cmd).start();
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }

    @Test
    void roadtoolsAndHimmelblauStyleClientsGetAUsablePartialTgt() throws Exception {
        for (String style : List.of("roadtools", "himmelblau")) {
            Path cc = files.resolve(style + ".ccache");
            Run r = client(style, cc);
            assertThat(r.exit()).as(style + ": " + r.err()).isZero();
            JsonNode o = Json.MAPPER.readTree(r.out());
            assertThat(o.get("has_refresh_token").asBoolean()).isTrue();
            assertThat(o.get("id_token_claims").get("tid").asString()).isEqualTo(tenantId);
            JsonNode ad = o.get("tgt_ad");
            assertThat(ad.get("keyType").asInt()).as(style).isEqualTo(18);
            assertThat(ad.get("realm").asString()).isEqualTo("CONTOSO.TEST");
            assertThat(ad.get("cname").asString()).isEqualTo("alice");
            assertThat(ad.get("sname").asString()).isEqualTo("krbtgt/CONTOSO.TEST");
            assertThat(ad.get("ticket_kvno").asLong()).isEqualTo(2016883244L);
            assertThat(ad.get("ticket_etype").asInt()).isEqualTo(18);
            assertThat(ad.get("enc_part_tag").asInt()).isEqualTo(25);
            assertThat(ad.get("has_starttime").asBoolean()).isTrue();
            assertThat(ad.get("has_renew_till").asBoolean()).isTrue();
            assertThat(ad.get("ticket").get("has_pac").asBoolean()).isTrue();
            assertThat(ad.get("ticket").get("flags").toString()).contains("forwardable", "renewable");
            // MIT klist lists what the outside client wrote
            Process k = new ProcessBuilder("klist", "-c", cc.toString()).redirectErrorStream(true).start();
            String listing = new String(k.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(k.waitFor()).as(listing).isZero();
            assertThat(listing).contains("alice@CONTOSO.TEST", "krbtgt/CONTOSO.TEST@CONTOSO.TEST");
        }
    }

    @Test
    void anExpiredPasswordIsRefusedWithTheReason() throws Exception {
        String admin = adminToken();
        syncedUser(admin, "alice", "S-1-5-21-1004336348-1177238915-682003330-1105", true);
        try {
            Run r = client("roadtools", null);
            assertThat(r.exit()).as(r.out()).isEqualTo(2);
            assertThat(r.err()).containsIgnoringCase("password").contains("50055");
        } finally {
            syncedUser(admin, "alice", "S-1-5-21-1004336348-1177238915-682003330-1105", false);
        }
    }
}
