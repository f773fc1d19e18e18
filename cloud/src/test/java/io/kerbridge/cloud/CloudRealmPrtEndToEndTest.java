package io.kerbridge.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import io.kerbridge.cloud.http.Json;
import io.kerbridge.kerberos.Bytes;
import io.kerbridge.kerberos.crypto.Enctypes;
import io.kerbridge.kerberos.phs.PasswordHashSync;
import io.kerbridge.kerberos.types.EncType;
import io.kerbridge.kerberos.types.EncryptionKey;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The cloud realm end to end with outside clients only (protocol-notes §5.1-§5.3): the independent Python PRT
 * client ({@code testkit/entra-client/prt_client.py}) signs in with a Hello key on a device whose policy has
 * CloudKerberosTicketRetrievalEnabled, decrypts {@code tgt_cloud} and writes it as an MIT ccache; MIT {@code kvno}
 * then gets a service ticket for a registered SPN through the tenant's KKDCP endpoint and checks it with the keytab
 * the service principal API returned; MIT {@code klist} lists both tickets.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CloudRealmPrtEndToEndTest extends DeviceApiFixture {
    static final String PW = "Alice-Passw0rd!";
    static final String SPN = "cifs/acct.file.core.windows.net";
    Path files;
    Path keytab;
    Path krb5Conf;
    String aliceSecret;
    Dev device;
    KeyPair hello;

    @BeforeAll
    void setUp(@TempDir Path tmp) throws Exception {
        clock.now.set(Instant.now()); // the client and MIT use the real time
        startService(tmp);
        files = Files.createDirectories(tmp.resolve("client"));
        String admin = adminToken();
        String salt = "CONTOSO.TESTalice";
        EncryptionKey k = Enctypes.find(EncType.AES256_CTS_HMAC_SHA1_96).orElseThrow().stringToKey(PW.toCharArray(),
                Bytes.of(salt.getBytes(StandardCharsets.UTF_8)), null);
        Res u = call("PUT", base() + "/synced-users/S-1-5-21-1004336348-1177238915-682003330-1105", admin, json(map(
                "userPrincipalName", "alice@contoso.test", "onPremisesSamAccountName", "alice", "onPremisesDomainName",
                "contoso.test", "passwordHashSync", PasswordHashSync.verifier(k, salt, 4096, random))));
        assertThat(u.status()).as(u.raw()).isIn(200, 201);
        aliceSecret = call("POST", base() + "/users/" + u.json().get("id").asString() + "/totp", admin, null).json()
                .get("secret").asString();
        Res policy = call("PUT", base() + "/device-policy", admin, json(map("CloudKerberosTicketRetrievalEnabled",
                map("enabled", true, "assignedTo", "allDevices"))));
        assertThat(policy.status()).as(policy.raw()).isEqualTo(200);
        Res sp = call("POST", base() + "/kerberos/service-principals", admin, json(map("servicePrincipalName", SPN)));
        assertThat(sp.status()).as(sp.raw()).isEqualTo(201);
        keytab = Files.write(files.resolve("cifs.keytab"), Base64.getDecoder().decode(sp.json().get("keytab").asString()));

        String alice = token("alice@contoso.test", PW, aliceSecret);
        device = register(alice, "ALICE-PC");
        hello = rsa(2048);
        Res key = call("POST", root() + "/" + tenantId + "/EnrollmentServer/key/?api-version=1.0", alice,
                json(map("kngc", b64(blob((RSAPublicKey) hello.getPublic())))), "X-Device-Authorization", "Device " + proof(device));
        assertThat(key.status()).as(key.raw()).isEqualTo(201);
        Files.write(files.resolve("device.der"), device.certificate());
        PrtPythonClientTest.pem(files.resolve("device.pem"), device.deviceKey().getPrivate());
        PrtPythonClientTest.pem(files.resolve("transport.pem"), device.transportKey().getPrivate());
        PrtPythonClientTest.pem(files.resolve("hello.pem"), hello.getPrivate());
        krb5Conf = Files.writeString(files.resolve("krb5.conf"), """
                [libdefaults]
                    default_realm = KERBEROS.MICROSOFTONLINE.COM
                    dns_lookup_kdc = false
                    dns_lookup_realm = false
                [realms]
                    KERBEROS.MICROSOFTONLINE.COM = {
                        kdc = https://localhost:%d/%s/kerberos
                        http_anchors = FILE:%s
                    }
                """.formatted(service.port(), tenantId, init.caCertificate()));
    }

    @AfterAll
    void tearDown() {
        stopService();
    }

    record Run(int exit, String out, String err) {}

    Run run(List<String> cmd, Path ccache) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("KRB5_CONFIG", krb5Conf.toString());
        pb.environment().put("KRB5CCNAME", "FILE:" + ccache);
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }

    @Test
    void aCloudTgtFromThePrtGetsAServiceTicketThroughKkdcpWithMitKvno() throws Exception {
        Path cc = files.resolve("cloud.ccache");
        Run client = run(List.of("/usr/bin/python3", Path.of("../testkit/entra-client/prt_client.py").toAbsolutePath()
                .normalize().toString(), "--base", "https://127.0.0.1:" + service.port(), "--tenant", tenantId, "--ca",
                init.caCertificate().toString(), "--device-cert", files.resolve("device.der").toString(), "--device-key",
                files.resolve("device.pem").toString(), "--transport-key", files.resolve("transport.pem").toString(),
                "--hello-key", files.resolve("hello.pem").toString(), "--username", "alice@contoso.test",
                "--cloud-ccache", cc.toString()), cc);
        assertThat(client.exit()).as(client.err()).isZero();
        JsonNode o = Json.MAPPER.readTree(client.out());
        assertThat(o.get("tgt_cloud").get("keyType").asInt()).as(client.out()).isEqualTo(18);
        assertThat(o.get("tgt_cloud").get("fields").get("realm").asString()).isEqualTo("KERBEROS.MICROSOFTONLINE.COM");
        assertThat(o.get("kerberos_top_level_names").asString()).isEqualTo(".windows.net");

        Run kvno = run(List.of("kvno", "-k", keytab.toString(), SPN), cc);
        assertThat(kvno.err()).as("MIT needs its TLS plugin for https:// KDCs: apt-get install krb5-k5tls")
                .doesNotContain("Could not find tls plugin");
        assertThat(kvno.exit()).as(kvno.out() + kvno.err()).isZero();
        assertThat(kvno.out()).contains(SPN + "@KERBEROS.MICROSOFTONLINE.COM: kvno = 1, keytab entry valid");
        Run klist = run(List.of("klist"), cc);
        assertThat(klist.out()).contains("krbtgt/KERBEROS.MICROSOFTONLINE.COM@KERBEROS.MICROSOFTONLINE.COM",
                SPN + "@KERBEROS.MICROSOFTONLINE.COM");
    }
}
