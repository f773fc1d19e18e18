package io.kerbridge.kerberos.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kerbridge.kerberos.Bytes;
import io.kerbridge.kerberos.types.ChecksumType;
import io.kerbridge.kerberos.types.EncType;
import io.kerbridge.kerberos.types.NameType;
import io.kerbridge.kerberos.types.PrincipalName;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RegistryAndApiTest {

    @Test
    void supportedEnctypesStrongestFirst() {
        assertThat(Enctypes.supported()).containsExactly(EncType.AES256_CTS_HMAC_SHA1_96,
                EncType.AES128_CTS_HMAC_SHA1_96, EncType.AES256_CTS_HMAC_SHA384_192,
                EncType.AES128_CTS_HMAC_SHA256_128, EncType.RC4_HMAC);
        for (EncType t : Enctypes.supported()) {
            assertThat(Enctypes.find(t)).get().extracting(Enctype::id).isEqualTo(t);
        }
    }

    @ParameterizedTest
    @CsvSource({"17, 15, 16, 00001000, 28", "18, 16, 32, 00001000, 28", "19, 19, 16, 00008000, 32",
        "20, 20, 32, 00008000, 40", "23, -138, 16, '', 24"})
    void profiles(int etype, int cksum, int keyBytes, String params, int overhead) throws Exception {
        Enctype e = Enctypes.get(EncType.of(etype));
        assertThat(e.checksumType()).isEqualTo(ChecksumType.of(cksum));
        assertThat(e.keyBytes()).isEqualTo(keyBytes);
        assertThat(e.defaultS2kParams().hex()).isEqualTo(params);
        assertThat(e.overhead()).isEqualTo(overhead);
        assertThat(Checksums.mandatoryFor(EncType.of(etype)).id()).isEqualTo(ChecksumType.of(cksum));
        assertThat(Checksums.get(ChecksumType.of(cksum)).id()).isEqualTo(ChecksumType.of(cksum));
    }

    @Test
    void unsupportedTypes() {
        for (EncType t : List.of(EncType.DES_CBC_CRC, EncType.DES_CBC_MD5, EncType.DES3_CBC_SHA1,
                EncType.RC4_HMAC_EXP, EncType.CAMELLIA256_CTS_CMAC, EncType.of(-128))) {
            assertThat(Enctypes.find(t)).isEmpty();
            assertThatThrownBy(() -> Enctypes.get(t)).isInstanceOf(UnsupportedEnctypeException.class)
                    .satisfies(x -> assertThat(((UnsupportedEnctypeException) x).encType()).isEqualTo(t));
            assertThatThrownBy(() -> Checksums.mandatoryFor(t)).isInstanceOf(UnsupportedEnctypeException.class);
        }
        assertThat(Checksums.find(ChecksumType.CRC32)).isEmpty();
        assertThatThrownBy(() -> Checksums.get(ChecksumType.RSA_MD5)).isInstanceOf(KerberosCryptoException.class);
        assertThat(Enctypes.find(null)).isEmpty();
        assertThat(Checksums.find(null)).isEmpty();
    }

    @Test
    void defaultSaltIsRealmThenComponents() {
        assertThat(Salts.defaultSalt("ATHENA.MIT.EDU", PrincipalName.user("raeburn")))
                .isEqualTo(Bytes.ascii("ATHENA.MIT.EDUraeburn"));
        assertThat(Salts.defaultSalt("EXAMPLE.COM", PrincipalName.of(NameType.NT_SRV_INST, "host", "a.example.com")))
                .isEqualTo(Bytes.ascii("EXAMPLE.COMhosta.example.com"));
        // RFC 3961 A.2/A.4 use "ATHENA.MIT.EDUJuri\u0161i\u0107" in UTF-8.
        assertThat(Salts.defaultSalt("ATHENA.MIT.EDU", PrincipalName.user("Juri\u0161i\u0107")).hex())
                .isEqualTo("415448454e412e4d49542e454455" + "4a757269c5a169c487");
    }

    @ParameterizedTest
    @CsvSource({"''", "000010", "0000100000", "00000000", "01000001", "ffffffff"})
    void badS2kParamsAreCheckedExceptions(String params) {
        for (EncType t : List.of(EncType.AES128_CTS_HMAC_SHA1_96, EncType.AES256_CTS_HMAC_SHA384_192)) {
            Enctype e = Enctypes.find(t).orElseThrow();
            assertThatThrownBy(() -> e.stringToKey("pw".toCharArray(), Bytes.EMPTY, Bytes.fromHex(params)))
                    .isInstanceOf(KerberosCryptoException.class);
        }
    }

    @Test
    void loneSurrogatePasswordIsACheckedException() {
        Enctype e = Enctypes.find(EncType.AES256_CTS_HMAC_SHA1_96).orElseThrow();
        assertThatThrownBy(() -> e.stringToKey(new char[] {'a', '\uD834'}, Bytes.EMPTY, null))
                .isInstanceOf(KerberosCryptoException.class);
    }

    @Test
    void emptyPasswordAndSaltWork() throws Exception {
        // JCE's PBEKeySpec refuses empty salts; Kerberos allows them.
        for (EncType t : Enctypes.supported()) {
            Enctype e = Enctypes.get(t);
            assertThat(e.stringToKey(new char[0], Bytes.EMPTY, null).length()).isEqualTo(e.keyBytes());
        }
    }

    @Test
    void toStringsShowNoKeyMaterial() throws Exception {
        Enctype e = Enctypes.get(EncType.AES256_CTS_HMAC_SHA1_96);
        var k = e.stringToKey("secret".toCharArray(), Bytes.ascii("EXAMPLE.COMalice"), null);
        assertThat(k.toString()).doesNotContain(Bytes.wrap(k.bytes()).hex());
        assertThat(e.toString()).contains("18");
        assertThat(Checksums.get(ChecksumType.HMAC_SHA1_96_AES256).toString()).contains("16");
    }
}
