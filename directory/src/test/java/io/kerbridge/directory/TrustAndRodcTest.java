package io.kerbridge.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kerbridge.directory.testing.MutableClock;
import io.kerbridge.directory.testing.TestDirectories;
import io.kerbridge.directory.testing.TestDirectories.Lab;
import io.kerbridge.kerberos.Bytes;
import io.kerbridge.kerberos.crypto.Enctypes;
import io.kerbridge.kerberos.pac.Sid;
import io.kerbridge.kerberos.types.EncType;
import io.kerbridge.kerberos.types.PrincipalName;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrustAndRodcTest {
    @TempDir
    Path dir;

    @Test
    void bothSidesOfATrustDeriveTheSameKeys() throws Exception {
        char[] pw = "Shared-Trust-Secret-1".toCharArray();
        try (Lab root = TestDirectories.contoso(dir.resolve("root"));
                Directory child = Directory.create(dir.resolve("child"), DomainSpec.child("emea.contoso.test", "EMEA",
                        "CONTOSO.TEST", TestDirectories.CONTOSO_SID), "Adm1n!Passw0rd".toCharArray(),
                        TestDirectories.options(new MutableClock(TestDirectories.START)))) {
            root.directory().trusts().set("EMEA.CONTOSO.TEST", "EMEA", pw);
            child.trusts().set("CONTOSO.TEST", "CONTOSO", pw);
            PrincipalStore r = root.directory().principalStore();
            PrincipalStore c = child.principalStore();
            // krbtgt/EMEA.CONTOSO.TEST@CONTOSO.TEST: the root's outgoing key is the child's incoming key
            KeyVersion rootOut = r.lookup(PrincipalName.krbtgt("EMEA.CONTOSO.TEST"), "CONTOSO.TEST",
                    LookupPurpose.KRBTGT).orElseThrow().currentKeys().orElseThrow();
            KeyVersion childIn = c.lookup(PrincipalName.krbtgt("EMEA.CONTOSO.TEST"), "CONTOSO.TEST",
                    LookupPurpose.KRBTGT).orElseThrow().currentKeys().orElseThrow();
            assertThat(rootOut.keys()).isEqualTo(childIn.keys());
            assertThat(rootOut.kvno()).isEqualTo(childIn.kvno()).isEqualTo(1);
            assertThat(rootOut.key(EncType.AES256_CTS_HMAC_SHA1_96)).contains(Enctypes.get(
                    EncType.AES256_CTS_HMAC_SHA1_96).stringToKey(pw, Bytes.utf8("CONTOSO.TESTkrbtgtEMEA.CONTOSO.TEST"),
                    null));
            // and the other direction
            KeyVersion rootIn = r.lookup(PrincipalName.krbtgt("CONTOSO.TEST"), "EMEA.CONTOSO.TEST",
                    LookupPurpose.KRBTGT).orElseThrow().currentKeys().orElseThrow();
            KeyVersion childOut = c.lookup(PrincipalName.krbtgt("CONTOSO.TEST"), "EMEA.CONTOSO.TEST",
                    LookupPurpose.KRBTGT).orElseThrow().currentKeys().orElseThrow();
            assertThat(rootIn.keys()).isEqualTo(childOut.keys());
        }
    }

    @Test
    void newTrustPasswordBumpsKvnoAndKeepsThePrevious() {
        try (Lab lab = TestDirectories.contoso(dir)) {
            TrustAdmin t = lab.directory().trusts();
            t.set("EMEA.CONTOSO.TEST", "EMEA", "Trust-One-Secret".toCharArray());
            t.set("EMEA.CONTOSO.TEST", "EMEA", "Trust-Two-Secret".toCharArray());
            PrincipalEntry e = lab.directory().principalStore().lookup(PrincipalName.krbtgt("EMEA.CONTOSO.TEST"),
                    "CONTOSO.TEST", LookupPurpose.KRBTGT).orElseThrow();
            assertThat(e.keyVersions()).extracting(KeyVersion::kvno).containsExactly(2, 1);
            t.set("EMEA.CONTOSO.TEST", "EMEA", "Trust-Three-Secret".toCharArray(), 7);
            assertThat(t.list()).extracting(Trust::realm).containsExactly("EMEA.CONTOSO.TEST");
            t.remove("EMEA.CONTOSO.TEST");
            assertThat(lab.directory().principalStore().lookup(PrincipalName.krbtgt("EMEA.CONTOSO.TEST"),
                    "CONTOSO.TEST", LookupPurpose.KRBTGT)).isEmpty();
            assertThatThrownBy(() -> t.set("contoso.test", "X", "Trust-Pass-1".toCharArray()))
                    .isInstanceOf(DirectoryException.class);
        }
    }

    @Test
    void rodcObjectsHaveTheAdDefaults() {
        try (Lab lab = TestDirectories.contoso(dir)) {
            Domain d = lab.directory().domain();
            RodcInfo r = lab.directory().rodcs().create("AzureADKerberos", Optional.of(30775));
            Account computer = lab.directory().users().get(r.computerSid()).orElseThrow();
            assertThat(computer.userAccountControl()).isEqualTo(0x05001000);
            assertThat(computer.primaryGroupRid()).isEqualTo(521);
            assertThat(computer.supportedEncryptionTypes()).isEqualTo(24);
            Account krbtgt = lab.directory().users().get(r.krbtgtSid()).orElseThrow();
            assertThat(krbtgt.isDisabled()).isTrue();
            assertThat(r.neverReveal()).containsExactly(d.sidWithRid(572), Sid.parse("S-1-5-32-544"),
                    Sid.parse("S-1-5-32-549"), Sid.parse("S-1-5-32-551"), Sid.parse("S-1-5-32-548"));
            assertThat(r.revealOnDemand()).containsExactly(d.sidWithRid(571), d.sidWithRid(513));
            // Domain Admins are (transitively) never revealed; alice is allowed through Domain Users
            assertThat(lab.directory().memberships().tokenSids(lab.bob().sid())).contains(d.sidWithRid(572));
            assertThat(lab.directory().memberships().tokenSids(lab.alice().sid())).doesNotContain(d.sidWithRid(572))
                    .contains(d.sidWithRid(513));
            assertThatThrownBy(() -> lab.directory().rodcs().create("Other", Optional.of(30775)))
                    .hasFieldOrPropertyWithValue("reason", DirectoryException.Reason.NAME_IN_USE);
            RodcInfo changed = lab.directory().rodcs().setRevealPolicy(30775, List.of(), List.of(d.sidWithRid(513)));
            assertThat(lab.directory().rodcs().get(30775)).contains(changed);
            lab.directory().rodcs().remove(30775);
            assertThat(lab.directory().principalStore().rodcKrbtgt(30775)).isEmpty();
            assertThat(lab.directory().users().get(r.computerSid())).isEmpty();
        }
    }
}
