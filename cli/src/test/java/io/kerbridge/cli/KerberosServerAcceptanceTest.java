package io.kerbridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.kerbridge.cloud.CloudInit;
import io.kerbridge.cloud.CloudService;
import io.kerbridge.cloud.auth.Base32;
import io.kerbridge.cloud.auth.Totp;
import io.kerbridge.cloud.http.Json;
import io.kerbridge.dc.DcInit;
import io.kerbridge.dc.DomainController;
import io.kerbridge.kerberos.keytransport.KerberosDomain;
import io.kerbridge.kerberos.types.EncType;
import io.kerbridge.kerberos.types.EncryptionKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
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

/**
 * {@code kerbridge kerberos-server set|get|remove} against a real DC (admin API over TLS + Negotiate) and a real
 * cloud service (TLS, Hybrid Identity Administrator token): both sides created, the key that reaches the cloud is the
 * DC's, rotation keeps the old key as secondary, a rotation that never reached the cloud is reported and repaired.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KerberosServerAcceptanceTest {
    static final String PW = "Adm1n-Passw0rd!";
    static final String CLOUD_PW = "Cloud-Adm1n-Passw0rd!";
    @TempDir
    static Path tmp;
    static Path dcDir;
    static DomainController dc;
    static CloudService cloud;
    static CloudInit.Result init;
    static int adminPort;
    static Path tokenFile;

    @BeforeAll
    static void peers() throws Exception {
        dcDir = tmp.resolve("contoso");
        DcInit.init(new DcInit.Spec(dcDir, "contoso.test", "CONTOSO", "dc1.contoso.test", "127.0.0.1",
                Tools.freePort(), Tools.freePort(), adminPort = Tools.freePort(), PW.toCharArray(), Optional.empty()));
        dc = DomainController.start(dcDir, Clock.systemUTC());
        dc.directory().users().create(io.kerbridge.directory.NewAccount.user("alice", "Us3r-Passw0rd!".toCharArray()));
        init = CloudInit.init(new CloudInit.Spec(tmp.resolve("cloud"), "contoso.test", List.of(), "Contoso",
                "admin@contoso.test", CLOUD_PW.toCharArray(), "127.0.0.1", 0, List.of()), Clock.systemUTC(), new SecureRandom());
        cloud = CloudService.start(tmp.resolve("cloud"), 0, Clock.systemUTC(), new SecureRandom());
        Tools.Result k = Tools.run(List.of("kinit", "Administrator"), Map.of("KRB5_CONFIG", dcDir.resolve("krb5.conf").toString(),
                "KRB5CCNAME", "FILE:" + tmp.resolve("cc-admin")), PW + "\n");
        assertThat(k.exitCode()).as(k.toString()).isZero();
        Path pw = tmp.resolve("cloud-pw");
        Files.writeString(pw, CLOUD_PW + "\n");
        tokenFile = tmp.resolve("token.json");
        CliRun login = CliRun.of("cloud", "login", "--url", "https://localhost:" + cloud.port(), "--cacert",
                init.caCertificate().toString(), "--tenant", "contoso.test", "--user", "admin@contoso.test", "--password-file",
                pw.toString(), "--totp", Totp.code(Base32.decode(init.totpSecretBase32()), Totp.step(Instant.now())),
                "--token-file", tokenFile.toString());
        assertThat(login.exitCode()).as(login.err()).isZero();
        // only a Hybrid Identity Administrator may publish keys: the admin takes the role (roles are read per call)
        JsonNode t = Json.MAPPER.readTree(Files.readString(tokenFile));
        CloudCommand.send(CloudCommand.client(init.caCertificate()), "PUT", "https://localhost:" + cloud.port() + "/api/v1/"
                + init.tenantId() + "/roles/HybridIdentityAdministrator/members/" + init.adminUserId(),
                t.get("access_token").asString(), null);
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

    static CliRun ks(String... args) {
        List<String> a = new ArrayList<>(List.of("kerberos-server"));
        a.addAll(List.of(args));
        a.addAll(List.of("--domain", "contoso.test", "--dc", "https://127.0.0.1:" + adminPort, "--dc-spn", "HTTP/dc1.contoso.test",
                "--cacert", dcDir.resolve("tls-cert.pem").toString(), "--config", dcDir.resolve("krb5.conf").toString(),
                "-c", tmp.resolve("cc-admin").toString(), "--cloud-token-file", tokenFile.toString()));
        return CliRun.of(a.toArray(String[]::new));
    }

    /** The DC's current krbtgt_<n> aes256 key, read from the directory. */
    static EncryptionKey dcKey() {
        var server = dc.directory().kerberosServer().get().orElseThrow();
        var acct = dc.directory().users().find(server.displayName()).orElseThrow();
        return dc.directory().keytabs().export(acct.sid()).entries().stream()
                .filter(e -> e.key().type().equals(EncType.AES256_CTS_HMAC_SHA1_96))
                .max(java.util.Comparator.comparingInt(e -> e.kvno())).orElseThrow().key();
    }

    static KerberosDomain cloudDomain() {
        return cloud.kerberosDomains().forRealm(init.tenantId(), "CONTOSO.TEST").orElseThrow();
    }

    @Test
    @Order(1)
    void getBeforeSetSaysNothingIsThereAndHowToFixIt() {
        CliRun r = ks("get");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.out()).contains("Id                 : \n", "CloudKeyVersion    : \n")
                .contains("WARNING: no Kerberos server object in contoso.test on either side; create it with "
                        + "kerbridge kerberos-server set --domain contoso.test");
    }

    @Test
    @Order(2)
    void setCreatesBothSidesWithTheSameKey() throws Exception {
        CliRun r = ks("set");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("Creating the Kerberos server object in contoso.test", "key version 1 to the cloud");
        var server = dc.directory().kerberosServer().get().orElseThrow();
        KerberosDomain d = cloudDomain();
        assertThat(d.rodcNumber()).isEqualTo(server.id());
        assertThat(d.keyVersion()).isEqualTo(1);
        assertThat(d.primary().key()).isEqualTo(dcKey());
        assertThat(r.out() + r.err()).doesNotContain(java.util.Base64.getEncoder().encodeToString(dcKey().bytes()));

        CliRun get = ks("get");
        assertThat(get.exitCode()).as(get.out()).isZero();
        List<String> names = get.out().lines().takeWhile(l -> !l.isBlank()).map(l -> l.substring(0, l.indexOf(':')).strip()).toList();
        assertThat(names).containsExactly("Id", "UserAccount", "ComputerAccount", "DisplayName", "DomainDnsName", "KeyVersion",
                "KeyUpdatedOn", "KeyUpdatedFrom", "CloudDisplayName", "CloudDomainDnsName", "CloudId", "CloudKeyVersion",
                "CloudKeyUpdatedOn", "CloudTrustDisplay");
        assertThat(get.out()).contains("DisplayName        : krbtgt_" + server.id(), "CloudId            : " + server.id(),
                "AD and the cloud agree: krbtgt_" + server.id() + ", key version 1");
        JsonNode j = Json.MAPPER.readTree(ks("get", "--json").out());
        assertThat(j.get("InSync").asBoolean()).isTrue();
        assertThat(j.get("CloudKeyVersion").asLong()).isEqualTo(j.get("KeyVersion").asLong());

        CliRun again = ks("set");
        assertThat(again.out()).contains("Nothing to do: krbtgt_" + server.id() + " key version 1 is on the DC and in the cloud.");
    }

    @Test
    @Order(3)
    void rotationIsOncePerDayUnlessForcedAndKeepsTheOldKeyInTheCloud() {
        EncryptionKey before = dcKey();
        CliRun refused = ks("set", "--rotate-server-key");
        assertThat(refused.exitCode()).isNotZero();
        assertThat(refused.err()).contains("rotate at most once per 24 h").doesNotContain("Exception");
        CliRun forced = ks("set", "--rotate-server-key", "--force");
        assertThat(forced.exitCode()).as(forced.err()).isZero();
        assertThat(forced.out()).contains("key version 2 to the cloud", "previous key version 1 kept as secondary");
        KerberosDomain d = cloudDomain();
        assertThat(d.primary().key()).isEqualTo(dcKey()).isNotEqualTo(before);
        assertThat(d.secondary().orElseThrow().key()).isEqualTo(before);
    }

    @Test
    @Order(4)
    void aRotationThatNeverReachedTheCloudIsReportedAndRepaired() throws Exception {
        // the DC half of a rotation only (a crash before the cloud step)
        dc.directory().kerberosServer().rotate("dc1.contoso.test");
        // meanwhile the cloud still issues partial TGTs under its (now previous) key: the DC still exchanges them
        assertThat(exchangeWithCloudKey().ticket().encPart().kvno()).isPresent();
        CliRun get = ks("get");
        assertThat(get.exitCode()).isEqualTo(1);
        assertThat(get.out()).contains("KeyVersion         : 3", "CloudKeyVersion    : 2",
                "WARNING: KeyVersion 3 on the DC but CloudKeyVersion 2 in the cloud (a rotation that did not reach the cloud)",
                "run kerbridge kerberos-server set --domain contoso.test");
        CliRun fix = ks("set");
        assertThat(fix.exitCode()).as(fix.err()).isZero();
        assertThat(fix.out()).contains("Repairing: the cloud has key version 2, the DC 3", "key version 4 to the cloud");
        assertThat(cloudDomain().primary().key()).isEqualTo(dcKey());
        assertThat(ks("get").exitCode()).isZero();
        exchangeWithCloudKey(); // and the repaired key works too
    }

    /** A partial TGT minted the way the cloud mints it now (its primary key and kvno), exchanged at the DC's KDC. */
    static io.kerbridge.kerberos.client.KdcReply exchangeWithCloudKey() throws Exception {
        KerberosDomain d = cloudDomain();
        var alice = dc.directory().users().find("alice").orElseThrow();
        var minted = io.kerbridge.kdc.testing.PartialTgt.of(dc.directory().domain(), alice, d.primary().key(), d.kvno(),
                Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)).mint();
        var cfg = io.kerbridge.kerberos.client.KrbConfig.load(dcDir.resolve("krb5.conf"));
        var client = new io.kerbridge.kerberos.client.KdcClient(new io.kerbridge.kerberos.client.KdcTransport(cfg),
                Clock.systemUTC(), new SecureRandom());
        var full = client.tgsExchange(io.kerbridge.kdc.testing.PartialTgt.exchange(minted, "CONTOSO.TEST",
                minted.part().cname(), List.of()));
        assertThat(full.ticket().sname().toString()).isEqualTo("krbtgt/CONTOSO.TEST");
        assertThat(full.ticket().encPart().kvno().orElseThrow() >>> 16).as("a full TGT under the DC's own krbtgt").isZero();
        return full;
    }

    @Test
    @Order(5)
    void aPasswordWorksAsTheDomainCredentialAndAWrongDomainIsRefused() throws Exception {
        Path pw = tmp.resolve("admin-pw");
        Files.writeString(pw, PW + "\n");
        CliRun r = CliRun.of("kerberos-server", "get", "--domain", "contoso.test", "--dc", "https://127.0.0.1:" + adminPort,
                "--dc-spn", "HTTP/dc1.contoso.test", "--cacert", dcDir.resolve("tls-cert.pem").toString(), "--config",
                dcDir.resolve("krb5.conf").toString(), "--domain-user", "Administrator", "--domain-password-file", pw.toString(),
                "--cloud-token-file", tokenFile.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("AD and the cloud agree");
        CliRun wrong = CliRun.of("kerberos-server", "get", "--domain", "emea.contoso.test", "--dc", "https://127.0.0.1:" + adminPort,
                "--dc-spn", "HTTP/dc1.contoso.test", "--cacert", dcDir.resolve("tls-cert.pem").toString(), "--config",
                dcDir.resolve("krb5.conf").toString(), "-c", tmp.resolve("cc-admin").toString(), "--cloud-token-file",
                tokenFile.toString());
        assertThat(wrong.exitCode()).isNotZero();
        assertThat(wrong.err()).contains("serves contoso.test, not emea.contoso.test");
    }

    @Test
    @Order(6)
    void removeTakesBothSidesAway() {
        CliRun r = ks("remove");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("Removed the Kerberos domain contoso.test from the cloud.", "and AzureADKerberos from contoso.test");
        assertThat(dc.directory().kerberosServer().get()).isEmpty();
        assertThat(cloud.kerberosDomains().forRealm(init.tenantId(), "CONTOSO.TEST")).isEmpty();
        assertThat(ks("remove").err()).contains("no Kerberos server object in contoso.test on either side");
        CliRun again = ks("set");
        assertThat(again.exitCode()).as(again.err()).isZero();
        assertThat(cloudDomain().primary().key()).isEqualTo(dcKey());
    }
}
