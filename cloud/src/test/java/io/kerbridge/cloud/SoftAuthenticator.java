package io.kerbridge.cloud;

import io.kerbridge.cloud.http.Json;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A software FIDO2 authenticator for tests (written from W3C WebAuthn Level 2 §6.1 authenticator data, §6.5.2
 * attested credential data, §6.5.4 attestation object with fmt "none", and RFC 8152 COSE keys): it answers
 * creation and request options the way a browser plus security key would, and lets a test break one thing at a
 * time (origin, UV flag, counter, RP ID).
 */
final class SoftAuthenticator {
    enum Alg { ES256, RS256 }

    static final byte UP = 0x01;
    static final byte UV = 0x04;
    static final byte AT = 0x40;

    final Alg alg;
    final KeyPair keys;
    final byte[] credentialId;
    final byte[] aaguid = new byte[16];
    long counter;

    SoftAuthenticator(Alg alg, byte[] credentialId) throws Exception {
        this.alg = alg;
        this.credentialId = credentialId.clone();
        KeyPairGenerator g = KeyPairGenerator.getInstance(alg == Alg.ES256 ? "EC" : "RSA");
        if (alg == Alg.ES256) {
            g.initialize(new ECGenParameterSpec("secp256r1"));
        } else {
            g.initialize(2048);
        }
        keys = g.generateKeyPair();
        Arrays.fill(aaguid, (byte) 0x5A);
    }

    String id() {
        return b64u(credentialId);
    }

    /** What the register page would send for these creation options (JSON form, as RegistrationResponseJSON). */
    ObjectNode create(JsonNode options, String origin, byte flags) throws Exception {
        String rpId = options.get("rp").get("id").asString();
        byte[] clientData = clientData("webauthn.create", options.get("challenge").asString(), origin);
        byte[] authData = authData(rpId, (byte) (flags | AT), counter, true);
        Cbor att = new Cbor().map(3).text("fmt").text("none").text("attStmt").map(0).text("authData").bytes(authData);
        ObjectNode response = Json.MAPPER.createObjectNode().put("clientDataJSON", b64u(clientData))
                .put("attestationObject", b64u(att.toByteArray()));
        response.putArray("transports").add("usb");
        ObjectNode cred = Json.MAPPER.createObjectNode().put("id", id()).put("rawId", id()).put("type", "public-key");
        cred.set("response", response);
        return cred;
    }

    ObjectNode create(JsonNode options, String origin) throws Exception {
        return create(options, origin, (byte) (UP | UV));
    }

    /** An assertion object in the Fido2Assertions shape: signs authData || SHA-256(clientDataJSON) (§6.3.3). */
    ObjectNode get(String rpId, byte[] challenge, String origin, byte flags, long count, byte[] userHandle) throws Exception {
        byte[] clientData = clientData("webauthn.get", b64u(challenge), origin);
        byte[] authData = authData(rpId, flags, count, false);
        Signature s = Signature.getInstance(alg == Alg.ES256 ? "SHA256withECDSA" : "SHA256withRSA");
        s.initSign(keys.getPrivate());
        s.update(authData);
        s.update(MessageDigest.getInstance("SHA-256").digest(clientData));
        ObjectNode a = Json.MAPPER.createObjectNode().put("credentialId", id()).put("clientDataJSON", b64u(clientData))
                .put("authenticatorData", b64u(authData)).put("signature", b64u(s.sign()));
        if (userHandle != null) {
            a.put("userHandle", b64u(userHandle));
        }
        return a;
    }

    /** A well-formed assertion for the next counter value. */
    ObjectNode get(String rpId, String nonce, String origin) throws Exception {
        return get(rpId, nonce.getBytes(StandardCharsets.UTF_8), origin, (byte) (UP | UV), ++counter, null);
    }

    private static byte[] clientData(String type, String challenge, String origin) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("type", type);
        c.put("challenge", challenge);
        c.put("origin", origin);
        c.put("crossOrigin", false);
        return Json.MAPPER.writeValueAsBytes(c);
    }

    /** §6.1: rpIdHash | flags | signCount (big-endian u32) | [attested credential data]. */
    private byte[] authData(String rpId, byte flags, long count, boolean attested) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(MessageDigest.getInstance("SHA-256").digest(rpId.getBytes(StandardCharsets.UTF_8)));
        out.write(flags);
        out.write(ByteBuffer.allocate(4).putInt((int) count).array());
        if (attested) { // §6.5.2: AAGUID | L (u16) | credentialId | COSE key
            out.write(aaguid);
            out.write(ByteBuffer.allocate(2).putShort((short) credentialId.length).array());
            out.write(credentialId);
            out.write(coseKey());
        }
        return out.toByteArray();
    }

    /** RFC 8152 §13: EC2 {1:2, 3:-7, -1:1 (P-256), -2:x, -3:y} or RSA (RFC 8230) {1:3, 3:-257, -1:n, -2:e}. */
    private byte[] coseKey() {
        if (keys.getPublic() instanceof ECPublicKey ec) {
            return new Cbor().map(5).integer(1).integer(2).integer(3).integer(-7).integer(-1).integer(1)
                    .integer(-2).bytes(unsigned(ec.getW().getAffineX(), 32)).integer(-3)
                    .bytes(unsigned(ec.getW().getAffineY(), 32)).toByteArray();
        }
        RSAPublicKey rsa = (RSAPublicKey) keys.getPublic();
        return new Cbor().map(4).integer(1).integer(3).integer(3).integer(-257).integer(-1)
                .bytes(unsigned(rsa.getModulus(), 0)).integer(-2).bytes(unsigned(rsa.getPublicExponent(), 0)).toByteArray();
    }

    private static byte[] unsigned(BigInteger v, int width) {
        byte[] b = v.toByteArray();
        if (b.length > 1 && b[0] == 0) {
            b = Arrays.copyOfRange(b, 1, b.length);
        }
        if (width == 0 || b.length == width) {
            return b;
        }
        byte[] out = new byte[width];
        System.arraycopy(b, 0, out, width - b.length, b.length);
        return out;
    }

    static String b64u(byte[] b) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /** The few RFC 8949 CBOR items these structures need (definite lengths only). */
    static final class Cbor {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        private Cbor head(int major, long v) {
            if (v < 24) {
                out.write(major << 5 | (int) v);
            } else if (v < 0x100) {
                out.write(major << 5 | 24);
                out.write((int) v);
            } else if (v < 0x10000) {
                out.write(major << 5 | 25);
                out.writeBytes(ByteBuffer.allocate(2).putShort((short) v).array());
            } else {
                out.write(major << 5 | 26);
                out.writeBytes(ByteBuffer.allocate(4).putInt((int) v).array());
            }
            return this;
        }

        Cbor integer(long v) {
            return v >= 0 ? head(0, v) : head(1, -1 - v);
        }

        Cbor bytes(byte[] b) {
            return bytes0(2, b);
        }

        Cbor text(String s) {
            return bytes0(3, s.getBytes(StandardCharsets.UTF_8));
        }

        private Cbor bytes0(int major, byte[] b) {
            head(major, b.length);
            out.writeBytes(b);
            return this;
        }

        Cbor map(int entries) {
            return head(5, entries);
        }

        byte[] toByteArray() {
            return out.toByteArray();
        }
    }
}
