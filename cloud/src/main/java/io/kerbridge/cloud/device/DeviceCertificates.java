// protocol-notes §3.1 (device certificate from DRS, CN = device id), §3.2 step 3 (the PRT request's x5c is the
// device certificate; the cloud checks it chains to its CA), §7.2 (x5c chain to the DRS CA).
package io.kerbridge.cloud.device;

import io.kerbridge.cloud.ApiException;
import io.kerbridge.cloud.TenantCa;
import io.kerbridge.cloud.store.MasterKey;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Device certificates: issued by the service's CA ({@code ca.p12}, see {@link TenantCa}) to a registering
 * device's public device key, subject {@code CN=<device id>}, client-auth EKU, one year. {@link #verify}
 * is the x5c check of every device-signed request: parses the certificate, checks the CA signature and the
 * validity period and returns the device id. Whether that device exists, is enabled and holds exactly this
 * certificate is the caller's check ({@link #sameCertificate}).
 */
public final class DeviceCertificates {
    public static final Duration VALIDITY = Duration.ofDays(365);

    private final X509Certificate ca;
    private final PrivateKey caKey;
    private final Clock clock;
    private final SecureRandom random;

    private DeviceCertificates(X509Certificate ca, PrivateKey caKey, Clock clock, SecureRandom random) {
        this.ca = ca;
        this.caKey = caKey;
        this.clock = clock;
        this.random = random;
    }

    /** Loads the CA from the service's data directory (the key store's password is derived from the master key). */
    public static DeviceCertificates load(Path dir, MasterKey master, Clock clock, SecureRandom random) throws IOException {
        Path p12 = dir.resolve(TenantCa.CA_P12);
        try (InputStream in = Files.newInputStream(p12)) {
            char[] pw = master.derive(TenantCa.CA_P12);
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, pw);
            return new DeviceCertificates((X509Certificate) ks.getCertificate("ca"), (PrivateKey) ks.getKey("ca", pw), clock,
                    random);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot open " + p12 + " (wrong master key?): " + e.getMessage(), e);
        }
    }

    public X509Certificate caCertificate() {
        return ca;
    }

    /** A certificate for {@code deviceId} over {@code deviceKey} (DER). */
    public byte[] issue(String deviceId, PublicKey deviceKey) {
        Instant now = clock.instant();
        try {
            var ext = new JcaX509ExtensionUtils();
            var b = new JcaX509v3CertificateBuilder(ca, new BigInteger(64, random).abs().add(BigInteger.ONE),
                    Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(VALIDITY)),
                    new X500Name("CN=" + deviceId), deviceKey);
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth));
            b.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(ca));
            b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(deviceKey));
            return new JcaX509CertificateConverter().getCertificate(
                    b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(caKey))).getEncoded();
        } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
            throw new IllegalStateException("cannot issue a device certificate", e);
        }
    }

    /** A verified device certificate: the device id it names and its public key. */
    public record Verified(String deviceId, X509Certificate certificate, PublicKey publicKey) {}

    /**
     * Parses {@code der} and checks it: signed by this CA, within its validity period, subject CN present.
     * Every failure is a 401 {@code invalid_device_certificate} naming what is wrong.
     */
    public Verified verify(byte[] der) throws ApiException {
        X509Certificate cert;
        try {
            cert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
        } catch (GeneralSecurityException | RuntimeException e) {
            throw invalid("the x5c certificate cannot be parsed");
        }
        try {
            cert.verify(ca.getPublicKey());
        } catch (GeneralSecurityException | RuntimeException e) {
            throw invalid("the device certificate was not issued by this service's CA");
        }
        try {
            cert.checkValidity(Date.from(clock.instant()));
        } catch (GeneralSecurityException e) {
            throw invalid("the device certificate is expired or not yet valid");
        }
        Optional<String> cn = commonName(cert);
        if (cn.isEmpty()) {
            throw invalid("the device certificate names no device");
        }
        return new Verified(cn.get(), cert, cert.getPublicKey());
    }

    /** Constant-time equality of the presented and the registered certificate. */
    public static boolean sameCertificate(X509Certificate presented, Device registered) {
        try {
            return MessageDigest.isEqual(presented.getEncoded(), registered.certificate());
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static Optional<String> commonName(X509Certificate cert) {
        RDN[] rdns = X500Name.getInstance(cert.getSubjectX500Principal().getEncoded()).getRDNs(BCStyle.CN);
        return rdns.length == 1 ? Optional.of(IETFUtils.valueToString(rdns[0].getFirst().getValue())) : Optional.empty();
    }

    private static ApiException invalid(String why) {
        return ApiException.unauthorized("invalid_device_certificate", why);
    }
}
