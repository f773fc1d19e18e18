package io.kerbridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.kerbridge.dc.DcInit;
import io.kerbridge.dc.DomainController;
import io.kerbridge.directory.GroupScope;
import io.kerbridge.directory.NewAccount;
import io.kerbridge.kerberos.Bytes;
import io.kerbridge.kerberos.client.KrbConfig;
import io.kerbridge.kerberos.crypto.NtHash;
import io.kerbridge.kerberos.file.Ccache;
import io.kerbridge.kerberos.types.PrincipalName;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Issue "Cloud Kerberos trust at the DC" acceptance, end to end on a real DC (H2 directory, admin API
 * over TLS with Negotiate): a Domain Admin creates the Kerberos server object through the admin API;
 * an independent implementation (impacket, kdc/src/test/resources/exchange/impacket_exchange.py)
 * mints a partial TGT with the returned krbtgt_n key and exchanges it for a full TGT and the user's
 * NT hash; MIT klist and kvno use the full TGT; impacket reads the real groups in the service
 * ticket's PAC; Domain Admins are refused; rotation keeps the previous key; removal refuses.
 */
class CloudTrustExchangeAcceptanceTest {
    static final String PW = "Us3r-Passw0rd!";
    @TempDir
    static Path tmp;
    static Path dir;
    static DomainController dc;
    static Path krb5;
    static int adminPort;

    @BeforeAll
    static void dc() throws Exception {
        dir = tmp.resolve("contoso");
        var cfg = DcInit.init(new DcInit.Spec(dir, "contoso.test", "CONTOSO", "dc1.contoso.test", "127.0.0.1",
                Tools.freePort(), Tools.freePort(), adminPort = Tools.freePort(), PW.toCharArray(), Optional.empty()));
        krb5 = dir.resolve("krb5.conf");
        dc = DomainController.start(dir, Clock.systemUTC());
        var d = dc.directory();
        d.users().create(NewAccount.user("alice", PW.toCharArray()));
        var finance = d.groups().create("Finance", GroupScope.GLOBAL, "");
        d.groups().addMember(finance.sid(), d.users().find("alice").orElseThrow().sid());
        assertThat(cfg.realm()).isEqualTo("CONTOSO.TEST");
    }

    @AfterAll
    static void stop() {
        if (dc != null) {
            dc.close();
        }
    }

    private static Map<String, String> env(String ccache) {
        Map<String, String> e = new HashMap<>();
        e.put("KRB5_CONFIG", krb5.toString());
        e.put("KRB5CCNAME", "FILE:" + tmp.resolve(ccache));
        return e;
    }

    /** The admin API as a Domain Admin (Administrator's TGT from MIT kinit). */
    private static JsonNode admin(String method, String path, Object body) throws Exception {
        Tools.Result k = Tools.run(List.of("kinit", "Administrator"), env("cc-admin"), PW + "\n");
        assertThat(k.exitCode()).as(k.toString()).isZero();
        Ccache cache = Ccache.read(tmp.resolve("cc-admin"));
        try (AdminClient c = new AdminClient(URI.create("https://127.0.0.1:" + adminPort), dir.resolve("tls-cert.pem"),
                KrbConfig.load(krb5), cache.initialTgt().orElseThrow(), PrincipalName.parse("HTTP/dc1.contoso.test"))) {
            return c.call(method, path, body);
        }
    }

    /** Runs the impacket exchange as the cloud would mint for {@code user}, with the object's current key. */
    private static Tools.Result exchange(JsonNode server, String key, String user, String ccache, String... extra)
            throws Exception {
        var d = dc.directory();
        Path script = tmp.resolve("impacket_exchange.py");
        if (!Files.exists(script)) {
            try (var in = CloudTrustExchangeAcceptanceTest.class.getResourceAsStream("/exchange/impacket_exchange.py")) {
                Files.write(script, in.readAllBytes());
            }
        }
        long kvno = server.get("kvno").asLong();
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/python3", script.toString(), "--key", key, "--rodc",
                Long.toString(kvno >>> 16), "--version", Long.toString(kvno & 0xFFFF), "--user", user, "--user-sid",
                d.users().find(user).orElseThrow().sid().toString(), "--domain-sid", d.domain().sid().toString(),
                "--realm", "CONTOSO.TEST", "--kdc", "127.0.0.1:" + dc.kdcPort(), "--ccache",
                tmp.resolve(ccache).toString()));
        cmd.addAll(List.of(extra));
        return Tools.run(cmd, env(ccache), null);
    }

    private static String keyHex(JsonNode answer) {
        return HexFormat.of().formatHex(Base64.getDecoder().decode(answer.get("key").get("value").asString()));
    }

    @Test
    void theWholeDcSideOfCloudKerberosTrust() throws Exception {
        JsonNode created = admin("POST", "/api/v1/kerberos-server", Map.of());
        assertThat(created.get("DisplayName").asString()).isEqualTo("krbtgt_" + created.get("Id").asInt());
        assertThat(created.get("ComputerAccount").asString())
                .isEqualTo("CN=AzureADKerberos,OU=Domain Controllers,DC=contoso,DC=test");
        assertThat(created.get("key").get("etype").asInt()).isEqualTo(18);
        JsonNode got = admin("GET", "/api/v1/kerberos-server", null);
        assertThat(got.has("key")).isFalse();
        String key1 = keyHex(created);

        // alice: full TGT and NT hash; MIT uses the full TGT; the service ticket's PAC has her real groups
        Tools.Result r = exchange(created, key1, "alice", "cc-alice");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        String ntHash = Bytes.wrap(NtHash.of(PW.toCharArray()).bytes()).hex().toLowerCase();
        assertThat(r.stdout()).contains("TGT CONTOSO.TEST krbtgt/CONTOSO.TEST").contains("NTHASH " + ntHash);
        assertThat(Tools.run(List.of("klist"), env("cc-alice"), null).stdout()).contains("alice@CONTOSO.TEST")
                .contains("krbtgt/CONTOSO.TEST@CONTOSO.TEST");
        Tools.Result kvno = Tools.run(List.of("kvno", "HTTP/dc1.contoso.test"), env("cc-alice"), null);
        assertThat(kvno.exitCode()).as(kvno.toString()).isZero();
        long financeRid = dc.directory().groups().find("Finance").orElseThrow().sid().rid();
        String pac = pacOf("cc-alice");
        assertThat(pac).contains("server-signature valid");
        assertThat(pac.lines().filter(l -> l.startsWith("groups ")).findFirst().orElseThrow())
                .contains(Long.toString(financeRid)).contains("513");

        // Domain Admins are in the never-reveal set: refused (KDC_ERR_TGT_REVOKED)
        Tools.Result da = exchange(created, key1, "Administrator", "cc-da");
        assertThat(da.exitCode()).isNotZero();
        assertThat(da.stdout()).contains("ERROR 20");
        // impacket 0.10's own key-list request (no PAC, no authenticator checksum) is refused
        assertThat(exchange(created, key1, "alice", "cc-imp", "--impacket-style").exitCode()).isNotZero();

        // rotation: the new key works, and so does the previous one for tickets still in flight
        JsonNode rotated = admin("POST", "/api/v1/kerberos-server/rotate", Map.of("force", true));
        assertThat(rotated.get("KeyVersion").asLong()).isGreaterThan(created.get("KeyVersion").asLong());
        assertThat(exchange(rotated, keyHex(rotated), "alice", "cc-new").exitCode()).isZero();
        assertThat(exchange(created, key1, "alice", "cc-old").exitCode()).isZero();

        // removal: tickets under that number are refused (unknown RODC number → S_PRINCIPAL_UNKNOWN)
        admin("DELETE", "/api/v1/kerberos-server", null);
        Tools.Result gone = exchange(rotated, keyHex(rotated), "alice", "cc-gone");
        assertThat(gone.exitCode()).isNotZero();
        assertThat(gone.stdout()).contains("ERROR 7");
    }

    private static String pacOf(String ccache) throws Exception {
        Path kt = tmp.resolve("dc1.keytab");
        dc.directory().keytabs().export(dc.directory().users().find("DC1$").orElseThrow().sid()).write(kt);
        String key = io.kerbridge.kerberos.file.Keytab.read(kt).entries().stream()
                .filter(x -> x.principal().toString().equals("HTTP/dc1.contoso.test")
                        && x.key().type().equals(io.kerbridge.kerberos.types.EncType.AES256_CTS_HMAC_SHA1_96))
                .map(x -> HexFormat.of().formatHex(x.key().bytes())).findFirst().orElseThrow();
        Path script = tmp.resolve("pac.py");
        try (var in = CloudTrustExchangeAcceptanceTest.class.getResourceAsStream("/dc/pac.py")) {
            Files.write(script, in.readAllBytes());
        }
        Tools.Result r = Tools.run(List.of("/usr/bin/python3", script.toString(), tmp.resolve(ccache).toString(),
                "HTTP/dc1.contoso.test", key), env(ccache), null);
        assertThat(r.exitCode()).as(r.toString()).isZero();
        return r.stdout();
    }
}
