package io.kerbridge.directory;

import static org.assertj.core.api.Assertions.assertThat;

import io.kerbridge.directory.testing.TestDirectories;
import io.kerbridge.directory.testing.TestDirectories.Lab;
import io.kerbridge.kerberos.file.Keytab;
import io.kerbridge.kerberos.types.EncType;
import io.kerbridge.kerberos.types.PrincipalName;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeytabExportTest {
    @TempDir
    Path dir;

    @Test
    void exportsEveryKeptVersionForTheAccountAndItsSpns() throws Exception {
        try (Lab lab = TestDirectories.contoso(dir)) {
            lab.directory().passwordChange().set(lab.files().sid(), "Machine-Pa55word".toCharArray(), false);
            Keytab kt = Keytab.decode(lab.directory().keytabs().export(lab.files().sid()).encode());
            PrincipalName http = PrincipalName.parse(TestDirectories.FILES_SPN);
            PrincipalEntry e = lab.directory().principalStore().lookup(http, "CONTOSO.TEST", LookupPurpose.SERVER)
                    .orElseThrow();
            for (KeyVersion kv : e.keyVersions()) {
                assertThat(kt.key(http, "CONTOSO.TEST", kv.kvno(), EncType.AES256_CTS_HMAC_SHA1_96))
                        .isEqualTo(kv.key(EncType.AES256_CTS_HMAC_SHA1_96));
            }
            assertThat(kt.keysFor(PrincipalName.user("FILES$"), "CONTOSO.TEST")).hasSize(8);
            assertThat(kt.keysFor(PrincipalName.parse("host/files.contoso.test"), "CONTOSO.TEST")).hasSize(8);
            assertThat(kt.entries()).noneMatch(x -> x.key().type().equals(EncType.RC4_HMAC));
            lab.directory().users().update(lab.files().sid(), AccountUpdate.none().supportedEncryptionTypes(0x1c));
            assertThat(lab.directory().keytabs().export(lab.files().sid()).entries())
                    .anyMatch(x -> x.key().type().equals(EncType.RC4_HMAC));
        }
    }
}
