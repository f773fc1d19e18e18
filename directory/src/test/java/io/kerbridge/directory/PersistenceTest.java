package io.kerbridge.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kerbridge.directory.DirectoryException.Reason;
import io.kerbridge.directory.testing.TestDirectories;
import io.kerbridge.directory.testing.TestDirectories.Lab;
import io.kerbridge.kerberos.crypto.Enctypes;
import io.kerbridge.kerberos.types.EncType;
import io.kerbridge.kerberos.types.EncryptionKey;
import io.kerbridge.kerberos.types.PrincipalName;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PersistenceTest {
    @TempDir
    Path dir;

    @Test
    void everythingSurvivesARestartAndKeysDecrypt() throws Exception {
        Lab lab = TestDirectories.contoso(dir);
        Directory d = lab.directory();
        DomainPolicy policy = new DomainPolicy(Duration.ofDays(90), Duration.ZERO, 12, true, 5, 3,
                Duration.ofMinutes(10), Duration.ofMinutes(15), Duration.ofHours(8), Duration.ofHours(9),
                Duration.ofDays(5), Duration.ofMinutes(4));
        d.domainAdmin().setPolicy(policy);
        d.domainAdmin().rotateKrbtgt();
        d.passwordChange().change(lab.alice().sid(), "Restart-Pass-1".toCharArray());
        d.trusts().set("EMEA.CONTOSO.TEST", "EMEA", "Trust-Pa55word-long".toCharArray());
        RodcInfo rodc = d.rodcs().create("AzureADKerberos", Optional.of(4242));
        List<KeyVersion> krbtgtBefore = krbtgt(d).keyVersions();
        GroupSids aliceGroups = d.principalStore().groupSids(lab.alice());
        d.close();

        try (Directory r = lab.reopen()) {
            assertThat(r.domain()).isEqualTo(d.domain());
            assertThat(r.domainAdmin().policy()).isEqualTo(policy);
            assertThat(r.users().list()).extracting(Account::samAccountName)
                    .containsExactly("Administrator", "Guest", "alice", "bob", "FILES$", "AzureADKerberos$");
            Account alice = r.users().find("alice").orElseThrow();
            assertThat(alice.userPrincipalName()).contains("alice@contoso.test");
            assertThat(alice.displayName()).isEqualTo("Alice Example");
            assertThat(r.principalStore().groupSids(alice)).isEqualTo(aliceGroups);
            assertThat(r.spns().owner(TestDirectories.FILES_SPN)).contains(lab.files().sid());
            PrincipalEntry e = r.principalStore().lookup(PrincipalName.user("alice"), "CONTOSO.TEST",
                    LookupPurpose.CLIENT).orElseThrow();
            assertThat(e.keyVersions()).extracting(KeyVersion::kvno).containsExactly(2, 1);
            assertThat(e.currentKeys().orElseThrow().key(EncType.AES256_CTS_HMAC_SHA1_96)).contains(
                    Enctypes.get(EncType.AES256_CTS_HMAC_SHA1_96).stringToKey("Restart-Pass-1".toCharArray(),
                            KeySalts.bytes("CONTOSO.TESTalice"), null));
            assertThat(krbtgt(r).keyVersions()).isEqualTo(krbtgtBefore);
            assertThat(r.trusts().get("emea.contoso.test")).isPresent();
            assertThat(r.rodcs().get(4242)).contains(rodc);
            assertThat(r.principalStore().rodcKrbtgt(4242)).isPresent();
            // history survives too
            assertThat(r.passwordChange().change(alice.sid(), "Restart-Pass-1".toCharArray()))
                    .isEqualTo(PasswordChange.Result.IN_HISTORY);
            // RIDs continue where they stopped
            Account carol = r.users().create(NewAccount.user("carol", "Kite-Pass-123".toCharArray()));
            assertThat(carol.rid()).isGreaterThan(r.users().find("AzureADKerberos$").orElseThrow().rid());
        }
    }

    private static PrincipalEntry krbtgt(Directory d) {
        return d.principalStore().lookup(PrincipalName.krbtgt("CONTOSO.TEST"), "CONTOSO.TEST", LookupPurpose.KRBTGT)
                .orElseThrow();
    }

    @Test
    void masterKeyFileIsOwnerOnly() throws Exception {
        try (Lab lab = TestDirectories.contoso(dir)) {
            Path mk = dir.resolve("master.key");
            assertThat(Files.size(mk)).isEqualTo(32);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(mk))).isEqualTo("rw-------");
        }
    }

    @Test
    void wrongMasterKeyIsAClearError() throws Exception {
        Lab lab = TestDirectories.contoso(dir);
        lab.close();
        Path mk = dir.resolve("master.key");
        byte[] other = new byte[32];
        new java.security.SecureRandom().nextBytes(other);
        Files.write(mk, other);
        assertThatThrownBy(lab::reopen).isInstanceOf(DirectoryException.class)
                .hasFieldOrPropertyWithValue("reason", Reason.MASTER_KEY_MISMATCH)
                .hasMessageContaining("master key");
        // and the database is closed again: a second attempt is not blocked by a file lock
        assertThatThrownBy(lab::reopen).hasFieldOrPropertyWithValue("reason", Reason.MASTER_KEY_MISMATCH);
    }

    @Test
    void missingOrWorldReadableMasterKeyIsRefused() throws Exception {
        Lab lab = TestDirectories.contoso(dir);
        lab.close();
        Path mk = dir.resolve("master.key");
        Files.setPosixFilePermissions(mk, PosixFilePermissions.fromString("rw-r--r--"));
        assertThatThrownBy(lab::reopen).hasFieldOrPropertyWithValue("reason", Reason.MASTER_KEY_MISMATCH)
                .hasMessageContaining("chmod 600");
        Files.delete(mk);
        assertThatThrownBy(lab::reopen).hasFieldOrPropertyWithValue("reason", Reason.MASTER_KEY_MISMATCH)
                .hasMessageContaining("missing");
    }

    @Test
    void createRefusesAnExistingDirectoryAndOpenAMissingOne() {
        TestDirectories.contoso(dir).close();
        assertThatThrownBy(() -> TestDirectories.contoso(dir)).hasFieldOrPropertyWithValue("reason",
                Reason.WRONG_STATE);
        assertThatThrownBy(() -> Directory.open(dir.resolve("nothing"))).hasFieldOrPropertyWithValue("reason",
                Reason.WRONG_STATE);
    }

    @Test
    void databaseFileNeverHoldsKeysInTheClear() throws Exception {
        Lab lab = TestDirectories.contoso(dir);
        PrincipalEntry alice = lab.directory().principalStore().lookup(PrincipalName.user("alice"), "CONTOSO.TEST",
                LookupPurpose.CLIENT).orElseThrow();
        PrincipalEntry krbtgt = krbtgt(lab.directory());
        lab.close();
        byte[] db = Files.readAllBytes(dir.resolve("directory.mv.db"));
        assertThat(db.length).isGreaterThan(1000);
        assertThat(new String(db, java.nio.charset.StandardCharsets.ISO_8859_1)).contains("alice"); // sanity: readable
        for (PrincipalEntry e : List.of(alice, krbtgt)) {
            for (EncryptionKey k : e.currentKeys().orElseThrow().keys()) {
                assertThat(indexOf(db, k.bytes())).as("%s %s in the clear", e.account().samAccountName(), k)
                        .isEqualTo(-1);
            }
        }
    }

    static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
