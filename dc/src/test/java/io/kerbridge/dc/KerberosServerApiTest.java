package io.kerbridge.dc;

import static org.assertj.core.api.Assertions.assertThat;

import io.kerbridge.directory.Directory;
import io.kerbridge.directory.KeyVersion;
import io.kerbridge.directory.NewAccount;
import io.kerbridge.directory.PrincipalEntry;
import io.kerbridge.directory.RodcPolicyView.RevealPolicy;
import io.kerbridge.kerberos.Bytes;
import io.kerbridge.kerberos.crypto.Enctype;
import io.kerbridge.kerberos.crypto.Enctypes;
import io.kerbridge.kerberos.pac.Sid;
import io.kerbridge.kerberos.types.EncType;
import io.kerbridge.kerberos.types.EncryptionKey;
import io.kerbridge.kerberos.types.KeyUsage;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The Kerberos server endpoints through a real DC: TLS, Negotiate with tickets from its own KDC, Domain
 * Admins from the directory, and the key checked against what the directory (and so the KDC) holds.
 */
class KerberosServerApiTest {
    static final String ADMIN_PW = "Adm1n!Passw0rd";
    static final String USER_PW = "Us3r!Passw0rd";

    @TempDir
    static Path tmp;
    static DomainController dc;
    static NegotiateTestClient admin;
    static NegotiateTestClient alice;

    @BeforeAll
    static void start() throws Exception {
        Path root = tmp.resolve("contoso");
        DcConfig cfg = DcInit.init(new DcInit.Spec(root, "contoso.test", "CONTOSO", "dc1.contoso.test", "127.0.0.1",
                freePort(), freePort(), freePort(), ADMIN_PW.toCharArray(), Optional.empty()));
        dc = DomainController.start(root, Clock.systemUTC());
        dc.directory().users().create(NewAccount.user("alice", USER_PW.toCharArray()));
        Path ca = TlsMaterial.load(root).certificatePem();
        admin = new NegotiateTestClient(cfg, dc.adminPort(), ca, "Administrator", ADMIN_PW);
        alice = new NegotiateTestClient(cfg, dc.adminPort(), ca, "alice", USER_PW);
    }

    @AfterAll
    static void stop() {
        if (admin != null) {
            admin.close();
        }
        if (alice != null) {
            alice.close();
        }
        if (dc != null) {
            dc.close();
        }
    }

    static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static JsonNode json(HttpResponse<String> r) {
        return AdminServer.JSON.readTree(r.body());
    }

    @Test
    void onlyDomainAdminsMayTouchIt() throws Exception {
        String[][] calls = {{"GET", ""}, {"POST", ""}, {"POST", "/rotate"}, {"PUT", "/reveal-policy"}, {"DELETE", ""}};
        for (String[] c : calls) {
            HttpResponse<String> r = alice.call(c[0], "/api/v1/kerberos-server" + c[1], "{}");
            assertThat(r.statusCode()).as(c[0] + c[1]).isEqualTo(403);
            assertThat(r.body()).contains("not a member of Domain Admins").doesNotContain("\"key\"");
        }
        assertThat(dc.directory().kerberosServer().get()).isEmpty();
    }

    @Test
    void createGetRotateEditRemove() throws Exception {
        Directory d = dc.directory();
        assertThat(admin.call("GET", "/api/v1/kerberos-server", null).statusCode()).isEqualTo(404);

        // create: the object's fields and its key, which is krbtgt_<n>'s current key in the directory
        HttpResponse<String> created = admin.call("POST", "/api/v1/kerberos-server", null);
        assertThat(created.statusCode()).isEqualTo(200);
        assertThat(created.headers().firstValue("Cache-Control")).contains("no-store");
        JsonNode c = json(created);
        int n = c.get("Id").asInt();
        assertThat(c.get("UserAccount").asString()).isEqualTo("CN=krbtgt_AzureAD,CN=Users,DC=contoso,DC=test");
        assertThat(c.get("ComputerAccount").asString())
                .isEqualTo("CN=AzureADKerberos,OU=Domain Controllers,DC=contoso,DC=test");
        assertThat(c.get("DisplayName").asString()).isEqualTo("krbtgt_" + n);
        assertThat(c.get("DomainDnsName").asString()).isEqualTo("contoso.test");
        assertThat(c.get("KeyVersion").asLong()).isEqualTo(1);
        assertThat(c.get("KeyUpdatedFrom").asString()).isEqualTo("dc1.contoso.test");
        assertThat(c.get("KeyUpdatedOn").asString()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
        assertThat(c.get("kvno").asLong()).isEqualTo(((long) n << 16) | 1);
        assertThat(c.get("partialSecrets").asBoolean()).isTrue();
        assertThat(c.get("revealOnDemand").get(0).get("name").asString()).isEqualTo("Domain Users");
        assertThat(c.get("neverReveal")).hasSize(5);
        assertThat(c.get("key").get("etype").asInt()).isEqualTo(18);
        byte[] key1 = Base64.getDecoder().decode(c.get("key").get("value").asString());
        assertThat(key1).hasSize(32).isEqualTo(currentAes(d, n).bytes());
        assertSealsForTheDirectory(key1, d, n, (int) (((long) n << 16) | 1));

        // a second create is a conflict; GET shows the fields but never the key
        assertThat(admin.call("POST", "/api/v1/kerberos-server", null).statusCode()).isEqualTo(409);
        HttpResponse<String> got = admin.call("GET", "/api/v1/kerberos-server", null);
        assertThat(got.statusCode()).isEqualTo(200);
        JsonNode g = json(got);
        assertThat(g.has("key")).isFalse();
        assertThat(got.body()).doesNotContain(c.get("key").get("value").asString());
        assertThat(g.get("Id").asInt()).isEqualTo(n);
        assertThat(g.get("KeyVersion").asLong()).isEqualTo(1);

        // rotate: within 24 h only when forced; the new key is the directory's, the old one still kept
        HttpResponse<String> early = admin.call("POST", "/api/v1/kerberos-server/rotate", null);
        assertThat(early.statusCode()).isEqualTo(409);
        assertThat(early.body()).contains("once per 24 h");
        HttpResponse<String> rotated = admin.call("POST", "/api/v1/kerberos-server/rotate", "{\"force\": true}");
        assertThat(rotated.statusCode()).isEqualTo(200);
        JsonNode r = json(rotated);
        assertThat(r.get("KeyVersion").asLong()).isEqualTo(2);
        assertThat(r.get("kvno").asLong()).isEqualTo(((long) n << 16) | 2);
        byte[] key2 = Base64.getDecoder().decode(r.get("key").get("value").asString());
        assertThat(key2).isNotEqualTo(key1).isEqualTo(currentAes(d, n).bytes());
        assertSealsForTheDirectory(key1, d, n, (int) (((long) n << 16) | 1));
        assertThat(json(admin.call("GET", "/api/v1/kerberos-server", null)).get("KeyVersion").asLong()).isEqualTo(2);

        // reveal policy: SIDs or names; what the KDC reads changes with it
        Sid domainUsers = d.domain().sidWithRid(513);
        HttpResponse<String> edited = admin.call("PUT", "/api/v1/kerberos-server/reveal-policy",
                "{\"neverReveal\": [\"S-1-5-32-544\", \"Denied RODC Password Replication Group\"],"
                        + " \"revealOnDemand\": [\"Domain Users\", \"BUILTIN\\\\Backup Operators\"]}");
        assertThat(edited.statusCode()).isEqualTo(200);
        assertThat(json(edited).get("neverReveal")).hasSize(2);
        RevealPolicy p = d.rodcPolicy().revealPolicy(n).orElseThrow();
        assertThat(p.neverReveal()).containsExactly(Sid.parse("S-1-5-32-544"), d.domain().sidWithRid(572));
        assertThat(p.revealOnDemand()).containsExactly(domainUsers, Sid.parse("S-1-5-32-551"));
        assertThat(admin.call("PUT", "/api/v1/kerberos-server/reveal-policy", "{\"neverReveal\": [\"No Such Group\"]}")
                .statusCode()).isEqualTo(400);
        assertThat(admin.call("PUT", "/api/v1/kerberos-server/reveal-policy", "{\"revealOnDemand\": [\"S-1-5-21-7-7-7-513\"]}")
                .statusCode()).isEqualTo(200);
        assertThat(d.rodcPolicy().revealPolicy(n).orElseThrow().neverReveal()).hasSize(2);

        // delete: the objects and the keys are gone
        assertThat(admin.call("DELETE", "/api/v1/kerberos-server", null).statusCode()).isEqualTo(204);
        assertThat(admin.call("GET", "/api/v1/kerberos-server", null).statusCode()).isEqualTo(404);
        assertThat(admin.call("POST", "/api/v1/kerberos-server/rotate", "{\"force\": true}").statusCode()).isEqualTo(404);
        assertThat(admin.call("DELETE", "/api/v1/kerberos-server", null).statusCode()).isEqualTo(404);
        assertThat(d.principalStore().rodcKrbtgt(n)).isEmpty();
        assertThat(d.rodcPolicy().revealPolicy(n)).isEmpty();
    }

    private static EncryptionKey currentAes(Directory d, int n) {
        return d.principalStore().rodcKrbtgt(n).flatMap(PrincipalEntry::currentKeys).orElseThrow()
                .key(EncType.AES256_CTS_HMAC_SHA1_96).orElseThrow();
    }

    /** What the cloud would seal with the published key, the directory's key of that kvno opens. */
    private static void assertSealsForTheDirectory(byte[] published, Directory d, int n, int kvno) throws Exception {
        Enctype aes = Enctypes.get(EncType.AES256_CTS_HMAC_SHA1_96);
        Bytes plain = Bytes.utf8("EncTicketPart of a partial TGT");
        Bytes sealed = aes.encrypt(new EncryptionKey(EncType.AES256_CTS_HMAC_SHA1_96, published),
                KeyUsage.KDC_REP_TICKET, plain, new SecureRandom());
        KeyVersion kv = d.principalStore().rodcKrbtgt(n).orElseThrow().keys(kvno).orElseThrow();
        assertThat(aes.decrypt(kv.key(EncType.AES256_CTS_HMAC_SHA1_96).orElseThrow(), KeyUsage.KDC_REP_TICKET, sealed))
                .isEqualTo(plain);
    }
}
