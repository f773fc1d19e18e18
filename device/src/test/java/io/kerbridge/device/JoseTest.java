package io.kerbridge.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.MGF1ParameterSpec;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * The JOSE pieces of the PRT exchange, against encodings built here from protocol-notes §2.2/§3.2a (not from the
 * cloud's code): the KDF's fixed-data layout, clientKey JWEs in both cipher forms, session_key_jwe, RS256 JWS, the
 * BCRYPT_RSAKEY_BLOB and kid.
 */
class JoseTest {
    final SecureRandom random = new SecureRandom();

    static byte[] range(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) i;
        }
        return b;
    }

    @Test
    void kdfIsOneHmacOverCounterLabelZeroContextLength() throws Exception {
        byte[] key = range(32);
        byte[] ctx = range(24);
        ByteBuffer msg = ByteBuffer.allocate(4 + 26 + 1 + 24 + 4);
        msg.put(new byte[] {0, 0, 0, 1}).put("AzureAD-SecureConversation".getBytes(StandardCharsets.US_ASCII)).put((byte) 0)
                .put(ctx).put(new byte[] {0, 0, 1, 0});
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        assertThat(Jose.kdf(key, ctx)).isEqualTo(mac.doFinal(msg.array()));
    }

    /** A clientKey JWE as §3.2a describes it: {"alg":"dir","enc":"A256GCM","ctx"}, CBC (16-byte IV) or GCM (12). */
    String clientKeyJwe(byte[] sessionKey, byte[] plain, boolean gcm) throws Exception {
        byte[] ctx = new byte[24];
        random.nextBytes(ctx);
        String header = Jose.b64url(("{\"alg\":\"dir\",\"enc\":\"A256GCM\",\"ctx\":\"" + Base64.getEncoder().encodeToString(ctx)
                + "\"}").getBytes(StandardCharsets.US_ASCII));
        byte[] k = Jose.kdf(sessionKey, ctx);
        byte[] iv = new byte[gcm ? 12 : 16];
        random.nextBytes(iv);
        if (gcm) {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(k, "AES"), new GCMParameterSpec(128, iv));
            c.updateAAD(header.getBytes(StandardCharsets.US_ASCII));
            byte[] out = c.doFinal(plain);
            byte[] ct = java.util.Arrays.copyOf(out, out.length - 16);
            byte[] tag = java.util.Arrays.copyOfRange(out, out.length - 16, out.length);
            return header + ".." + Jose.b64url(iv) + "." + Jose.b64url(ct) + "." + Jose.b64url(tag);
        }
        Cipher c = Cipher.getInstance("AES/CBC/PKCS5Padding");
        c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(k, "AES"), new IvParameterSpec(iv));
        return header + ".." + Jose.b64url(iv) + "." + Jose.b64url(c.doFinal(plain)) + ".";
    }

    @Test
    void clientKeyJweInBothCipherForms() throws Exception {
        byte[] session = new byte[32];
        byte[] key = new byte[32];
        random.nextBytes(session);
        random.nextBytes(key);
        for (boolean gcm : new boolean[] {false, true}) {
            assertThat(Jose.decryptUnderSessionKey(clientKeyJwe(session, key, gcm), session, "tgt_ad.clientKey")).isEqualTo(key);
            byte[] other = new byte[32];
            random.nextBytes(other);
            String jwe = clientKeyJwe(session, key, gcm);
            assertThatThrownBy(() -> Jose.decryptUnderSessionKey(jwe, other, "tgt_ad.clientKey"))
                    .hasMessageContaining("does not decrypt under the PRT session key");
        }
        assertThatThrownBy(() -> Jose.decryptUnderSessionKey("a.b.c", session, "x")).hasMessageContaining("5-part");
    }

    @Test
    void sessionKeyJweUnwrapsWithTheTransportKeyOnly() throws Exception {
        KeyPair transport = KeyMaterial.newRsaKey(random);
        byte[] session = new byte[32];
        random.nextBytes(session);
        Cipher c = Cipher.getInstance("RSA/ECB/OAEPPadding");
        c.init(Cipher.ENCRYPT_MODE, transport.getPublic(), new OAEPParameterSpec("SHA-1", "MGF1", MGF1ParameterSpec.SHA1,
                PSource.PSpecified.DEFAULT));
        String jwe = Jose.b64url("{\"enc\":\"A256GCM\",\"alg\":\"RSA-OAEP\"}".getBytes(StandardCharsets.US_ASCII)) + "."
                + Jose.b64url(c.doFinal(session)) + ".aaaa.bbbb.cccc";
        assertThat(Jose.unwrapSessionKey(jwe, transport.getPrivate())).isEqualTo(session);
        KeyPair other = KeyMaterial.newRsaKey(random);
        assertThatThrownBy(() -> Jose.unwrapSessionKey(jwe, other.getPrivate())).hasMessageContaining("transport key");
    }

    @Test
    void rs256JwsVerifies() throws Exception {
        KeyPair k = KeyMaterial.newRsaKey(random);
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("alg", "RS256");
        h.put("x5c", "AAAA");
        String jws = Jose.signRs256(h, Map.of("aud", "t"), k.getPrivate());
        String[] p = jws.split("\\.");
        assertThat(new String(Base64.getUrlDecoder().decode(p[0]), StandardCharsets.UTF_8)).isEqualTo("{\"alg\":\"RS256\",\"x5c\":\"AAAA\"}");
        Signature s = Signature.getInstance("SHA256withRSA");
        s.initVerify(k.getPublic());
        s.update((p[0] + "." + p[1]).getBytes(StandardCharsets.US_ASCII));
        assertThat(s.verify(Base64.getUrlDecoder().decode(p[2]))).isTrue();
    }

    @Test
    void bcryptBlobAndKid() throws Exception {
        RSAPublicKey pub = (RSAPublicKey) KeyMaterial.newRsaKey(random).getPublic();
        byte[] blob = RsaKeyBlob.encode(pub);
        assertThat(new String(blob, 0, 4, StandardCharsets.US_ASCII)).isEqualTo("RSA1");
        ByteBuffer b = ByteBuffer.wrap(blob).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.getInt();
        assertThat(b.getInt()).isEqualTo(2048);
        assertThat(b.getInt()).isEqualTo(3); // 65537
        assertThat(b.getInt()).isEqualTo(256);
        assertThat(b.getInt()).isZero();
        assertThat(b.getInt()).isZero();
        assertThat(blob).hasSize(24 + 3 + 256);
        assertThat(RsaKeyBlob.kid(pub)).hasSize(44).endsWith("=")
                .isEqualTo(Base64.getEncoder().encodeToString(java.security.MessageDigest.getInstance("SHA-256").digest(blob)));
        assertThat(RsaKeyBlob.kidForPath("a+b/c=")).isEqualTo("a-b_c");
    }
}
