package io.kerbridge.dc;

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
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The DC's HTTPS identity: a self-signed EC P-256 certificate for its host names, made once by
 * {@code dc init}. The private key lives in {@code tls.p12} (0600) under a random password in
 * {@code tls.pass} (0600); {@code tls-cert.pem} is what clients trust (curl --cacert, http_anchors).
 */
public record TlsMaterial(Path keyStore, char[] password, Path certificatePem) {
    public static TlsMaterial create(Path dir, List<String> hostNames, SecureRandom random) throws IOException {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"), random);
            KeyPair kp = g.generateKeyPair();
            X500Name subject = new X500Name("CN=" + hostNames.get(0));
            Instant now = Instant.now();
            var builder = new JcaX509v3CertificateBuilder(subject, new BigInteger(64, random).abs(),
                    Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(Duration.ofDays(825))), subject,
                    kp.getPublic());
            GeneralName[] names = hostNames.stream().map(h -> h.matches("[0-9.]+")
                    ? new GeneralName(GeneralName.iPAddress, h) : new GeneralName(GeneralName.dNSName, h))
                    .toArray(GeneralName[]::new);
            builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names));
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            X509Certificate cert = new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(kp.getPrivate())));
            char[] password = HexFormat.of().formatHex(bytes(random))
                    .toCharArray();
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("dc", kp.getPrivate(), password, new Certificate[] {cert});
            Path p12 = dir.resolve("tls.p12");
            Path pass = dir.resolve("tls.pass");
            Path pem = dir.resolve("tls-cert.pem");
            writePrivate(pass, new String(password).getBytes(StandardCharsets.US_ASCII));
            Path tmp = Files.createTempFile(dir, "tls", ".tmp");
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            try (OutputStream out = Files.newOutputStream(tmp)) {
                ks.store(out, password);
            }
            Files.move(tmp, p12, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            String b64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(cert.getEncoded());
            Files.writeString(pem, "-----BEGIN CERTIFICATE-----\n" + b64 + "\n-----END CERTIFICATE-----\n");
            return new TlsMaterial(p12, password, pem);
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IOException("cannot create the TLS certificate: " + e.getMessage(), e);
        }
    }

    public static TlsMaterial load(Path dir) throws IOException {
        Path pass = dir.resolve("tls.pass");
        if (!Files.exists(pass)) {
            throw new IOException("no TLS material in " + dir + " (run kerbridge dc init first)");
        }
        return new TlsMaterial(dir.resolve("tls.p12"), Files.readString(pass).strip().toCharArray(),
                dir.resolve("tls-cert.pem"));
    }

    public KeyStore loadKeyStore() throws IOException {
        try (InputStream in = Files.newInputStream(keyStore)) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, password);
            return ks;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot open " + keyStore + ": " + e.getMessage(), e);
        }
    }

    private static byte[] bytes(SecureRandom random) {
        byte[] b = new byte[16];
        random.nextBytes(b);
        return b;
    }

    static void writePrivate(Path file, byte[] content) throws IOException {
        Path tmp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
        Files.write(tmp, content);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
