// protocol-notes §3.1 (the device key proves possession with a PKCS#10 request, RFC 2986; device, transport and
// Hello keys are RSA: the PRT request is signed RS256 and the session key is wrapped RSA-OAEP).
package io.kerbridge.device;

import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.RSAKeyGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/** Key pairs, the device's PKCS#10 request, and the self-signed placeholder certificate a PKCS#12 key entry needs. */
final class KeyMaterial {
    static final int RSA_BITS = 2048;

    private KeyMaterial() {}

    static KeyPair newRsaKey(SecureRandom random) throws DeviceException {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(new RSAKeyGenParameterSpec(RSA_BITS, RSAKeyGenParameterSpec.F4), random);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new DeviceException("cannot create an RSA-" + RSA_BITS + " key: " + e.getMessage(), e);
        }
    }

    /** A PKCS#10 request over the device key, signed SHA256withRSA by it (the cloud ignores the subject). */
    static byte[] csr(KeyPair deviceKey, String subjectCn) throws DeviceException {
        try {
            return new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=" + cnSafe(subjectCn)), deviceKey.getPublic())
                    .build(new JcaContentSignerBuilder("SHA256withRSA").build(deviceKey.getPrivate())).getEncoded();
        } catch (OperatorCreationException | IOException e) {
            throw new DeviceException("cannot build the certificate request: " + e.getMessage(), e);
        }
    }

    /** A certificate the key signs for itself; it only lets a PKCS#12 file hold the private key. */
    static X509Certificate selfSigned(KeyPair key, String cn, SecureRandom random) throws DeviceException {
        Instant now = Instant.now();
        try {
            var b = new JcaX509v3CertificateBuilder(new X500Name("CN=" + cnSafe(cn)), new BigInteger(64, random).add(BigInteger.ONE),
                    Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(Duration.ofDays(3650))),
                    new X500Name("CN=" + cnSafe(cn)), key.getPublic());
            return new JcaX509CertificateConverter().getCertificate(
                    b.build(new JcaContentSignerBuilder("SHA256withRSA").build(key.getPrivate())));
        } catch (OperatorCreationException | GeneralSecurityException e) {
            throw new DeviceException("cannot make a placeholder certificate: " + e.getMessage(), e);
        }
    }

    static X509Certificate certificate(byte[] der) throws DeviceException {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new java.io.ByteArrayInputStream(der));
        } catch (GeneralSecurityException e) {
            throw new DeviceException("not an X.509 certificate: " + e.getMessage(), e);
        }
    }

    static boolean samePublicKey(PublicKey a, PublicKey b) {
        return java.util.Arrays.equals(a.getEncoded(), b.getEncoded());
    }

    static String pem(X509Certificate cert) throws DeviceException {
        try {
            return "-----BEGIN CERTIFICATE-----\n"
                    + java.util.Base64.getMimeEncoder(64, "\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                            .encodeToString(cert.getEncoded())
                    + "\n-----END CERTIFICATE-----\n";
        } catch (GeneralSecurityException e) {
            throw new DeviceException("cannot encode a certificate: " + e.getMessage(), e);
        }
    }

    private static String cnSafe(String s) {
        return s.replaceAll("[^A-Za-z0-9 ._@-]", "_");
    }
}
