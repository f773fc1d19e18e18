package io.kerbridge.directory;

import static org.assertj.core.api.Assertions.assertThat;

import io.kerbridge.directory.testing.TestDirectories;
import io.kerbridge.directory.testing.TestDirectories.Lab;
import io.kerbridge.kerberos.Bytes;
import io.kerbridge.kerberos.crypto.Enctypes;
import io.kerbridge.kerberos.crypto.NtHash;
import io.kerbridge.kerberos.types.EncType;
import io.kerbridge.kerberos.types.EncryptionKey;
import io.kerbridge.kerberos.types.PrincipalName;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyDerivationTest {
    @TempDir
    Path dir;

    @Test
    void userKeysUseRealmPlusSamAccountNameAsSalt() throws Exception {
        try (Lab lab = TestDirectories.contoso(dir)) {
            KeyVersion kv = current(lab, "alice");
            char[] pw = TestDirectories.ALICE_PASSWORD.toCharArray();
            Bytes salt = Bytes.utf8("CONTOSO.TESTalice");
            for (EncType t : List.of(EncType.AES256_CTS_HMAC_SHA1_96, EncType.AES128_CTS_HMAC_SHA1_96,
                    EncType.AES256_CTS_HMAC_SHA384_192, EncType.AES128_CTS_HMAC_SHA256_128)) {
                assertThat(kv.key(t)).contains(Enctypes.get(t).stringToKey(pw, salt, null));
            }
            assertThat(kv.key(EncType.RC4_HMAC)).contains(NtHash.of(pw));
            assertThat(kv.keys()).extracting(EncryptionKey::type).containsExactly(EncType.AES256_CTS_HMAC_SHA1_96,
                    EncType.AES128_CTS_HMAC_SHA1_96, EncType.AES256_CTS_HMAC_SHA384_192,
                    EncType.AES128_CTS_HMAC_SHA256_128, EncType.RC4_HMAC);
            assertThat(KeySalts.forAccount(lab.directory().domain(), AccountType.USER, "alice"))
                    .isEqualTo("CONTOSO.TESTalice");
        }
    }

    @Test
    void administratorKeyMatchesAPublishedAdVector() throws Exception {
        // DSInternals ConvertTo-KerberosKey example: 'Pa$$w0rd', salt CONTOSO.COMAdministrator.
        DomainSpec spec = DomainSpec.forestRoot("contoso.com", "CONTOSO");
        try (Directory d = Directory.create(dir, spec, "Pa$$w0rd".toCharArray())) {
            KeyVersion kv = d.principalStore().lookup(PrincipalName.user("Administrator"), "CONTOSO.COM",
                    LookupPurpose.CLIENT).orElseThrow().currentKeys().orElseThrow();
            assertThat(HexFormat.of().formatHex(kv.key(EncType.AES256_CTS_HMAC_SHA1_96).orElseThrow().bytes()))
                    .isEqualTo("660e61042b190b5724c62bb473facca12058fb9ad3c03c0d2809f839c0352502");
            assertThat(HexFormat.of().formatHex(kv.key(EncType.AES128_CTS_HMAC_SHA1_96).orElseThrow().bytes()))
                    .isEqualTo("bd75e98362b16649ffbaed630d5341d0");
        }
    }

    @Test
    void computerSaltIsRealmHostLowerNameDotLowerDnsName() throws Exception {
        try (Lab lab = TestDirectories.contoso(dir)) {
            Domain d = lab.directory().domain();
            assertThat(KeySalts.forAccount(d, AccountType.COMPUTER, "FILES$"))
                    .isEqualTo("CONTOSO.TESThostfiles.contoso.test");
            char[] pw = "Machine-Pa55word".toCharArray();
            assertThat(lab.directory().passwordChange().set(lab.files().sid(), pw, false))
                    .isEqualTo(PasswordChange.Result.OK);
            KeyVersion kv = current(lab, "FILES$");
            assertThat(kv.key(EncType.AES256_CTS_HMAC_SHA1_96)).contains(Enctypes.get(EncType.AES256_CTS_HMAC_SHA1_96)
                    .stringToKey(pw, Bytes.utf8("CONTOSO.TESThostfiles.contoso.test"), null));
        }
    }

    @Test
    void trustSaltsFollowMsKile() {
        assertThat(KeySalts.forTrust("contoso.test", "emea.contoso.test", false))
                .isEqualTo("CONTOSO.TESTkrbtgtEMEA.CONTOSO.TEST");
        assertThat(KeySalts.forTrust("contoso.test", "emea.contoso.test", true))
                .isEqualTo("EMEA.CONTOSO.TESTkrbtgtCONTOSO.TEST");
    }

    @Test
    void computersWithoutPasswordAndKrbtgtGetDistinctRandomKeys() throws Exception {
        try (Lab lab = TestDirectories.contoso(dir)) {
            KeyVersion files = current(lab, "FILES$");
            KeyVersion krbtgt = current(lab, "krbtgt");
            assertThat(files.keys()).hasSize(5);
            assertThat(krbtgt.keys()).hasSize(5);
            assertThat(files.key(EncType.AES256_CTS_HMAC_SHA1_96)).isNotEqualTo(krbtgt.key(
                    EncType.AES256_CTS_HMAC_SHA1_96));
        }
    }

    static KeyVersion current(Lab lab, String sam) {
        return lab.directory().principalStore().lookup(PrincipalName.user(sam), TestDirectories.REALM,
                LookupPurpose.CLIENT).orElseThrow().currentKeys().orElseThrow();
    }
}
