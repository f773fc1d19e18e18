package io.kerbridge.directory;

import static org.assertj.core.api.Assertions.assertThat;

import io.kerbridge.directory.testing.TestDirectories;
import io.kerbridge.directory.testing.TestDirectories.Lab;
import io.kerbridge.kerberos.types.NameType;
import io.kerbridge.kerberos.types.PrincipalName;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LookupTest {
    @TempDir
    Path dir;

    private static Optional<String> sam(Lab lab, PrincipalName n, String realm, LookupPurpose p) {
        return lab.directory().principalStore().lookup(n, realm, p).map(e -> e.account().samAccountName());
    }

    @Test
    void clientsBySamAccountNameCaseInsensitive() {
        try (Lab lab = TestDirectories.contoso(dir)) {
            assertThat(sam(lab, PrincipalName.user("alice"), "CONTOSO.TEST", LookupPurpose.CLIENT)).contains("alice");
            assertThat(sam(lab, PrincipalName.user("ALICE"), "contoso.test", LookupPurpose.CLIENT)).contains("alice");
            assertThat(sam(lab, PrincipalName.user("files$"), "CONTOSO.TEST", LookupPurpose.CLIENT)).contains("FILES$");
            assertThat(sam(lab, PrincipalName.user("nobody"), "CONTOSO.TEST", LookupPurpose.CLIENT)).isEmpty();
            assertThat(sam(lab, PrincipalName.user("alice"), "OTHER.TEST", LookupPurpose.CLIENT)).isEmpty();
        }
    }

    @Test
    void enterpriseNamesByUpnAndSamAtDomain() {
        try (Lab lab = TestDirectories.contoso(dir)) {
            PrincipalName upn = PrincipalName.of(NameType.NT_ENTERPRISE, "Alice@Contoso.Test");
            assertThat(sam(lab, upn, "CONTOSO.TEST", LookupPurpose.CLIENT)).contains("alice");
            // bob has no UPN: the implicit sam@dnsname and sam@REALM forms
            assertThat(sam(lab, PrincipalName.of(NameType.NT_ENTERPRISE, "bob@contoso.test"), "CONTOSO.TEST",
                    LookupPurpose.CLIENT)).contains("bob");
            assertThat(sam(lab, PrincipalName.of(NameType.NT_ENTERPRISE, "bob@CONTOSO.TEST"), "CONTOSO.TEST",
                    LookupPurpose.CLIENT)).contains("bob");
            assertThat(sam(lab, PrincipalName.of(NameType.NT_ENTERPRISE, "bob@fabrikam.test"), "CONTOSO.TEST",
                    LookupPurpose.CLIENT)).isEmpty();
        }
    }

    @Test
    void customUpnSuffixResolves() {
        try (Lab lab = TestDirectories.contoso(dir)) {
            lab.directory().users().update(lab.bob().sid(), AccountUpdate.none().upn("robert@contoso.com"));
            assertThat(sam(lab, PrincipalName.of(NameType.NT_ENTERPRISE, "robert@contoso.com"), "CONTOSO.TEST",
                    LookupPurpose.CLIENT)).contains("bob");
            lab.directory().users().update(lab.bob().sid(), AccountUpdate.none().upn(""));
            assertThat(sam(lab, PrincipalName.of(NameType.NT_ENTERPRISE, "robert@contoso.com"), "CONTOSO.TEST",
                    LookupPurpose.CLIENT)).isEmpty();
        }
    }

    @Test
    void servicesBySpnCaseInsensitiveAndHostAliases() {
        try (Lab lab = TestDirectories.contoso(dir)) {
            assertThat(sam(lab, PrincipalName.parse("HTTP/files.contoso.test"), "CONTOSO.TEST", LookupPurpose.SERVER))
                    .contains("FILES$");
            assertThat(sam(lab, PrincipalName.parse("http/FILES.contoso.test"), "CONTOSO.TEST", LookupPurpose.SERVER))
                    .contains("FILES$");
            assertThat(sam(lab, PrincipalName.parse("cifs/files.contoso.test"), "CONTOSO.TEST", LookupPurpose.SERVER))
                    .contains("FILES$");
            assertThat(sam(lab, PrincipalName.parse("ldap/files.contoso.test"), "CONTOSO.TEST", LookupPurpose.SERVER))
                    .isEmpty();
            assertThat(sam(lab, PrincipalName.user("FILES$"), "CONTOSO.TEST", LookupPurpose.SERVER))
                    .contains("FILES$");
            // a service asking for a TGT with its keytab: client by SPN
            assertThat(sam(lab, PrincipalName.parse("host/files.contoso.test"), "CONTOSO.TEST", LookupPurpose.CLIENT))
                    .contains("FILES$");
        }
    }

    @Test
    void krbtgtForThisRealm() {
        try (Lab lab = TestDirectories.contoso(dir)) {
            PrincipalStore s = lab.directory().principalStore();
            PrincipalEntry e = s.lookup(PrincipalName.krbtgt("CONTOSO.TEST"), "CONTOSO.TEST", LookupPurpose.KRBTGT)
                    .orElseThrow();
            assertThat(e.account().type()).isEqualTo(AccountType.KRBTGT);
            assertThat(e.account().rid()).isEqualTo(502);
            assertThat(s.lookup(PrincipalName.krbtgt("contoso.test"), "CONTOSO.TEST", LookupPurpose.SERVER))
                    .isPresent();
            assertThat(s.lookup(PrincipalName.krbtgt("CONTOSO.TEST"), "CONTOSO.TEST", LookupPurpose.CLIENT))
                    .isEmpty();
            assertThat(s.lookup(PrincipalName.krbtgt("UNKNOWN.TEST"), "CONTOSO.TEST", LookupPurpose.KRBTGT))
                    .isEmpty();
            assertThat(s.lookup(PrincipalName.user("alice"), "CONTOSO.TEST", LookupPurpose.KRBTGT)).isEmpty();
        }
    }

    @Test
    void krbtgtOfAnotherRealmIsTheTrustKey() {
        try (Lab lab = TestDirectories.contoso(dir)) {
            lab.directory().trusts().set("EMEA.CONTOSO.TEST", "EMEA", "Trust-Pa55word-long".toCharArray());
            PrincipalStore s = lab.directory().principalStore();
            PrincipalEntry out = s.lookup(PrincipalName.krbtgt("EMEA.CONTOSO.TEST"), "CONTOSO.TEST",
                    LookupPurpose.KRBTGT).orElseThrow();
            PrincipalEntry in = s.lookup(PrincipalName.krbtgt("CONTOSO.TEST"), "EMEA.CONTOSO.TEST",
                    LookupPurpose.KRBTGT).orElseThrow();
            assertThat(out.account().type()).isEqualTo(AccountType.TRUST);
            assertThat(out.account().samAccountName()).isEqualTo("EMEA$");
            assertThat(in.account()).isEqualTo(out.account());
            assertThat(in.currentKeys().orElseThrow().keys()).isNotEqualTo(out.currentKeys().orElseThrow().keys());
            // trust accounts are not clients by sAMAccountName
            assertThat(s.lookup(PrincipalName.user("EMEA$"), "CONTOSO.TEST", LookupPurpose.CLIENT)).isEmpty();
        }
    }

    @Test
    void rodcKrbtgtByNumberAndName() {
        try (Lab lab = TestDirectories.contoso(dir)) {
            RodcInfo r = lab.directory().rodcs().create("AzureADKerberos", Optional.of(30775));
            PrincipalStore s = lab.directory().principalStore();
            PrincipalEntry e = s.rodcKrbtgt(30775).orElseThrow();
            assertThat(e.account().type()).isEqualTo(AccountType.RODC_KRBTGT);
            assertThat(e.account().samAccountName()).isEqualTo("krbtgt_30775");
            assertThat(e.account().sid()).isEqualTo(r.krbtgtSid());
            assertThat(e.currentKeys().orElseThrow().kvno()).isEqualTo(30775 << 16 | 1);
            assertThat(s.lookup(PrincipalName.user("krbtgt_30775"), "CONTOSO.TEST", LookupPurpose.SERVER))
                    .contains(e);
            assertThat(s.rodcKrbtgt(1)).isEmpty();
        }
    }

    @Test
    void lookupsSeeAdminWritesAtOnce() {
        try (Lab lab = TestDirectories.contoso(dir)) {
            lab.directory().users().delete(lab.alice().sid());
            assertThat(sam(lab, PrincipalName.user("alice"), "CONTOSO.TEST", LookupPurpose.CLIENT)).isEmpty();
            assertThat(sam(lab, PrincipalName.of(NameType.NT_ENTERPRISE, "alice@contoso.test"), "CONTOSO.TEST",
                    LookupPurpose.CLIENT)).isEmpty();
        }
    }
}
