// protocol-notes §3.2 steps 2-3 and §3.2a (compact JWS RS256 for the Hello assertion and the device-signed request;
// session_key_jwe = RSA-OAEP with SHA-1 and MGF1-SHA-1 under the transport key, segment 2; clientKey = compact JWE
// {"alg":"dir","ctx"} under a key derived from the session key, AES-256-CBC/PKCS7 when the IV has 16 bytes,
// AES-256-GCM (AAD = the header segment) when it has 12), §2.2 (the KDF: NIST SP 800-108 counter mode, HMAC-SHA256,
// 32-bit counter before the fixed data, label "AzureAD-SecureConversation", context = ctx, L = 256).
// RFC 7515 (JWS), RFC 7516 (JWE), RFC 7518 §3.3 (RS256).
package io.kerbridge.device;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.MGF1ParameterSpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import javax.crypto.spec.SecretKeySpec;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/** The few JOSE operations a device needs, written out so each byte is the one §3.2a describes. */
public final class Jose {
    static final byte[] KDF_LABEL = "AzureAD-SecureConversation".getBytes(StandardCharsets.US_ASCII);

    private Jose() {}

    /** A compact JWS signed RS256 (RSASSA-PKCS1-v1_5 with SHA-256); header and claims in the given order. */
    public static String signRs256(Map<String, Object> header, Map<String, Object> claims, PrivateKey key)
            throws DeviceException {
        String input = b64url(DeviceJson.bytes(header)) + "." + b64url(DeviceJson.bytes(claims));
        try {
            Signature s = Signature.getInstance("SHA256withRSA");
            s.initSign(key);
            s.update(input.getBytes(StandardCharsets.US_ASCII));
            return input + "." + b64url(s.sign());
        } catch (GeneralSecurityException e) {
            throw new DeviceException("cannot sign with the RSA key: " + e.getMessage(), e);
        }
    }

    /** The session key of a {@code session_key_jwe}: segment 2 unwrapped with RSA-OAEP-SHA1 by the transport key. */
    public static byte[] unwrapSessionKey(String jwe, PrivateKey transportKey) throws DeviceException {
        String[] parts = jwe == null ? new String[0] : jwe.split("\\.", -1);
        if (parts.length < 2) {
            throw protocol("session_key_jwe is not a compact JWE");
        }
        byte[] wrapped = b64any(parts[1], "session_key_jwe encrypted key");
        try {
            Cipher c = Cipher.getInstance("RSA/ECB/OAEPPadding");
            c.init(Cipher.DECRYPT_MODE, transportKey, new OAEPParameterSpec("SHA-1", "MGF1", MGF1ParameterSpec.SHA1,
                    PSource.PSpecified.DEFAULT));
            byte[] key = c.doFinal(wrapped);
            if (key.length != 32) {
                throw protocol("the session key in session_key_jwe has " + key.length + " bytes, not 32");
            }
            return key;
        } catch (GeneralSecurityException e) {
            throw protocol("session_key_jwe does not unwrap with this device's transport key (RSA-OAEP-SHA1); "
                    + "was the device registered again elsewhere?");
        }
    }

    /** The plaintext of a {@code dir} JWE under a key derived from {@code sessionKey} with the header's ctx (KDF v1). */
    public static byte[] decryptUnderSessionKey(String jwe, byte[] sessionKey, String what) throws DeviceException {
        String[] parts = jwe.split("\\.", -1);
        if (parts.length != 5) {
            throw protocol(what + " is not a 5-part compact JWE");
        }
        JsonNode header;
        try {
            header = DeviceJson.MAPPER.readTree(b64any(parts[0], what + " header"));
        } catch (JacksonException e) {
            throw protocol(what + ": the JWE header is not JSON");
        }
        if (header == null || !header.path("ctx").isString()) {
            throw protocol(what + ": the JWE header has no ctx");
        }
        byte[] key = kdf(sessionKey, b64any(header.get("ctx").asString(), what + " ctx"));
        byte[] iv = b64any(parts[2], what + " IV");
        byte[] ct = b64any(parts[3], what + " ciphertext");
        try {
            if (iv.length == 16) {
                Cipher c = Cipher.getInstance("AES/CBC/PKCS5Padding");
                c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(iv));
                return c.doFinal(ct);
            }
            if (iv.length == 12) {
                byte[] tag = b64any(parts[4], what + " tag");
                Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
                c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(tag.length * 8, iv));
                c.updateAAD(parts[0].getBytes(StandardCharsets.US_ASCII));
                byte[] all = Arrays.copyOf(ct, ct.length + tag.length);
                System.arraycopy(tag, 0, all, ct.length, tag.length);
                return c.doFinal(all);
            }
            throw protocol(what + ": the JWE IV has " + iv.length + " bytes (16 for AES-CBC or 12 for AES-GCM expected)");
        } catch (GeneralSecurityException e) {
            throw protocol(what + " does not decrypt under the PRT session key (" + e.getClass().getSimpleName() + ")");
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    /**
     * SP 800-108 counter-mode KDF with HMAC-SHA256, 256 bits out: HMAC(key, [1]_32be || label || 0x00 || context ||
     * [256]_32be) — one block, since L equals the PRF's output length.
     */
    public static byte[] kdf(byte[] key, byte[] context) throws DeviceException {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            ByteBuffer fixed = ByteBuffer.allocate(4 + KDF_LABEL.length + 1 + context.length + 4);
            fixed.putInt(1).put(KDF_LABEL).put((byte) 0).put(context).putInt(256);
            return mac.doFinal(fixed.array());
        } catch (GeneralSecurityException e) {
            throw new DeviceException("HMAC-SHA256 is not available: " + e.getMessage(), e);
        }
    }

    public static String b64url(byte[] b) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /** Standard or URL-safe base64, padded or not: clients and servers differ (§3.2a). */
    static byte[] b64any(String s, String what) throws DeviceException {
        String t = s.strip().replace('-', '+').replace('_', '/').replace("=", "");
        try {
            return Base64.getDecoder().decode(t + "=".repeat((4 - t.length() % 4) % 4));
        } catch (IllegalArgumentException e) {
            throw protocol(what + " is not base64");
        }
    }

    static DeviceException protocol(String m) {
        return new DeviceException("unexpected reply from the cloud: " + m);
    }
}
