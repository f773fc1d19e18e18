package io.kerbridge.kerberos.keytransport;

import static org.assertj.core.api.Assertions.assertThat;

import io.kerbridge.kerberos.Bytes;
import io.kerbridge.kerberos.types.EncType;
import io.kerbridge.kerberos.types.EncryptionKey;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Pins envelope format v1 with fixed randomness, so that the layout, the derivation and the order
 * in which randomness is drawn cannot drift. The expected bytes were also reproduced from the format
 * description alone by an independent implementation (pyca/cryptography):
 * {@code src/test/resources/keytransport/envelope-v1-vector.py}.
 */
class KeyEnvelopeVectorTest {
    static final String TENANT_PKCS8 = "3041020100301306072a8648ce3d020106082a8648ce3d03010704273025020101"
            + "042063cdaab399d098b6367cad01bb7223926b430a56717d8a1564a1c7e1353b472a";
    static final String TENANT_JWK = "{\"kty\":\"EC\",\"crv\":\"P-256\","
            + "\"x\":\"dVys2ECiVGE3Ro7x-sZKbHFJ90F5g7oE4qYBbdN__r0\","
            + "\"y\":\"yC2RQONggGoYqP02UGadEpW5O09y_o_dGsDv6UUujSs\","
            + "\"kid\":\"Ht4ey6K9eK60ZVr0aSTpL6O5FqiY_rzHQRrwmvIyd60\",\"use\":\"enc\"}";
    static final String KEY = "9eb3bd4032834d6afe031012e7c73a7da5619b5a22377c23e4efbcdcd67a8a5d";
    static final KeyContext CTX = new KeyContext(UUID.fromString("72f988bf-86f1-41af-91ab-2d7cd011db47"),
            "ad.contoso.com", 30775, 1585708, EncType.AES256_CTS_HMAC_SHA1_96);

    static final String ENVELOPE = String.join("",
            "4b424b54", // magic KBKT
            "01", // version
            "2b", // kid length 43
            "4874346579364b39654b36305a567230615354704c364f35467169595f727a48515272776d7649796436" + "30", // kid
            "72f988bf86f141af91ab2d7cd011db47", // tenant id
            "7837", // RODC number 30775
            "0018322c", // key version 1585708
            "00000012", // etype 18
            "0e", "61642e636f6e746f736f2e636f6d", // "ad.contoso.com"
            "041d78e84b22f6b13cf4866345ec2caca66c19b0a36bf6bd68659b7956d43fd632" // ephemeral point
                    + "81e8bff95a2d3d3a6cc5cec44b0cb6420c8f2235c6e90bb1c534989257f41ee3",
            "0c1f9e351d844d8251007d09", // nonce
            "e3477e4812189245d4de5655aafd979509d06a14a9d9a5148030379cf379713c", // ciphertext
            "9e8af3fb5b385bf3f0e8c36f5be68bc3"); // tag

    @Test
    void tenantKeyFromFixedRandomness() throws Exception {
        TenantTransportPrivateKey t = TenantTransportPrivateKey.generate(new FixedRandom("kerbridge tenant transport key"));
        assertThat(t.toPkcs8().hex()).isEqualTo(TENANT_PKCS8);
        assertThat(t.publicKey().toJwk()).isEqualTo(TENANT_JWK);
        assertThat(TenantTransportKey.fromJwk(TENANT_JWK)).isEqualTo(t.publicKey());
    }

    @Test
    void sealIsPinned() throws Exception {
        TenantTransportKey pub = TenantTransportKey.fromJwk(TENANT_JWK);
        EncryptionKey key = new EncryptionKey(EncType.AES256_CTS_HMAC_SHA1_96, Bytes.fromHex(KEY));
        Bytes env = KeyEnvelope.seal(pub, CTX, key, new FixedRandom("kerbridge envelope"));
        assertThat(env.hex()).isEqualTo(ENVELOPE);
        assertThat(env.length()).isEqualTo(4 + 1 + 1 + 43 + 16 + 2 + 4 + 4 + 1 + 14 + 65 + 12 + 32 + 16);
    }

    @Test
    void pinnedEnvelopeOpens() throws Exception {
        TenantTransportPrivateKey t = TenantTransportPrivateKey.fromPkcs8(Bytes.fromHex(TENANT_PKCS8));
        EncryptionKey k = KeyEnvelope.open(t, CTX, Bytes.fromHex(ENVELOPE));
        assertThat(k.type()).isEqualTo(EncType.AES256_CTS_HMAC_SHA1_96);
        assertThat(Bytes.wrap(k.bytes()).hex()).isEqualTo(KEY);
    }
}
