package io.kerbridge.directory;

import static org.assertj.core.api.Assertions.assertThat;

import io.kerbridge.directory.testing.TestDirectories;
import io.kerbridge.directory.testing.TestDirectories.Lab;
import io.kerbridge.kerberos.types.PrincipalName;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyVersionTest {
    @TempDir
    Path dir;

    private static PrincipalEntry entry(Lab lab, String sam) {
        return lab.directory().principalStore().lookup(PrincipalName.user(sam), "CONTOSO.TEST", LookupPurpose.CLIENT)
                .orElseThrow();
    }

    @Test
    void userKeepsCurrentAndPrevious() {
        try (Lab lab = TestDirectories.contoso(dir)) {
            assertThat(entry(lab, "alice").keyVersions()).extracting(KeyVersion::kvno).containsExactly(1);
            lab.directory().passwordChange().change(lab.alice().sid(), "First-Pass1".toCharArray());
            KeyVersion v2 = entry(lab, "alice").currentKeys().orElseThrow();
            lab.directory().passwordChange().change(lab.alice().sid(), "Second-Pass2".toCharArray());
            PrincipalEntry e = entry(lab, "alice");
            assertThat(e.keyVersions()).extracting(KeyVersion::kvno).containsExactly(3, 2);
            assertThat(e.keys(2).orElseThrow().keys()).isEqualTo(v2.keys());
            assertThat(e.keys(1)).isEmpty();
        }
    }

    @Test
    void krbtgtKeepsCurrentAndTwoPrevious() {
        try (Lab lab = TestDirectories.contoso(dir)) {
            DomainAdmin d = lab.directory().domainAdmin();
            assertThat(d.rotateKrbtgt().kvno()).isEqualTo(2);
            assertThat(d.rotateKrbtgt().kvno()).isEqualTo(3);
            assertThat(d.rotateKrbtgt().kvno()).isEqualTo(4);
            PrincipalEntry e = lab.directory().principalStore().lookup(PrincipalName.krbtgt("CONTOSO.TEST"),
                    "CONTOSO.TEST", LookupPurpose.KRBTGT).orElseThrow();
            assertThat(e.keyVersions()).extracting(KeyVersion::kvno).containsExactly(4, 3, 2);
        }
    }

    @Test
    void rodcKrbtgtKvnoCarriesTheNumberInTheHighHalf() {
        try (Lab lab = TestDirectories.contoso(dir)) {
            RodcAdmin r = lab.directory().rodcs();
            RodcInfo info = r.create("AzureADKerberos", Optional.empty());
            int n = info.rodcNumber();
            assertThat(n).isBetween(1, 65535);
            assertThat(r.rotate(n).kvno()).isEqualTo(n << 16 | 2);
            r.rotate(n);
            r.rotate(n);
            PrincipalEntry e = lab.directory().principalStore().rodcKrbtgt(n).orElseThrow();
            assertThat(e.keyVersions()).extracting(KeyVersion::kvno).containsExactly(n << 16 | 4, n << 16 | 3,
                    n << 16 | 2);
            assertThat(e.keyVersions().get(0).kvno() >>> 16).isEqualTo(n);
        }
    }
}
