package io.kerbridge.kerberos.keytransport;

import static io.kerbridge.kerberos.keytransport.KeyEnvelopeTest.assertReason;
import static org.assertj.core.api.Assertions.assertThat;

import io.kerbridge.kerberos.Bytes;
import io.kerbridge.kerberos.keytransport.KeyTransportException.Reason;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import org.junit.jupiter.api.Test;

class TenantTransportKeyTest {
    static final String JWK = KeyEnvelopeVectorTest.TENANT_JWK;
    static final String X = "dVys2ECiVGE3Ro7x-sZKbHFJ90F5g7oE4qYBbdN__r0";
    static final String Y = "yC2RQONggGoYqP02UGadEpW5O09y_o_dGsDv6UUujSs";
    static final String KID = "Ht4ey6K9eK60ZVr0aSTpL6O5FqiY_rzHQRrwmvIyd60";

    @Test
    void jwkRoundTripAndThumbprintKid() throws Exception {
        TenantTransportPrivateKey t = TenantTransportPrivateKey.generate(new SecureRandom());
        TenantTransportKey pub = TenantTransportKey.fromJwk(t.publicKey().toJwk());
        assertThat(pub).isEqualTo(t.publicKey());
        assertThat(pub.kid()).hasSize(43).isEqualTo(t.kid());
        assertThat(TenantTransportKey.fromPoint(pub.point())).isEqualTo(pub);
        assertThat(TenantTransportKey.of(pub.publicKey())).isEqualTo(pub);
    }

    @Test
    void jwkWhitespaceAndMemberOrderAreFree_useIsOptional() throws Exception {
        String spaced = " {\n \"kid\" : \"" + KID + "\" ,\t\"y\":\"" + Y + "\", \"x\":\"" + X
                + "\",\"crv\":\"P-256\",\"kty\":\"EC\"}\r\n";
        assertThat(TenantTransportKey.fromJwk(spaced).kid()).isEqualTo(KID);
    }

    @Test
    void jwkIsStrict() {
        String base = "\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"" + X + "\",\"y\":\"" + Y + "\",\"kid\":\"" + KID + "\"";
        String[] bad = {
            "{" + base + ",\"use\":\"sig\"}",
            "{" + base + ",\"alg\":\"ECDH-ES\"}",
            "{" + base + ",\"kid\":\"" + KID + "\"}",
            "{" + base.replace("\"kid\":\"" + KID + "\"", "\"kid\":\"tenant-key-1\"") + "}",
            "{" + base.replace("P-256", "P-384") + "}",
            "{" + base.replace("\"EC\"", "\"RSA\"") + "}",
            "{" + base.replace(X, X + "=") + "}",
            "{" + base.replace(X, "AAAA" + X) + "}",
            "{" + base.replace(X, X.replace('-', '+')) + "}",
            "{" + base.replace(Y, X) + "}", // x == y: not on the curve
            "{" + base.replace("\"x\":\"" + X + "\",", "") + "}",
            "{" + base.replace("\"EC\"", "\"E\\u0043\"") + "}",
            "{" + base + "} x",
            "{" + base + ",}",
            "{" + base,
            "[" + base + "]",
            "{" + base.replace("\"kty\":\"EC\"", "\"kty\":1") + "}",
            "",
            "{}",
            "{" + base + ",\"pad\":\"" + "a".repeat(1024) + "\"}",
        };
        for (String s : bad) {
            Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> TenantTransportKey.fromJwk(s));
            assertThat(t).as(s).isInstanceOf(KeyTransportException.class);
            assertThat(((KeyTransportException) t).reason()).as(s).isIn(Reason.INVALID_JWK, Reason.INVALID_PUBLIC_KEY);
        }
        assertReason(() -> TenantTransportKey.fromJwk("{" + base.replace(Y, X) + "}"), Reason.INVALID_PUBLIC_KEY);
    }

    @Test
    void otherCurvesAndBadPointsAreRefused() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp384r1"));
        ECPublicKey p384 = (ECPublicKey) g.generateKeyPair().getPublic();
        assertReason(() -> TenantTransportKey.of(p384), Reason.INVALID_PUBLIC_KEY);
        byte[] pt = TenantTransportKey.fromJwk(JWK).point().toByteArray();
        pt[64] ^= 1;
        assertReason(() -> TenantTransportKey.fromPoint(Bytes.wrap(pt)), Reason.INVALID_PUBLIC_KEY);
        assertReason(() -> TenantTransportKey.fromPoint(Bytes.of(new byte[65])), Reason.MALFORMED);
        assertReason(() -> TenantTransportKey.fromPoint(Bytes.of(new byte[33])), Reason.MALFORMED);
    }

    @Test
    void pkcs8RoundTripAndRefusals() throws Exception {
        TenantTransportPrivateKey t = TenantTransportPrivateKey.generate(new SecureRandom());
        TenantTransportPrivateKey back = TenantTransportPrivateKey.fromPkcs8(t.toPkcs8());
        assertThat(back.publicKey()).isEqualTo(t.publicKey());
        assertReason(() -> TenantTransportPrivateKey.fromPkcs8(Bytes.ascii("garbage")), Reason.INVALID_PRIVATE_KEY);
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp384r1"));
        Bytes p384 = Bytes.wrap(g.generateKeyPair().getPrivate().getEncoded());
        assertReason(() -> TenantTransportPrivateKey.fromPkcs8(p384), Reason.INVALID_PRIVATE_KEY);
        // a JDK-generated P-256 key imports too
        g.initialize(new ECGenParameterSpec("secp256r1"));
        java.security.KeyPair jdk = g.generateKeyPair();
        TenantTransportPrivateKey imported = TenantTransportPrivateKey.fromPkcs8(Bytes.wrap(jdk.getPrivate().getEncoded()));
        assertThat(imported.publicKey()).isEqualTo(TenantTransportKey.of((ECPublicKey) jdk.getPublic()));
    }

    @Test
    void toStringShowsOnlyTheKid() {
        TenantTransportPrivateKey t = TenantTransportPrivateKey.generate(new FixedRandom("kerbridge tenant transport key"));
        assertThat(t.toString()).isEqualTo("TenantTransportPrivateKey[P-256, kid=" + KID + "]");
        assertThat(t.publicKey().toString()).isEqualTo("TenantTransportKey[P-256, kid=" + KID + "]");
    }
}
