// protocol-notes §3.1 (device key and transport key; "both TPM-bound on Windows"), §3.2 step 6 (the client keeps the
// PRT session key protected, on Windows in the TPM), §3.2 step 3 and the cloud's DeviceAuthenticator (the device
// proof: an RS256 JWS by the device key, x5c = the device certificate, aud = tenant id, iat/exp at most 10 min apart).
package io.kerbridge.device;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The PIN-less device key store: {@code device-keys.p12} holds the device key (entry {@code device}, with the device
 * certificate) and the transport key (entry {@code transport}, with a self-signed placeholder
 * certificate). Its password is a random 256-bit secret in {@code device-keys.secret} (0600), which also keys the
 * sealing of the PRT session key and peppers the Hello PIN derivation.
 *
 * <p>Security model: on Windows both keys are non-exportable TPM keys. Here they are software keys whose only
 * protection at rest is the file mode of the secret and the store (owner-only): anyone who can read the device
 * directory as its owner (or root) can use and copy them. What the TPM adds — keys that cannot leave the machine —
 * is not reproduced.
 */
public final class DeviceKeyStore {
    public static final String P12 = "device-keys.p12";
    public static final String SECRET = "device-keys.secret";
    static final String DEVICE_ALIAS = "device";
    static final String TRANSPORT_ALIAS = "transport";
    static final int GCM_IV = 12;

    private final PrivateKey deviceKey;
    private final X509Certificate deviceCertificate;
    private final PrivateKey transportKey;
    private final RSAPublicKey transportPublicKey;
    private final byte[] secret;

    private DeviceKeyStore(PrivateKey deviceKey, X509Certificate deviceCertificate, PrivateKey transportKey,
            RSAPublicKey transportPublicKey, byte[] secret) {
        this.deviceKey = deviceKey;
        this.deviceCertificate = deviceCertificate;
        this.transportKey = transportKey;
        this.transportPublicKey = transportPublicKey;
        this.secret = secret;
    }

    /** Writes a new store (secret first, then the key store) with the registered device's certificate. */
    static void create(Path dir, KeyPair device, X509Certificate deviceCert, KeyPair transport,
            SecureRandom random) throws DeviceException, IOException {
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        char[] pw = password(secret);
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry(DEVICE_ALIAS, device.getPrivate(), pw, new Certificate[] {deviceCert});
            ks.setKeyEntry(TRANSPORT_ALIAS, transport.getPrivate(), pw,
                    new Certificate[] {KeyMaterial.selfSigned(transport, "Kerbridge transport key", random)});
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ks.store(out, pw);
            PrivateFiles.write(dir.resolve(SECRET), Base64.getEncoder().encode(secret));
            PrivateFiles.write(dir.resolve(P12), out.toByteArray());
        } catch (GeneralSecurityException e) {
            throw new DeviceException("cannot write the device key store: " + e.getMessage(), e);
        } finally {
            Arrays.fill(pw, '\0');
            Arrays.fill(secret, (byte) 0);
        }
    }

    public static DeviceKeyStore open(Path dir) throws DeviceException {
        Path p12 = dir.resolve(P12);
        Path sec = dir.resolve(SECRET);
        if (!Files.exists(p12) || !Files.exists(sec)) {
            throw new DeviceException("the device key store is missing in " + dir + "; run kerbridge device leave and join again");
        }
        byte[] secret;
        try {
            secret = Base64.getDecoder().decode(new String(PrivateFiles.read(sec), StandardCharsets.US_ASCII).strip());
        } catch (IOException | IllegalArgumentException e) {
            throw new DeviceException("cannot read " + sec + ": " + e.getMessage(), e);
        }
        char[] pw = password(secret);
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(new ByteArrayInputStream(PrivateFiles.read(p12)), pw);
            PrivateKey device = (PrivateKey) ks.getKey(DEVICE_ALIAS, pw);
            PrivateKey transport = (PrivateKey) ks.getKey(TRANSPORT_ALIAS, pw);
            if (device == null || transport == null) {
                throw new DeviceException(p12 + " lacks the device or transport key; run kerbridge device leave and join again");
            }
            return new DeviceKeyStore(device, (X509Certificate) ks.getCertificate(DEVICE_ALIAS), transport,
                    (RSAPublicKey) ks.getCertificate(TRANSPORT_ALIAS).getPublicKey(), secret);
        } catch (GeneralSecurityException | IOException e) {
            throw new DeviceException("cannot open the device key store " + p12 + ": " + e.getMessage(), e);
        } finally {
            Arrays.fill(pw, '\0');
        }
    }

    private static char[] password(byte[] secret) {
        return Base64.getEncoder().encodeToString(secret).toCharArray();
    }

    public PrivateKey deviceKey() {
        return deviceKey;
    }

    public X509Certificate deviceCertificate() {
        return deviceCertificate;
    }

    public PrivateKey transportKey() {
        return transportKey;
    }

    public RSAPublicKey transportPublicKey() {
        return transportPublicKey;
    }

    /** The device certificate, DER, standard base64 (the x5c value). */
    public String x5c() throws DeviceException {
        try {
            return Base64.getEncoder().encodeToString(deviceCertificate.getEncoded());
        } catch (GeneralSecurityException e) {
            throw new DeviceException("cannot encode the device certificate: " + e.getMessage(), e);
        }
    }

    /** A device proof for {@code tenantId}, valid ten minutes from {@code now}. */
    public String proof(String tenantId, Instant now) throws DeviceException {
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("alg", "RS256");
        h.put("typ", "JWT");
        h.put("x5c", x5c());
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("aud", tenantId);
        c.put("iat", now.getEpochSecond());
        c.put("exp", now.getEpochSecond() + 600);
        return Jose.signRs256(h, c, deviceKey);
    }

    /** A key for one purpose, derived from the store's secret (HMAC-SHA256 with the purpose as message). */
    byte[] derivedKey(String purpose) throws DeviceException {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return mac.doFinal(("kerbridge device " + purpose).getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new DeviceException("HMAC-SHA256 unavailable: " + e.getMessage(), e);
        }
    }

    /** AES-256-GCM under the sealing key, bound to {@code context}: iv || ciphertext+tag, base64. */
    String seal(byte[] plain, String context, SecureRandom random) throws DeviceException {
        byte[] key = derivedKey("seal v1");
        try {
            byte[] iv = new byte[GCM_IV];
            random.nextBytes(iv);
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, iv));
            c.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            byte[] ct = c.doFinal(plain);
            byte[] out = Arrays.copyOf(iv, iv.length + ct.length);
            System.arraycopy(ct, 0, out, iv.length, ct.length);
            return Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new DeviceException("cannot seal: " + e.getMessage(), e);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    byte[] unseal(String sealed, String context) throws DeviceException {
        byte[] key = derivedKey("seal v1");
        try {
            byte[] in = Base64.getDecoder().decode(sealed);
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, in, 0, GCM_IV));
            c.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            return c.doFinal(in, GCM_IV, in.length - GCM_IV);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new DeviceException("a sealed value does not open with this device's key store (copied from another device?)");
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }
}
