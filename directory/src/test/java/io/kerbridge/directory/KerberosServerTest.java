package io.kerbridge.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kerbridge.directory.DirectoryException.Reason;
import io.kerbridge.directory.RodcPolicyView.RevealPolicy;
import io.kerbridge.directory.testing.MutableClock;
import io.kerbridge.directory.testing.TestDirectories;
import io.kerbridge.directory.testing.TestDirectories.Lab;
import io.kerbridge.kerberos.Bytes;
import io.kerbridge.kerberos.crypto.Enctypes;
import io.kerbridge.kerberos.types.KeyUsage;
import io.kerbridge.kerberos.pac.Sid;
import io.kerbridge.kerberos.types.EncType;
import io.kerbridge.kerberos.types.EncryptionKey;
import io.kerbridge.kerberos.types.PrincipalName;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Kerberos server object (Set/Get/Remove-AzureADKerberosServer, protocol-notes §1.2-§1.6). */
class KerberosServerTest {
    static final String DC1 = "dc1.contoso.test";
    static final String DC2 = "dc2.contoso.test";

    @TempDir
    Path dir;

    @Test
    void createMakesTheThreeObjectsWithTheAdShape() {
        try (Lab lab = TestDirectories.contoso(dir)) {
            Directory d = lab.directory();
            Domain dom = d.domain();
            KerberosServerKey made = d.kerberosServer().create(DC1);
            KerberosServer s = made.server();
            int n = s.id();
            assertThat(n).isBetween(1, 0xFFFF);
            assertThat(s.userAccount()).isEqualTo("CN=krbtgt_AzureAD,CN=Users,DC=contoso,DC=test");
            assertThat(s.computerAccount()).isEqualTo("CN=AzureADKerberos,OU=Domain Controllers,DC=contoso,DC=test");
            assertThat(s.displayName()).isEqualTo("krbtgt_" + n);
            assertThat(s.domainDnsName()).isEqualTo("contoso.test");
            assertThat(s.keyVersion()).isEqualTo(1);
            assertThat(s.keyUpdatedOn()).isEqualTo(TestDirectories.START);
            assertThat(s.keyUpdatedFrom()).isEqualTo(DC1);
            assertThat(s.serviceConnectionPoint()).isEqualTo(
                    "CN=900274c4-b7d2-43c8-90ee-00a9f650e335,CN=AzureAD,CN=System,DC=contoso,DC=test");
            assertThat(s.scpKeywords()).containsExactly("Id=" + s.scpGuid(), "UserAccountSid=" + s.krbtgtSid(),
                    "ComputerAccountSid=" + s.computerSid());
            assertThat(d.kerberosServer().get()).contains(s);

            Account krbtgt = d.users().find("krbtgt_" + n).orElseThrow();
            assertThat(krbtgt.sid()).isEqualTo(s.krbtgtSid());
            assertThat(krbtgt.isDisabled()).isTrue();
            assertThat(krbtgt.type()).isEqualTo(AccountType.RODC_KRBTGT);
            Account computer = d.users().find("AzureADKerberos$").orElseThrow();
            assertThat(computer.sid()).isEqualTo(s.computerSid());
            assertThat(computer.userAccountControl()).isEqualTo(0x05001000);
            assertThat(computer.primaryGroupRid()).isEqualTo(521);
            assertThat(computer.supportedEncryptionTypes()).isEqualTo(24);

            // the key handed out is krbtgt_<n>'s current key, kvno n << 16 | 1
            PrincipalEntry entry = d.principalStore().rodcKrbtgt(n).orElseThrow();
            KeyVersion current = entry.currentKeys().orElseThrow();
            assertThat(current.kvno()).isEqualTo((n << 16) | 1);
            assertThat(made.keys().kvno()).isEqualTo(current.kvno());
            assertThat(made.aes256()).isEqualTo(current.key(EncType.AES256_CTS_HMAC_SHA1_96).orElseThrow());
            assertThat(made.toString()).doesNotContain(made.aes256().toString());
            assertThat(d.principalStore().lookup(PrincipalName.user("krbtgt_" + n), "CONTOSO.TEST",
                    LookupPurpose.SERVER)).map(e -> e.account().sid()).contains(s.krbtgtSid());
        }
    }

    @Test
    void defaultRevealPolicyDeniesPrivilegedGroupsAndAllowsDomainUsers() {
        try (Lab lab = TestDirectories.contoso(dir)) {
            Directory d = lab.directory();
            Domain dom = d.domain();
            KerberosServer s = d.kerberosServer().create(DC1).server();
            List<Sid> never = List.of(dom.sidWithRid(572), Sid.parse("S-1-5-32-544"), Sid.parse("S-1-5-32-549"),
                    Sid.parse("S-1-5-32-551"), Sid.parse("S-1-5-32-548"));
            assertThat(s.neverReveal()).containsExactlyElementsOf(never);
            assertThat(s.revealOnDemand()).containsExactly(dom.sidWithRid(513));
            assertThat(s.partialSecrets()).isTrue();
            RevealPolicy p = d.rodcPolicy().revealPolicy(s.id()).orElseThrow();
            assertThat(p).isEqualTo(new RevealPolicy(s.id(), true, true, never, List.of(dom.sidWithRid(513))));
            // tokenSids is the directory's tokenGroups: bob (Domain Admins) hits 572, alice only Domain Users
            assertThat(d.rodcPolicy().tokenSids(lab.bob().sid())).contains(dom.sidWithRid(572), dom.sidWithRid(512))
                    .isEqualTo(d.memberships().tokenSids(lab.bob().sid()));
            assertThat(d.rodcPolicy().tokenSids(lab.alice().sid())).contains(lab.alice().sid(), dom.sidWithRid(513))
                    .doesNotContainAnyElementsOf(never);
            assertThat(d.rodcPolicy().revealPolicy(s.id() == 1 ? 2 : 1)).isEmpty();
        }
    }

    @Test
    void partialSecretsCanBeClearedAndSetAgain() {
        try (Lab lab = TestDirectories.contoso(dir)) {
            Directory d = lab.directory();
            int n = d.kerberosServer().create(DC1).server().id();
            d.rodcs().setPartialSecrets(n, false);
            assertThat(d.rodcPolicy().revealPolicy(n).orElseThrow().partialSecrets()).isFalse();
            assertThat(d.rodcPolicy().revealPolicy(n).orElseThrow().computerExists()).isTrue();
            assertThat(d.kerberosServer().get().orElseThrow().partialSecrets()).isFalse();
            assertThat(d.users().find("AzureADKerberos$").orElseThrow().userAccountControl()).isEqualTo(0x01001000);
            d.rodcs().setPartialSecrets(n, true);
            assertThat(d.rodcPolicy().revealPolicy(n).orElseThrow().partialSecrets()).isTrue();
            assertThatThrownBy(() -> d.rodcs().setPartialSecrets(n + 1 > 0xFFFF ? 1 : n + 1, false))
                    .hasFieldOrPropertyWithValue("reason", Reason.NO_SUCH_OBJECT);
        }
    }

    @Test
    void computerObjectGoneMeansNoComputerInThePolicy() {
        try (Lab lab = TestDirectories.contoso(dir)) {
            Directory d = lab.directory();
            KerberosServer s = d.kerberosServer().create(DC1).server();
            d.users().delete(s.computerSid());
            RevealPolicy p = d.rodcPolicy().revealPolicy(s.id()).orElseThrow();
            assertThat(p.computerExists()).isFalse();
            assertThat(p.partialSecrets()).isFalse();
        }
    }

    @Test
    void rotationBumpsTheVersionAndKeepsTwoPreviousKeys() throws Exception {
        try (Lab lab = TestDirectories.contoso(dir)) {
            Directory d = lab.directory();
            int n = 40000;  // >= 32768: the kvno is negative as a signed int
            KerberosServerKey k1 = d.kerberosServer().create(DC1, Optional.of(n));
            assertThat(k1.server().kvno()).isEqualTo(2621440001L).isEqualTo(((long) n << 16 | 1));
            assertThat(k1.keys().kvno()).isEqualTo((int) 2621440001L).isNegative();
            byte[] plain = "a partial TGT".getBytes();
            Bytes sealed = Enctypes.get(EncType.AES256_CTS_HMAC_SHA1_96).encrypt(k1.aes256(),
                    KeyUsage.KDC_REP_TICKET, Bytes.of(plain), new SecureRandom());

            lab.clock().advance(Duration.ofDays(1));
            KerberosServerKey k2 = d.kerberosServer().rotate(DC2);
            assertThat(k2.server().keyVersion()).isEqualTo(2);
            assertThat(k2.server().kvno()).isEqualTo(((long) n << 16) | 2);
            assertThat(k2.server().keyUpdatedOn()).isEqualTo(TestDirectories.START.plus(Duration.ofDays(1)));
            assertThat(k2.server().keyUpdatedFrom()).isEqualTo(DC2);
            assertThat(k2.aes256()).isNotEqualTo(k1.aes256());
            lab.clock().advance(Duration.ofDays(1));
            KerberosServerKey k3 = d.kerberosServer().rotate(DC1);
            assertThat(d.kerberosServer().get().orElseThrow().keyVersion()).isEqualTo(3);

            PrincipalEntry e = d.principalStore().rodcKrbtgt(n).orElseThrow();
            assertThat(e.keyVersions()).extracting(KeyVersion::kvno).containsExactly(k3.keys().kvno(),
                    k2.keys().kvno(), k1.keys().kvno());
            // a ticket sealed under the first key still opens with what the directory keeps for its kvno
            EncryptionKey old = e.keys((int) k1.server().kvno()).orElseThrow()
                    .key(EncType.AES256_CTS_HMAC_SHA1_96).orElseThrow();
            assertThat(Enctypes.get(EncType.AES256_CTS_HMAC_SHA1_96).decrypt(old, KeyUsage.KDC_REP_TICKET, sealed)
                    .toByteArray()).isEqualTo(plain);

            d.kerberosServer().rotate(DC1);
            assertThat(d.principalStore().rodcKrbtgt(n).orElseThrow().keyVersions()).extracting(KeyVersion::kvno)
                    .hasSize(3).doesNotContain(k1.keys().kvno());
        }
    }

    @Test
    void atMostOnePerDomain() {
        try (Lab lab = TestDirectories.contoso(dir)) {
            KerberosServerAdmin ks = lab.directory().kerberosServer();
            int first = ks.create(DC1).server().id();
            assertThatThrownBy(() -> ks.create(DC2)).isInstanceOf(DirectoryException.class)
                    .hasFieldOrPropertyWithValue("reason", Reason.NAME_IN_USE).hasMessageContaining("Id " + first);
            assertThat(ks.get().orElseThrow().id()).isEqualTo(first);
            assertThat(lab.directory().rodcs().list()).hasSize(1);
            ks.remove();
            assertThat(ks.create(DC2).server().keyUpdatedFrom()).isEqualTo(DC2);
        }
    }

    @Test
    void removeDeletesTheThreeObjectsAndTheKeys() {
        try (Lab lab = TestDirectories.contoso(dir)) {
            Directory d = lab.directory();
            KerberosServer s = d.kerberosServer().create(DC1).server();
            d.kerberosServer().remove();
            assertThat(d.kerberosServer().get()).isEmpty();
            assertThat(d.principalStore().rodcKrbtgt(s.id())).isEmpty();
            assertThat(d.rodcPolicy().revealPolicy(s.id())).isEmpty();
            assertThat(d.rodcs().get(s.id())).isEmpty();
            assertThat(d.users().get(s.krbtgtSid())).isEmpty();
            assertThat(d.users().get(s.computerSid())).isEmpty();
            assertThat(d.users().find("AzureADKerberos$")).isEmpty();
            assertThatThrownBy(() -> d.kerberosServer().remove()).hasFieldOrPropertyWithValue("reason",
                    Reason.NO_SUCH_OBJECT);
            assertThatThrownBy(() -> d.kerberosServer().rotate(DC1)).hasFieldOrPropertyWithValue("reason",
                    Reason.NO_SUCH_OBJECT);
            assertThatThrownBy(() -> d.kerberosServer().setRevealPolicy(List.of(), List.of()))
                    .hasFieldOrPropertyWithValue("reason", Reason.NO_SUCH_OBJECT);
        }
    }

    @Test
    void revealPolicyEditKeepsTheObject() {
        try (Lab lab = TestDirectories.contoso(dir)) {
            Directory d = lab.directory();
            Domain dom = d.domain();
            KerberosServer s = d.kerberosServer().create(DC1).server();
            KerberosServer changed = d.kerberosServer().setRevealPolicy(List.of(dom.sidWithRid(572)),
                    List.of(dom.sidWithRid(513), lab.engineering().sid()));
            assertThat(changed.neverReveal()).containsExactly(dom.sidWithRid(572));
            assertThat(changed.revealOnDemand()).containsExactly(dom.sidWithRid(513), lab.engineering().sid());
            assertThat(changed.keyVersion()).isEqualTo(s.keyVersion());
            assertThat(d.kerberosServer().get()).contains(changed);
            assertThat(d.rodcPolicy().revealPolicy(s.id()).orElseThrow().neverReveal())
                    .containsExactly(dom.sidWithRid(572));
            // editing through the RODC interface must not drop the Kerberos server row either
            d.rodcs().setRevealPolicy(s.id(), s.neverReveal(), s.revealOnDemand());
            assertThat(d.kerberosServer().get().orElseThrow().neverReveal()).isEqualTo(s.neverReveal());
        }
    }

    @Test
    void aRestartKeepsEverything() {
        Lab lab = TestDirectories.contoso(dir);
        Directory d = lab.directory();
        Domain dom = d.domain();
        d.kerberosServer().create(DC1, Optional.of(54321));
        lab.clock().advance(Duration.ofHours(30));
        d.kerberosServer().rotate(DC2);
        d.kerberosServer().setRevealPolicy(List.of(Sid.parse("S-1-5-32-544")), List.of(dom.sidWithRid(513)));
        d.rodcs().setPartialSecrets(54321, false);
        KerberosServer before = d.kerberosServer().get().orElseThrow();
        PrincipalEntry keysBefore = d.principalStore().rodcKrbtgt(54321).orElseThrow();
        RevealPolicy policyBefore = d.rodcPolicy().revealPolicy(54321).orElseThrow();
        lab.close();
        try (Directory r = lab.reopen()) {
            assertThat(r.kerberosServer().get()).contains(before);
            assertThat(before.keyVersion()).isEqualTo(2);
            assertThat(before.keyUpdatedFrom()).isEqualTo(DC2);
            assertThat(before.partialSecrets()).isFalse();
            PrincipalEntry keysAfter = r.principalStore().rodcKrbtgt(54321).orElseThrow();
            assertThat(keysAfter.keyVersions()).isEqualTo(keysBefore.keyVersions());
            assertThat(keysAfter.keyVersions()).hasSize(2);
            assertThat(r.rodcPolicy().revealPolicy(54321)).contains(policyBefore);
            assertThatThrownBy(() -> r.kerberosServer().create(DC1)).hasFieldOrPropertyWithValue("reason",
                    Reason.NAME_IN_USE);
        }
    }

    @Test
    void eachDomainOfAForestHasItsOwnObject() {
        try (Lab root = TestDirectories.contoso(dir.resolve("root"));
                Directory child = Directory.create(dir.resolve("child"), DomainSpec.child("emea.contoso.test", "EMEA",
                        "CONTOSO.TEST", TestDirectories.CONTOSO_SID), "Adm1n!Passw0rd".toCharArray(),
                        TestDirectories.options(new MutableClock(TestDirectories.START)))) {
            KerberosServerKey r = root.directory().kerberosServer().create(DC1, Optional.of(30775));
            KerberosServerKey c = child.kerberosServer().create("dc1.emea.contoso.test", Optional.of(30775));
            assertThat(c.server().domainDnsName()).isEqualTo("emea.contoso.test");
            assertThat(c.server().computerAccount())
                    .isEqualTo("CN=AzureADKerberos,OU=Domain Controllers,DC=emea,DC=contoso,DC=test");
            assertThat(c.server().revealOnDemand()).containsExactly(child.domain().sidWithRid(513));
            assertThat(c.aes256()).isNotEqualTo(r.aes256());
            child.kerberosServer().remove();
            assertThat(child.kerberosServer().get()).isEmpty();
            assertThat(root.directory().kerberosServer().get()).isPresent();
            assertThat(root.directory().principalStore().rodcKrbtgt(30775)).isPresent();
        }
    }
}
