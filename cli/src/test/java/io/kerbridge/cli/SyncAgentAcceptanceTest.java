package io.kerbridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.kerbridge.cloud.CloudInit;
import io.kerbridge.cloud.CloudService;
import io.kerbridge.cloud.auth.Base32;
import io.kerbridge.cloud.auth.Totp;
import io.kerbridge.cloud.http.Json;
import io.kerbridge.dc.DcInit;
import io.kerbridge.dc.DomainController;
import io.kerbridge.directory.NewAccount;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Issue 5, sync agent: a real DC (directory, KDC, admin API with Negotiate) and a real cloud service on
 * loopback; Administrator's TGT from MIT kinit; the cloud token from {@code kerbridge cloud login} with a
 * TOTP code; {@code kerbridge sync} run in-process, the result read back through the cloud's API.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SyncAgentAcceptanceTest {
    static final String PW = "Us3r-Passw0rd!";
    static final String CLOUD_PW = "Cloud-Adm1n-Passw0rd!";
    @TempDir
    static Path tmp;
    static Path dcDir;
    static DomainController dc;
    static CloudService cloud;
    static CloudInit.Result init;
    static int adminPort;
    static Path tokenFile;
    static Path stateFile;

    @BeforeAll
    static void peers() throws Exception {
        dcDir = tmp.resolve("contoso");
        DcInit.init(new DcInit.Spec(dcDir, "contoso.test", "CONTOSO", "dc1.contoso.test", "127.0.0.1",
                Tools.freePort(), Tools.freePort(), adminPort = Tools.freePort(), PW.toCharArray(), Optional.empty()));
        dc = DomainController.start(dcDir, Clock.systemUTC());
        var users = dc.directory().users();
        users.create(NewAccount.user("alice", PW.toCharArray()).withDisplayName("Alice Example"));
        users.create(NewAccount.user("bob", PW.toCharArray()));
        users.create(NewAccount.user("carol", PW.toCharArray()).withMustChangePassword(true));
        var dave = users.create(NewAccount.user("dave", PW.toCharArray()));
        users.setEnabled(dave.sid(), false);
        users.create(NewAccount.computer("WS1$").withPassword("Computer-Passw0rd-1!".toCharArray()));
        var groups = dc.directory().groups();
        var finance = groups.create("Finance", io.kerbridge.directory.GroupScope.GLOBAL, "Finance team");
        groups.addMember(finance.sid(), users.find("alice").orElseThrow().sid());
        groups.addMember(finance.sid(), users.find("bob").orElseThrow().sid());

        init = CloudInit.init(new CloudInit.Spec(tmp.resolve("cloud"), "contoso.test", List.of(), "Contoso",
                "admin@contoso.test", CLOUD_PW.toCharArray(), "127.0.0.1", 0, List.of()), Clock.systemUTC(), new SecureRandom());
        cloud = CloudService.start(tmp.resolve("cloud"), 0, Clock.systemUTC(), new SecureRandom());

        Tools.Result k = Tools.run(List.of("kinit", "Administrator"), Map.of("KRB5_CONFIG", dcDir.resolve("krb5.conf").toString(),
                "KRB5CCNAME", "FILE:" + tmp.resolve("cc-admin")), PW + "\n");
        assertThat(k.exitCode()).as(k.toString()).isZero();

        Path pw = tmp.resolve("cloud-pw");
        Files.writeString(pw, CLOUD_PW + "\n");
        tokenFile = tmp.resolve("token.json");
        stateFile = tmp.resolve("state").resolve("sync.json");
        CliRun login = CliRun.of("cloud", "login", "--url", cloudUrl(), "--cacert", init.caCertificate().toString(),
                "--tenant", "contoso.test", "--user", "admin@contoso.test", "--password-file", pw.toString(),
                "--totp", Totp.code(Base32.decode(init.totpSecretBase32()), Totp.step(Instant.now())), "--token-file",
                tokenFile.toString());
        assertThat(login.exitCode()).as(login.err()).isZero();
    }

    @AfterAll
    static void stop() {
        if (cloud != null) {
            cloud.close();
        }
        if (dc != null) {
            dc.close();
        }
    }

    static String cloudUrl() {
        return "https://localhost:" + cloud.port();
    }

    static CliRun sync(Path token, String... extra) {
        List<String> a = new ArrayList<>(List.of("sync", "--dc", "https://127.0.0.1:" + adminPort, "--dc-spn",
                "HTTP/dc1.contoso.test", "--cacert", dcDir.resolve("tls-cert.pem").toString(), "--config",
                dcDir.resolve("krb5.conf").toString(), "-c", tmp.resolve("cc-admin").toString(), "--token-file",
                token.toString(), "--state", stateFile.toString(), "--progress", "plain"));
        a.addAll(List.of(extra));
        return CliRun.of(a.toArray(String[]::new));
    }

    /** The tenant's synced users by sAMAccountName, read through the cloud API with the admin's token. */
    static Map<String, JsonNode> cloudUsers() throws Exception {
        JsonNode t = Json.MAPPER.readTree(Files.readString(tokenFile));
        JsonNode r = CloudCommand.send(CloudCommand.client(init.caCertificate()), "GET",
                cloudUrl() + "/api/v1/" + t.get("tenant").asString() + "/users?source=synced",
                t.get("access_token").asString(), null);
        Map<String, JsonNode> m = new HashMap<>();
        r.get("value").forEach(u -> m.put(u.get("onPremisesSamAccountName").asString(), u));
        return m;
    }

    /** The tenant's groups (with members) by display name. */
    static Map<String, JsonNode> cloudGroups() throws Exception {
        JsonNode t = Json.MAPPER.readTree(Files.readString(tokenFile));
        String base = cloudUrl() + "/api/v1/" + t.get("tenant").asString() + "/groups";
        var http = CloudCommand.client(init.caCertificate());
        JsonNode r = CloudCommand.send(http, "GET", base, t.get("access_token").asString(), null);
        Map<String, JsonNode> m = new HashMap<>();
        for (JsonNode g : r.get("value")) {
            m.put(g.get("displayName").asString(), CloudCommand.send(http, "GET", base + "/" + g.get("id").asString(),
                    t.get("access_token").asString(), null));
        }
        return m;
    }

    static String sid(String sam) {
        return dc.directory().users().find(sam).orElseThrow().sid().toString();
    }

    @Test
    @Order(1)
    void firstSyncAddsTheUsersWithTheirOnPremisesIdentity() throws Exception {
        CliRun r = sync(tokenFile);
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out().strip()).isEqualTo("Synced 4 users: 4 added, 0 updated, 0 disabled, 0 unchanged; "
                + "1 groups: 1 added, 0 updated, 0 deleted, 0 unchanged");
        assertThat(r.err()).contains("sync: 4/4 users processed");

        Map<String, JsonNode> users = cloudUsers();
        assertThat(users).containsOnlyKeys("alice", "bob", "carol", "dave"); // no Administrator, krbtgt, Guest, DC1$, WS1$
        JsonNode alice = users.get("alice");
        assertThat(alice.get("userPrincipalName").asString()).isEqualTo("alice@contoso.test");
        assertThat(alice.get("displayName").asString()).isEqualTo("Alice Example");
        assertThat(alice.get("onPremisesSecurityIdentifier").asString()).isEqualTo(sid("alice"));
        assertThat(alice.get("onPremisesDomainName").asString()).isEqualTo("contoso.test");
        assertThat(alice.get("onPremisesSyncEnabled").asBoolean()).isTrue();
        assertThat(alice.get("accountEnabled").asBoolean()).isTrue();
        JsonNode pw = alice.get("passwordPolicy");
        assertThat(pw.get("lastSetOn").isNull()).isFalse();
        assertThat(pw.get("expired").asBoolean()).isFalse();
        assertThat(pw.get("expiresOn").isNull()).isFalse(); // the domain's maximum password age applies
        assertThat(Instant.parse(pw.get("expiresOn").asString())).isAfter(Instant.now());

        JsonNode carol = users.get("carol"); // must change at next logon: an expired password
        assertThat(carol.get("passwordPolicy").get("expired").asBoolean()).isTrue();
        assertThat(carol.get("passwordPolicy").get("lastSetOn").isNull()).isTrue();
        assertThat(users.get("dave").get("accountEnabled").asBoolean()).isFalse();

        // groups: Finance with its two members; Domain Admins, Domain Users etc. (RID < 1000) stay on-premises
        Map<String, JsonNode> groups = cloudGroups();
        assertThat(groups).containsOnlyKeys("Finance");
        JsonNode fin = groups.get("Finance");
        assertThat(fin.get("source").asString()).isEqualTo("synced");
        assertThat(fin.get("onPremisesSecurityIdentifier").asString())
                .isEqualTo(dc.directory().groups().find("Finance").orElseThrow().sid().toString());
        assertThat(fin.get("members")).extracting(JsonNode::asString)
                .containsExactlyInAnyOrder(alice.get("id").asString(), users.get("bob").get("id").asString());

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(stateFile))).isEqualTo("rw-------");
        assertThat(Files.readString(stateFile)).contains(sid("alice")).doesNotContain(PW);
    }

    /** Password hash sync: the cloud checks a synced user's on-premises password, and refuses an expired one. */
    @Test
    @Order(2)
    void syncedUsersSignInToTheCloudWithTheirOnPremisesPassword() throws Exception {
        JsonNode t = Json.MAPPER.readTree(Files.readString(tokenFile));
        String login = cloudUrl() + "/api/v1/" + t.get("tenant").asString() + "/admin/login";
        var http = CloudCommand.client(init.caCertificate());
        // right password: the sign-in gets as far as the second factor, which alice has not enrolled yet
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> CloudCommand.send(http, "POST", login, null,
                "{\"username\":\"alice@contoso.test\",\"password\":\"" + PW + "\",\"totp\":\"000000\"}"))
                .hasMessageContaining("no second factor enrolled");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> CloudCommand.send(http, "POST", login, null,
                "{\"username\":\"alice@contoso.test\",\"password\":\"Wrong-Passw0rd!\",\"totp\":\"000000\"}"))
                .hasMessageContaining("wrong user name or password");
        // carol must change her password at next logon: refused with the reason
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> CloudCommand.send(http, "POST", login, null,
                "{\"username\":\"carol@contoso.test\",\"password\":\"" + PW + "\",\"totp\":\"000000\"}"))
                .hasMessageContaining("the password has expired");
        assertThat(Files.readString(stateFile)).doesNotContain("kerberos-phs");
    }

    @Test
    @Order(3)
    void aSecondRunSendsNothing() throws Exception {
        String before = cloudUsers().get("alice").get("updatedOn").asString();
        CliRun r = sync(tokenFile, "--json");
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode s = Json.MAPPER.readTree(r.out());
        assertThat(s.get("unchanged").asInt()).isEqualTo(4);
        assertThat(s.get("groups").get("unchanged").asInt()).isEqualTo(1);
        assertThat(s.get("added").asInt() + s.get("updated").asInt() + s.get("disabled").asInt()).isZero();
        assertThat(cloudUsers().get("alice").get("updatedOn").asString()).isEqualTo(before);
    }

    @Test
    @Order(4)
    void disabledAndDeletedOnPremisesAreDisabledInTheCloud() throws Exception {
        var users = dc.directory().users();
        String bobSid = sid("bob");
        users.setEnabled(users.find("alice").orElseThrow().sid(), false);
        users.delete(users.find("bob").orElseThrow().sid());
        users.create(NewAccount.user("erin", PW.toCharArray()).withDisplayName("Erin"));

        CliRun r = sync(tokenFile);
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out().strip()).isEqualTo("Synced 5 users: 1 added, 0 updated, 2 disabled, 2 unchanged; "
                + "1 groups: 0 added, 1 updated, 0 deleted, 0 unchanged"); // bob left Finance with his deletion
        Map<String, JsonNode> cloudNow = cloudUsers();
        assertThat(cloudNow.get("alice").get("accountEnabled").asBoolean()).isFalse();
        assertThat(cloudNow.get("bob").get("accountEnabled").asBoolean()).isFalse();
        assertThat(cloudNow.get("bob").get("onPremisesSecurityIdentifier").asString()).isEqualTo(bobSid);
        assertThat(cloudNow.get("erin").get("accountEnabled").asBoolean()).isTrue();

        CliRun again = sync(tokenFile);
        assertThat(again.out().strip()).isEqualTo("Synced 5 users: 0 added, 0 updated, 0 disabled, 5 unchanged; "
                + "1 groups: 0 added, 0 updated, 0 deleted, 1 unchanged");
        assertThat(cloudGroups().get("Finance").get("members")).hasSize(1);

        // a group deleted on-premises is deleted in the cloud; a cloud admin cannot edit a synced group's members
        JsonNode t = Json.MAPPER.readTree(Files.readString(tokenFile));
        String fin = cloudGroups().get("Finance").get("id").asString();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> CloudCommand.send(CloudCommand.client(init.caCertificate()),
                "PUT", cloudUrl() + "/api/v1/" + t.get("tenant").asString() + "/groups/" + fin + "/members/"
                        + cloudNow.get("erin").get("id").asString(), t.get("access_token").asString(), null))
                .hasMessageContaining("is synced from the on-premises domain contoso.test");
        dc.directory().groups().delete(dc.directory().groups().find("Finance").orElseThrow().sid());
        CliRun gone = sync(tokenFile);
        assertThat(gone.out().strip()).endsWith("0 groups: 0 added, 0 updated, 1 deleted, 0 unchanged");
        assertThat(cloudGroups()).isEmpty();

        users.setEnabled(users.find("alice").orElseThrow().sid(), true);
        CliRun back = sync(tokenFile);
        assertThat(back.out().strip()).isEqualTo("Synced 5 users: 0 added, 1 updated, 0 disabled, 4 unchanged; "
                + "0 groups: 0 added, 0 updated, 0 deleted, 0 unchanged");
        assertThat(cloudUsers().get("alice").get("accountEnabled").asBoolean()).isTrue();
    }

    @Test
    @Order(5)
    void anExpiredOrForgedTokenIsOneClearLine() throws Exception {
        ObjectNode t = (ObjectNode) Json.MAPPER.readTree(Files.readString(tokenFile));
        Path expired = tmp.resolve("expired.json");
        Files.writeString(expired, Json.MAPPER.writeValueAsString(t.deepCopy().put("expires_on", "2020-01-01T00:00:00Z")));
        CliRun r = sync(expired);
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err().strip()).doesNotContain("\n").startsWith("kerbridge sync: ").contains("expired")
                .contains("run kerbridge cloud login");

        Path forged = tmp.resolve("forged.json");
        Files.writeString(forged, Json.MAPPER.writeValueAsString(t.deepCopy().put("access_token", "eyJhbGciOiJub25lIn0.e30.x")));
        Files.delete(stateFile); // a full sync: every user is sent, so the cloud sees the token
        CliRun f = sync(forged);
        assertThat(f.exitCode()).isEqualTo(1);
        assertThat(f.err().lines().filter(l -> l.startsWith("kerbridge sync: ")).toList()).singleElement().asString()
                .contains("refused the token").contains("run kerbridge cloud login");
    }

    @Test
    @Order(6)
    void anUnreachableDcOrCloudIsOneClearLine() throws Exception {
        int dead = Tools.freePort();
        CliRun noDc = CliRun.of("sync", "--dc", "https://127.0.0.1:" + dead, "--dc-spn", "HTTP/dc1.contoso.test", "--cacert",
                dcDir.resolve("tls-cert.pem").toString(), "--config", dcDir.resolve("krb5.conf").toString(), "-c",
                tmp.resolve("cc-admin").toString(), "--token-file", tokenFile.toString(), "--state", stateFile.toString());
        assertThat(noDc.exitCode()).isEqualTo(1);
        assertThat(noDc.err().strip()).doesNotContain("\n").contains("cannot connect to the DC admin API");

        Files.deleteIfExists(stateFile);
        CliRun noCloud = sync(tokenFile, "--cloud", "https://localhost:" + dead);
        assertThat(noCloud.exitCode()).isEqualTo(1);
        assertThat(noCloud.err().lines().filter(l -> l.startsWith("kerbridge sync: ")).toList()).singleElement().asString()
                .contains("cannot connect to the cloud service");
    }

    @Test
    @Order(7)
    void helpNamesTheOptions() {
        CliRun h = CliRun.of("sync", "--help");
        assertThat(h.exitCode()).isZero();
        assertThat(h.out()).contains("--dc", "--dc-spn", "--cloud", "--cloud-cacert", "--tenant", "--token-file", "--state",
                "--domain", "--progress");
    }
}
