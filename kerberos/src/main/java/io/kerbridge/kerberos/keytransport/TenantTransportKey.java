package io.kerbridge.kerberos.keytransport;

import io.kerbridge.kerberos.Bytes;
import io.kerbridge.kerberos.keytransport.KeyTransportException.Reason;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.ECPublicKey;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The tenant's published transport key: a P-256 public key the DC admin tool encrypts Kerberos
 * domain keys to (protocol-notes §1.3: Entra publishes an ECDH P-256 key for the same purpose).
 *
 * <p><b>Published form: a JWK</b> (RFC 7517/7518 §6.2), exactly
 * <pre>{"kty":"EC","crv":"P-256","x":"&lt;b64url&gt;","y":"&lt;b64url&gt;","kid":"&lt;thumbprint&gt;","use":"enc"}</pre>
 * The kerberos module has no JSON library, so {@link #toJwk()} writes that string and
 * {@link #fromJwk(String)} is a deliberately narrow parser: one flat object whose members are
 * exactly {@code kty, crv, x, y, kid} and optionally {@code use} (which must then be {@code enc}),
 * each a string of printable ASCII without escapes; no duplicates, no other members, nothing after
 * the closing brace. {@code x} and {@code y} are unpadded base64url of exactly 32 octets and must be
 * a point on P-256.
 *
 * <p><b>kid</b> is always the RFC 7638 JWK thumbprint (base64url SHA-256 of
 * {@code {"crv":"P-256","kty":"EC","x":..,"y":..}}), and {@link #fromJwk} refuses a JWK whose kid is
 * anything else. So a kid names exactly one key, the cloud can pick the private key for an envelope
 * by kid, and a kid cannot be re-pointed at another key.
 */
public final class TenantTransportKey {
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();
    private static final int MAX_JWK_CHARS = 1024;
    private static final Set<String> REQUIRED = Set.of("kty", "crv", "x", "y", "kid");

    private final ECPublicKey key;
    private final byte[] point;
    private final String kid;

    private TenantTransportKey(ECPublicKey key) {
        this.key = key;
        this.point = P256.encode(key.getW());
        this.kid = thumbprint(point);
    }

    /** Wraps a P-256 public key (validated to lie on the curve). */
    public static TenantTransportKey of(ECPublicKey key) throws KeyTransportException {
        Objects.requireNonNull(key, "key");
        if (!P256.isP256(key.getParams())) {
            throw new KeyTransportException(Reason.INVALID_PUBLIC_KEY, "not a P-256 key");
        }
        return new TenantTransportKey(P256.fromCoordinates(key.getW().getAffineX(), key.getW().getAffineY()));
    }

    /** From the SEC 1 uncompressed point (0x04 || X || Y). */
    public static TenantTransportKey fromPoint(Bytes uncompressedPoint) throws KeyTransportException {
        if (uncompressedPoint.length() != P256.POINT_BYTES) {
            throw new KeyTransportException(Reason.MALFORMED, "EC point must be 65 octets");
        }
        return new TenantTransportKey(P256.decode(uncompressedPoint.unsafeArray(), 0));
    }

    static TenantTransportKey trusted(ECPublicKey key) {
        return new TenantTransportKey(key);
    }

    /** The RFC 7638 thumbprint of this key, base64url (43 characters). */
    public String kid() {
        return kid;
    }

    public ECPublicKey publicKey() {
        return key;
    }

    /** SEC 1 uncompressed point, 65 octets. */
    public Bytes point() {
        return Bytes.of(point);
    }

    byte[] pointUnsafe() {
        return point;
    }

    /** The published JWK, members in the order shown in the class comment. */
    public String toJwk() {
        return "{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"" + x(point) + "\",\"y\":\"" + y(point)
                + "\",\"kid\":\"" + kid + "\",\"use\":\"enc\"}";
    }

    /** Parses and validates a published JWK; see the class comment for exactly what is accepted. */
    public static TenantTransportKey fromJwk(String jwk) throws KeyTransportException {
        Map<String, String> m = FlatJson.parse(jwk, MAX_JWK_CHARS);
        for (String name : m.keySet()) {
            if (!REQUIRED.contains(name) && !name.equals("use")) {
                throw new KeyTransportException(Reason.INVALID_JWK, "unexpected member " + name);
            }
        }
        for (String name : REQUIRED) {
            if (!m.containsKey(name)) {
                throw new KeyTransportException(Reason.INVALID_JWK, "missing member " + name);
            }
        }
        if (!m.get("kty").equals("EC") || !m.get("crv").equals("P-256")) {
            throw new KeyTransportException(Reason.INVALID_JWK, "kty must be EC and crv P-256");
        }
        if (m.containsKey("use") && !m.get("use").equals("enc")) {
            throw new KeyTransportException(Reason.INVALID_JWK, "use must be enc");
        }
        BigInteger x = coordinate(m.get("x"), "x");
        BigInteger y = coordinate(m.get("y"), "y");
        TenantTransportKey k = new TenantTransportKey(P256.fromCoordinates(x, y));
        if (!k.kid.equals(m.get("kid"))) {
            throw new KeyTransportException(Reason.INVALID_JWK, "kid is not the RFC 7638 thumbprint of the key");
        }
        return k;
    }

    private static BigInteger coordinate(String b64, String name) throws KeyTransportException {
        byte[] raw;
        try {
            raw = B64D.decode(b64);
        } catch (IllegalArgumentException e) {
            throw new KeyTransportException(Reason.INVALID_JWK, name + " is not base64url");
        }
        // Unpadded and canonical: re-encoding must give back the same text (no padding, no stray bits).
        if (raw.length != P256.FIELD_BYTES || !B64.encodeToString(raw).equals(b64)) {
            throw new KeyTransportException(Reason.INVALID_JWK, name + " must be 32 octets, unpadded base64url");
        }
        return new BigInteger(1, raw);
    }

    private static String x(byte[] point) {
        return B64.encodeToString(java.util.Arrays.copyOfRange(point, 1, 1 + P256.FIELD_BYTES));
    }

    private static String y(byte[] point) {
        return B64.encodeToString(java.util.Arrays.copyOfRange(point, 1 + P256.FIELD_BYTES, P256.POINT_BYTES));
    }

    /** RFC 7638 §3: SHA-256 over the required members in lexicographic order, no whitespace. */
    static String thumbprint(byte[] point) {
        String canonical = "{\"crv\":\"P-256\",\"kty\":\"EC\",\"x\":\"" + x(point) + "\",\"y\":\"" + y(point) + "\"}";
        try {
            return B64.encodeToString(MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required in every JRE", e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TenantTransportKey k && MessageDigest.isEqual(k.point, point);
    }

    @Override
    public int hashCode() {
        return kid.hashCode();
    }

    @Override
    public String toString() {
        return "TenantTransportKey[P-256, kid=" + kid + "]";
    }

    /** The narrow JSON reader for {@link #fromJwk}: one flat object of string members, no escapes. */
    static final class FlatJson {
        private final String s;
        private int i;

        private FlatJson(String s) {
            this.s = s;
        }

        static Map<String, String> parse(String s, int maxChars) throws KeyTransportException {
            if (s == null || s.length() > maxChars) {
                throw new KeyTransportException(Reason.INVALID_JWK, "missing or longer than " + maxChars + " characters");
            }
            FlatJson p = new FlatJson(s);
            Map<String, String> out = new LinkedHashMap<>();
            p.ws();
            p.expect('{');
            p.ws();
            if (p.peek() != '}') {
                while (true) {
                    String name = p.string();
                    p.ws();
                    p.expect(':');
                    p.ws();
                    String value = p.string();
                    if (out.put(name, value) != null) {
                        throw new KeyTransportException(Reason.INVALID_JWK, "duplicate member " + name);
                    }
                    p.ws();
                    if (p.peek() == ',') {
                        p.i++;
                        p.ws();
                        continue;
                    }
                    break;
                }
            }
            p.expect('}');
            p.ws();
            if (p.i != s.length()) {
                throw new KeyTransportException(Reason.INVALID_JWK, "data after the closing brace");
            }
            return out;
        }

        private int peek() {
            return i < s.length() ? s.charAt(i) : -1;
        }

        private void ws() {
            while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t' || s.charAt(i) == '\n' || s.charAt(i) == '\r')) {
                i++;
            }
        }

        private void expect(char c) throws KeyTransportException {
            if (peek() != c) {
                throw new KeyTransportException(Reason.INVALID_JWK, "expected '" + c + "' at " + i);
            }
            i++;
        }

        private String string() throws KeyTransportException {
            expect('"');
            int start = i;
            while (i < s.length() && s.charAt(i) != '"') {
                char c = s.charAt(i);
                if (c < 0x20 || c > 0x7e || c == '\\') {
                    throw new KeyTransportException(Reason.INVALID_JWK, "escape or non-printable character at " + i);
                }
                i++;
            }
            String v = s.substring(start, i);
            expect('"');
            return v;
        }
    }
}
