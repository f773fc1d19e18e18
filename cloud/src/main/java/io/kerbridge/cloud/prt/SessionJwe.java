// protocol-notes §2.2 (session_key_jwe: RSA-OAEP (MGF1/SHA-1) wrap of the session key to the device transport
// key; clientKey: JWE under a key derived from the session key with header ctx), §3.2a (session_key_jwe header
// {"enc":"A256GCM","alg":"RSA-OAEP"}, 5 segments, AES-GCM of an empty payload; clientKey header
// {"alg":"dir","enc":"A256GCM","ctx":"<std b64, padded>"} with a 16-byte IV and AES-256-CBC/PKCS7 so that both
// R and H decrypt it; the refresh reply is decrypted the same way with KDF v1 on its own ctx).
// RFC 7516 §7.1 (JWE compact serialization), RFC 7518 §4.3 (RSA-OAEP).
package io.kerbridge.cloud.prt;

import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.RSAEncrypter;
import io.kerbridge.cloud.http.Json;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/** The two JWE shapes of the PRT reply: the session key to the transport key, and data under the session key. */
public final class SessionJwe {
    public static final int SESSION_KEY_BYTES = 32;
    public static final int CTX_BYTES = 24;
    private static final int IV_BYTES = 16;

    private final SecureRandom random;

    public SessionJwe(SecureRandom random) {
        this.random = random;
    }

    /** A fresh 32-byte session key. */
    public byte[] newSessionKey() {
        byte[] k = new byte[SESSION_KEY_BYTES];
        random.nextBytes(k);
        return k;
    }

    /** {@code session_key_jwe}: the encrypted-key segment is RSA-OAEP-SHA1(transport key, session key). */
    public String sessionKeyJwe(RSAPublicKey transportKey, byte[] sessionKey) {
        JWEObject jwe = new JWEObject(new JWEHeader(JWEAlgorithm.RSA_OAEP, EncryptionMethod.A256GCM),
                new Payload(new byte[0]));
        try {
            jwe.encrypt(new RSAEncrypter(transportKey, new SecretKeySpec(sessionKey, "AES")));
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot wrap the session key to the transport key", e);
        }
        return jwe.serialize();
    }

    /**
     * {@code plaintext} under KDF v1(session key, fresh 24-byte ctx): {@code header..iv.ciphertext.} with the
     * header {@code {"alg":"dir","enc":"A256GCM","ctx":...}}, a 16-byte IV, AES-256-CBC with PKCS#7 padding and
     * no tag (the form both R and H decrypt; §3.2a).
     */
    public String encryptUnderSessionKey(byte[] sessionKey, byte[] plaintext) {
        byte[] ctx = new byte[CTX_BYTES];
        random.nextBytes(ctx);
        byte[] iv = new byte[IV_BYTES];
        random.nextBytes(iv);
        byte[] key = SessionKeyKdf.v1(sessionKey, ctx);
        try {
            Map<String, String> header = new LinkedHashMap<>();
            header.put("alg", "dir");
            header.put("enc", "A256GCM");
            header.put("ctx", Base64.getEncoder().encodeToString(ctx));
            Cipher aes = Cipher.getInstance("AES/CBC/PKCS5Padding"); // PKCS#5 padding of a 16-byte block = PKCS#7
            aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(iv));
            byte[] ct = aes.doFinal(plaintext);
            Base64.Encoder b64u = Base64.getUrlEncoder().withoutPadding();
            return b64u.encodeToString(Json.MAPPER.writeValueAsString(header).getBytes(StandardCharsets.UTF_8)) + ".."
                    + b64u.encodeToString(iv) + "." + b64u.encodeToString(ct) + ".";
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-256-CBC is unavailable", e);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }
}
