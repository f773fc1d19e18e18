package io.kerbridge.cloud;

import io.kerbridge.cloud.store.MasterKey;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The service's PKI, made once by {@code cloud init}: a self-signed EC P-256 <b>tenant CA</b>
 * ({@code ca-cert.pem} is what clients trust) and a TLS server certificate for the service host names signed
 * by it. Both private keys live in PKCS#12 files of mode 0600 ({@code ca.p12}, {@code tls.p12}) whose
 * passwords are derived from the master key, so they are encrypted at rest under it. The CA key is kept for
 * later issuance (device certificates).
 */
public final class TenantCa {
    public static final String CA_P12 = "ca.p12";
    public static final String CA_PEM = "ca-cert.pem";
    public static final String TLS_P12 = "tls.p12";

    private TenantCa() {}

    public static void create(Path dir, String caName, List<String> hostNames, MasterKey master, SecureRandom random)
            throws IOException {
        try {
            Instant now = Instant.now();
            KeyPair caKeys = ecKeyPair(random);
            X500Name caSubject = new X500Name("CN=" + caName);
            var ext = new JcaX509ExtensionUtils();
            var caBuilder = new JcaX509v3CertificateBuilder(caSubject, serial(random),
                    Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(Duration.ofDays(3650))), caSubject,
                    caKeys.getPublic());
            caBuilder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
            caBuilder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            caBuilder.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(caKeys.getPublic()));
            X509Certificate caCert = sign(caBuilder, caKeys.getPrivate());

            KeyPair tlsKeys = ecKeyPair(random);
            var tlsBuilder = new JcaX509v3CertificateBuilder(caCert, serial(random),
                    Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(Duration.ofDays(397))),
                    new X500Name("CN=" + hostNames.get(0)), tlsKeys.getPublic());
            GeneralName[] names = hostNames.stream().map(h -> h.matches("[0-9.]+|[0-9a-fA-F:]+:[0-9a-fA-F:]*")
                    ? new GeneralName(GeneralName.iPAddress, h) : new GeneralName(GeneralName.dNSName, h))
                    .toArray(GeneralName[]::new);
            tlsBuilder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names));
            tlsBuilder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            tlsBuilder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            tlsBuilder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
            tlsBuilder.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(caCert));
            X509Certificate tlsCert = sign(tlsBuilder, caKeys.getPrivate());

            store(dir.resolve(CA_P12), "ca", caKeys.getPrivate(), new Certificate[] {caCert}, master.derive(CA_P12));
            store(dir.resolve(TLS_P12), "tls", tlsKeys.getPrivate(), new Certificate[] {tlsCert, caCert},
                    master.derive(TLS_P12));
            String b64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(caCert.getEncoded());
            Files.writeString(dir.resolve(CA_PEM), "-----BEGIN CERTIFICATE-----\n" + b64 + "\n-----END CERTIFICATE-----\n");
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IOException("cannot create the tenant CA: " + e.getMessage(), e);
        }
    }

    /** The TLS key store ({@code tls.p12}) and its password, for the HTTPS connector. */
    public static KeyStore loadTls(Path dir, MasterKey master) throws IOException {
        Path p12 = dir.resolve(TLS_P12);
        try (InputStream in = Files.newInputStream(p12)) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, master.derive(TLS_P12));
            return ks;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot open " + p12 + " (wrong master key?): " + e.getMessage(), e);
        }
    }

    private static KeyPair ecKeyPair(SecureRandom random) throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"), random);
        return g.generateKeyPair();
    }

    private static BigInteger serial(SecureRandom random) {
        return new BigInteger(64, random).abs().add(BigInteger.ONE);
    }

    private static X509Certificate sign(JcaX509v3CertificateBuilder b, PrivateKey key)
            throws OperatorCreationException, GeneralSecurityException {
        return new JcaX509CertificateConverter().getCertificate(b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(key)));
    }

    private static void store(Path file, String alias, PrivateKey key, Certificate[] chain, char[] password)
            throws IOException, GeneralSecurityException {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry(alias, key, password, chain);
        Path tmp = Files.createTempFile(file.getParent(), alias, ".tmp");
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
        try (OutputStream out = Files.newOutputStream(tmp)) {
            ks.store(out, password);
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
