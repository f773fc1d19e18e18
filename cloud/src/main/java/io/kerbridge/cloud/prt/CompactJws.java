// RFC 7515 §7.1 (JWS compact serialization) and §5.2 (validation), RFC 7518 §3.2 (HS256), §3.3 (RS256);
// protocol-notes §3.2a (the outer request JWT, the Hello assertion and the refresh request are compact JWS;
// their headers carry x5c as a string (R) or an array (H), kid/use, ctx/kdf_ver).
package io.kerbridge.cloud.prt;

import io.kerbridge.cloud.http.Json;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;
import java.util.Optional;
import java.util.OptionalLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * A compact JWS taken apart, its signature not yet checked. Parsing is our own (not a JOSE library's) because
 * clients put non-standard values in the header (x5c as a plain string) that strict parsers refuse; header and
 * payload must be JSON objects without duplicate names. The signature checks are {@link #verifyRs256} (RSA
 * keys of at least 2048 bits) and {@link #verifyHs256} (constant-time comparison).
 */
public final class CompactJws {
    public static final int MIN_RSA_BITS = 2048;

    private final JsonNode header;
    private final JsonNode payload;
    private final byte[] payloadBytes;
    private final byte[] signingInput;
    private final byte[] signature;

    private CompactJws(JsonNode header, JsonNode payload, byte[] payloadBytes, byte[] signingInput, byte[] signature) {
        this.header = header;
        this.payload = payload;
        this.payloadBytes = payloadBytes;
        this.signingInput = signingInput;
        this.signature = signature;
    }

    /** Parses {@code token}; any defect is {@code error} naming {@code what} ("request", "assertion"). */
    public static CompactJws parse(String token, PrtError error, String what) throws OAuthException {
        String[] parts = token == null ? new String[0] : token.split("\\.", -1);
        if (parts.length != 3 || parts[0].isEmpty() || parts[1].isEmpty() || parts[2].isEmpty()) {
            throw error.with("The " + what + " JWT is malformed: expected three non-empty dot-separated parts.");
        }
        try {
            Base64.Decoder d = Base64.getUrlDecoder();
            byte[] headerBytes = d.decode(parts[0]);
            byte[] payloadBytes = d.decode(parts[1]);
            byte[] signature = d.decode(parts[2]);
            JsonNode header = Json.MAPPER.readTree(new String(headerBytes, StandardCharsets.UTF_8));
            JsonNode payload = Json.MAPPER.readTree(new String(payloadBytes, StandardCharsets.UTF_8));
            if (header == null || !header.isObject() || payload == null || !payload.isObject()) {
                throw error.with("The " + what + " JWT's header and payload must be JSON objects.");
            }
            byte[] input = (parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII);
            return new CompactJws(header, payload, payloadBytes, input, signature);
        } catch (IllegalArgumentException e) {
            throw error.with("The " + what + " JWT is malformed: a part is not base64url.");
        } catch (JacksonException e) {
            throw error.with("The " + what + " JWT is malformed: its header or payload is not valid JSON.");
        }
    }

    public JsonNode header() {
        return header;
    }

    public JsonNode payload() {
        return payload;
    }

    /** The decoded payload bytes (KDF v2 hashes them). */
    public byte[] payloadBytes() {
        return payloadBytes.clone();
    }

    public Optional<String> alg() {
        return text(header, "alg");
    }

    public Optional<String> headerText(String name) {
        return text(header, name);
    }

    /** A string claim, empty when absent or not a string. */
    public Optional<String> claim(String name) {
        return text(payload, name);
    }

    /** A numeric claim (a JSON number, or a string of digits as some clients send), empty otherwise. */
    public OptionalLong numericClaim(String name) {
        JsonNode n = payload.get(name);
        if (n != null && n.isIntegralNumber() && n.canConvertToLong()) {
            return OptionalLong.of(n.asLong());
        }
        if (n != null && n.isString() && n.asString().matches("-?\\d{1,18}")) {
            return OptionalLong.of(Long.parseLong(n.asString()));
        }
        return OptionalLong.empty();
    }

    /** RS256 over the signing input with an RSA key of at least {@value #MIN_RSA_BITS} bits. */
    public boolean verifyRs256(PublicKey key) {
        if (!(key instanceof RSAPublicKey rsa) || rsa.getModulus().bitLength() < MIN_RSA_BITS
                || !alg().orElse("").equals("RS256")) {
            return false;
        }
        try {
            Signature s = Signature.getInstance("SHA256withRSA");
            s.initVerify(key);
            s.update(signingInput);
            return s.verify(signature);
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    /** HS256 with {@code key}, compared in constant time. */
    public boolean verifyHs256(byte[] key) {
        if (!alg().orElse("").equals("HS256")) {
            return false;
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return MessageDigest.isEqual(mac.doFinal(signingInput), signature);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is unavailable", e);
        }
    }

    static Optional<String> text(JsonNode obj, String name) {
        JsonNode n = obj.get(name);
        return n != null && n.isString() ? Optional.of(n.asString()) : Optional.empty();
    }
}
