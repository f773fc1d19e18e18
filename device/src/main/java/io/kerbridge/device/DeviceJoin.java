// protocol-notes §3.1 (device registration: a device key and a transport key, the transport key's public half as a
// BCRYPT_RSAKEY_BLOB, a device certificate from the registration service with CN = device id; both keys TPM-bound on
// Windows), §3.5 (AzureAdJoined, DeviceId, TenantId).
package io.kerbridge.device;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import javax.security.auth.x500.X500Principal;

/** {@code kerbridge device join} and {@code leave}: the device's registration and its local state. */
public final class DeviceJoin {
    public static final String DEVICE_CERT = "device-cert.pem";
    public static final String CA_CERT = "ca-cert.pem";

    public record Request(String cloudUrl, Path caCert, String tenant, String upn, char[] password, String totp,
            String displayName) {}

    private DeviceJoin() {}

    /**
     * Signs the user in (password + TOTP), creates the device and transport keys, registers the device, checks the
     * certificate it gets (issued by the CA given, over our device key, CN = device id) and writes the device
     * directory; {@code device.json} is written last, so a failed join leaves a directory that is not joined.
     */
    public static DeviceState join(Path dir, Request r, Clock clock, SecureRandom random) throws DeviceException {
        if (DeviceState.joined(dir)) {
            DeviceState s = DeviceState.load(dir);
            throw new DeviceException("this device is already joined to tenant " + s.tenantId() + " as device " + s.deviceId()
                    + " (" + dir + "); run kerbridge device leave first");
        }
        CloudClient cloud = new CloudClient(r.cloudUrl(), r.caCert());
        CloudClient.Login login = cloud.login(r.tenant(), r.upn(), r.password(), r.totp());
        KeyPair device = KeyMaterial.newRsaKey(random);
        KeyPair transport = KeyMaterial.newRsaKey(random);
        String name = r.displayName() != null && !r.displayName().isBlank() ? r.displayName() : hostName();
        CloudClient.Registration reg = cloud.register(login, name, KeyMaterial.csr(device, name),
                RsaKeyBlob.encode((RSAPublicKey) transport.getPublic()), osVersion());
        X509Certificate cert = checkCertificate(reg, device, cloud.caCertificate());
        try {
            PrivateFiles.ensureDir(dir);
            PrivateFiles.write(dir.resolve(CA_CERT), KeyMaterial.pem(cloud.caCertificate()).getBytes(StandardCharsets.US_ASCII));
            PrivateFiles.write(dir.resolve(DEVICE_CERT), KeyMaterial.pem(cert).getBytes(StandardCharsets.US_ASCII));
            DeviceKeyStore.create(dir, device, cert, transport, random);
            DeviceState state = new DeviceState(reg.deviceId(), reg.tenantId(), r.tenant(), name, cloud.baseUrl(),
                    dir.resolve(CA_CERT).toAbsolutePath().toString(), clock.instant());
            state.save(dir);
            return state;
        } catch (IOException e) {
            throw new DeviceException("registered as device " + reg.deviceId() + " but cannot write " + dir + ": "
                    + e.getMessage() + "; an administrator should delete that device object", e);
        }
    }

    /** The device certificate must chain to the tenant CA we trust, carry our device key and name the device id. */
    static X509Certificate checkCertificate(CloudClient.Registration reg, KeyPair device, X509Certificate ca)
            throws DeviceException {
        X509Certificate cert = KeyMaterial.certificate(reg.certificate());
        try {
            cert.verify(ca.getPublicKey());
            cert.checkValidity();
        } catch (GeneralSecurityException e) {
            throw new DeviceException("the device certificate from the cloud does not chain to the CA " + ca.getSubjectX500Principal()
                    + " (" + e.getMessage() + ")");
        }
        if (!KeyMaterial.samePublicKey(cert.getPublicKey(), device.getPublic())) {
            throw new DeviceException("the device certificate from the cloud is not for this device's key");
        }
        if (!commonName(cert).equals(Optional.of(reg.deviceId()))) {
            throw new DeviceException("the device certificate names " + commonName(cert).orElse("nothing") + ", not device "
                    + reg.deviceId());
        }
        return cert;
    }

    static Optional<String> commonName(X509Certificate cert) {
        String dn = cert.getSubjectX500Principal().getName(X500Principal.RFC2253);
        for (String part : dn.split(",")) {
            if (part.startsWith("CN=")) {
                return Optional.of(part.substring(3));
            }
        }
        return Optional.empty();
    }

    /**
     * Forgets the registration: deletes the device's files (keys, certificates, policy, users' Hello keys and PRTs).
     * The device object stays in the cloud until an administrator deletes it. Empty when nothing was joined.
     */
    public static Optional<DeviceState> leave(Path dir) throws DeviceException {
        if (!DeviceState.joined(dir)) {
            return Optional.empty();
        }
        DeviceState s = DeviceState.load(dir);
        try {
            PrivateFiles.deleteTree(dir.resolve(HelloKeyStore.USERS));
            for (String f : List.of(DeviceState.FILE, DeviceKeyStore.P12, DeviceKeyStore.SECRET, DEVICE_CERT, CA_CERT,
                    DevicePolicy.FILE)) {
                Files.deleteIfExists(dir.resolve(f));
            }
            try (var left = Files.list(dir)) {
                if (left.findAny().isEmpty()) {
                    Files.delete(dir);
                }
            }
        } catch (IOException e) {
            throw new DeviceException("cannot delete the device state in " + dir + ": " + e.getMessage(), e);
        }
        return Optional.of(s);
    }

    static String hostName() {
        try {
            String h = java.net.InetAddress.getLocalHost().getHostName();
            return h == null || h.isBlank() ? "kerbridge-device" : h;
        } catch (IOException e) {
            return "kerbridge-device";
        }
    }

    static String osVersion() {
        return System.getProperty("os.name") + " " + System.getProperty("os.version");
    }
}
