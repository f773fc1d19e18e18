// protocol-notes §3.2 (steps 1-6: nonce, Hello assertion, device-signed request with tgt=true, reply, session key
// unwrapped with the transport key) and §3.2a field by field, R (ROADtools) style: two nonces (the first in the outer
// JWT, the second in the assertion), outer header {"alg":"RS256","typ":"JWT","x5c":"<b64 DER>" (a string),"kdf_ver":2},
// payload without iat/exp/aud; assertion header {"alg":"RS256","typ":"JWT","kid":<std b64 of SHA-256 over the Hello
// key's BCRYPT_RSAKEY_BLOB>,"use":"ngc"}, payload {"iss":UPN,"aud":"common","iat","exp","request_nonce","scope"}; form
// windows_api_version=2.2, grant_type=jwt-bearer, request, client_info=1, tgt=true. §2.2 (tgt_ad / tgt_cloud: a JSON
// string holding clientKey (JWE under the session key, KDF v1), keyType (0 = none, 18), messageBuffer (base64 DER
// AS-REP), error; the AS-REP enc-part decrypts with clientKey, key usage 3), §2.3 (what the AS-REP names),
// §5.1 (tgt_cloud for KERBEROS.MICROSOFTONLINE.COM), §3.5 (kerberos_top_level_names).
package io.kerbridge.device;

import io.kerbridge.kerberos.Bytes;
import io.kerbridge.kerberos.asn1.DerException;
import io.kerbridge.kerberos.client.KdcReply;
import io.kerbridge.kerberos.crypto.Enctype;
import io.kerbridge.kerberos.crypto.Enctypes;
import io.kerbridge.kerberos.crypto.IntegrityException;
import io.kerbridge.kerberos.msg.EncKdcRepPart;
import io.kerbridge.kerberos.msg.KdcRep;
import io.kerbridge.kerberos.msg.KrbCodec;
import io.kerbridge.kerberos.types.EncType;
import io.kerbridge.kerberos.types.EncryptionKey;
import io.kerbridge.kerberos.types.KeyUsage;
import io.kerbridge.kerberos.types.MessageType;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/** One PRT sign-in with the Hello key, as a Windows device does it, and the decoding of everything in the reply. */
public final class PrtClient {
    /** The client id R sends (the Windows broker's); the cloud does not check it. */
    public static final String CLIENT_ID = "38aa3b87-a06d-4817-b275-7a316988d93b";
    public static final String SCOPE = "openid aza ugs";
    public static final String JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer";
    public static final String API_VERSION = "2.2";
    /** The assertion's validity either side of now (H uses ±300 s; the cloud allows an hour back, two hours long). */
    static final long ASSERTION_SKEW = 300;

    /**
     * One {@code tgt_*} field: a ticket (the verified AS-REP, as {@link KdcReply}) or, with keyType 0, the cloud's
     * reason for not issuing one.
     */
    public record Tgt(int keyType, Optional<KdcReply> ticket, Optional<String> error) {
        public boolean present() {
            return ticket.isPresent();
        }
    }

    /** The reply, decoded. {@code sessionKey} is the raw 32-byte PRT session key; callers seal it and wipe it. */
    public record Result(String refreshToken, byte[] sessionKey, Instant issuedAt, Instant expiresOn, Optional<Tgt> tgtAd,
            Optional<Tgt> tgtCloud, Optional<String> kerberosTopLevelNames, Optional<String> userId) {
        @Override
        public String toString() {
            return "PrtClient.Result[expires " + expiresOn + ", tgt_ad " + tgtAd.map(Tgt::present) + ", tgt_cloud "
                    + tgtCloud.map(Tgt::present) + "]";
        }
    }

    private final CloudClient cloud;
    private final Clock clock;

    public PrtClient(CloudClient cloud, Clock clock) {
        this.cloud = cloud;
        this.clock = clock;
    }

    public Result signIn(String tenantId, DeviceKeyStore device, HelloKeyStore.Unlocked hello, String upn)
            throws DeviceException {
        String outerNonce = cloud.nonce();
        String assertionNonce = cloud.nonce();
        Instant now = clock.instant();
        String request = Jose.signRs256(outerHeader(device), outerClaims(upn, outerNonce,
                assertion(hello, upn, assertionNonce, now)), device.deviceKey());
        Map<String, String> form = new LinkedHashMap<>();
        form.put("windows_api_version", API_VERSION);
        form.put("grant_type", JWT_BEARER);
        form.put("request", request);
        form.put("client_info", "1");
        form.put("tgt", "true");
        JsonNode reply = cloud.token(tenantId, form);
        return decode(reply, device, now);
    }

    /**
     * The same request with a FIDO2 security key: the cloud's sign-in page had the key sign {@code nonce} (WebAuthn
     * challenge = the nonce's UTF-8 bytes), and the assertion object goes in the claim {@code webauthn} in place of
     * the Hello assertion; {@code request_nonce} is that nonce.
     */
    public Result signInWithSecurityKey(String tenantId, DeviceKeyStore device, String upn, String nonce, JsonNode webauthn)
            throws DeviceException {
        Instant now = clock.instant();
        Map<String, Object> claims = outerClaims(upn, nonce, null);
        claims.remove("assertion");
        claims.put("webauthn", webauthn);
        String request = Jose.signRs256(outerHeader(device), claims, device.deviceKey());
        Map<String, String> form = new LinkedHashMap<>();
        form.put("windows_api_version", API_VERSION);
        form.put("grant_type", JWT_BEARER);
        form.put("request", request);
        form.put("client_info", "1");
        form.put("tgt", "true");
        return decode(cloud.token(tenantId, form), device, now);
    }

    static Map<String, Object> outerHeader(DeviceKeyStore device) throws DeviceException {
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("alg", "RS256");
        h.put("typ", "JWT");
        h.put("x5c", device.x5c());
        h.put("kdf_ver", 2);
        return h;
    }

    static Map<String, Object> outerClaims(String upn, String nonce, String assertion) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("client_id", CLIENT_ID);
        c.put("request_nonce", nonce);
        c.put("scope", SCOPE);
        c.put("group_sids", List.of());
        c.put("win_ver", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        c.put("grant_type", JWT_BEARER);
        c.put("username", upn);
        c.put("assertion", assertion);
        return c;
    }

    static String assertion(HelloKeyStore.Unlocked hello, String upn, String nonce, Instant now) throws DeviceException {
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("alg", "RS256");
        h.put("typ", "JWT");
        h.put("kid", RsaKeyBlob.kid(hello.publicKey()));
        h.put("use", "ngc");
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("iss", upn);
        c.put("aud", "common");
        c.put("iat", now.getEpochSecond() - ASSERTION_SKEW);
        c.put("exp", now.getEpochSecond() + ASSERTION_SKEW);
        c.put("request_nonce", nonce);
        c.put("scope", SCOPE);
        return Jose.signRs256(h, c, hello.privateKey());
    }

    static Result decode(JsonNode reply, DeviceKeyStore device, Instant now) throws DeviceException {
        String rt = text(reply, "refresh_token");
        byte[] sessionKey = Jose.unwrapSessionKey(text(reply, "session_key_jwe"), device.transportKey());
        try {
            Optional<Tgt> ad = tgt(reply, "tgt_ad", sessionKey);
            Optional<Tgt> cloudTgt = tgt(reply, "tgt_cloud", sessionKey);
            Optional<String> names = Optional.ofNullable(reply.get("kerberos_top_level_names")).filter(JsonNode::isString)
                    .map(JsonNode::asString);
            return new Result(rt, sessionKey.clone(), now, expiry(reply, now), ad, cloudTgt, names, userId(reply));
        } finally {
            Arrays.fill(sessionKey, (byte) 0);
        }
    }

    /** refresh_token_expires_in (a number, seconds) else expires_on (a string of epoch seconds), else 14 days. */
    private static Instant expiry(JsonNode reply, Instant now) {
        JsonNode in = reply.get("refresh_token_expires_in");
        if (in != null && (in.isNumber() || in.isString()) && in.asString().matches("\\d{1,10}")) {
            return now.plusSeconds(Long.parseLong(in.asString()));
        }
        JsonNode on = reply.get("expires_on");
        if (on != null && on.asString("").matches("\\d{1,12}")) {
            return Instant.ofEpochSecond(Long.parseLong(on.asString()));
        }
        return now.plus(java.time.Duration.ofDays(14));
    }

    /** client_info = b64url({"uid","utid"}) when present (we asked with client_info=1). */
    private static Optional<String> userId(JsonNode reply) {
        try {
            JsonNode ci = reply.get("client_info");
            if (ci == null || !ci.isString()) {
                return Optional.empty();
            }
            JsonNode j = DeviceJson.MAPPER.readTree(Jose.b64any(ci.asString(), "client_info"));
            return Optional.ofNullable(j.get("uid")).filter(JsonNode::isString).map(JsonNode::asString);
        } catch (DeviceException | JacksonException e) {
            return Optional.empty();
        }
    }

    private static String text(JsonNode reply, String field) throws DeviceException {
        JsonNode v = reply.get(field);
        if (v == null || !v.isString() || v.asString().isEmpty()) {
            throw Jose.protocol("the PRT reply has no " + field);
        }
        return v.asString();
    }

    /** A tgt_* field: a JSON string holding a JSON object (§3.2a); a nested object is accepted too. */
    static Optional<Tgt> tgt(JsonNode reply, String field, byte[] sessionKey) throws DeviceException {
        JsonNode raw = reply.get(field);
        if (raw == null || raw.isNull()) {
            return Optional.empty();
        }
        JsonNode t;
        try {
            t = raw.isString() ? DeviceJson.MAPPER.readTree(raw.asString()) : raw;
        } catch (JacksonException e) {
            throw Jose.protocol(field + " is not JSON");
        }
        if (t == null || !t.isObject() || !t.path("keyType").canConvertToInt()) {
            throw Jose.protocol(field + " has no integer keyType");
        }
        int keyType = t.get("keyType").asInt();
        Optional<String> error = Optional.ofNullable(t.get("error")).filter(JsonNode::isString).map(JsonNode::asString)
                .filter(s -> !s.isBlank());
        if (keyType == 0) {
            return Optional.of(new Tgt(0, Optional.empty(), error.or(() -> Optional.of("no ticket (keyType 0)"))));
        }
        String clientKey = t.path("clientKey").asString("");
        String buffer = t.path("messageBuffer").asString("");
        if (clientKey.isEmpty() || buffer.isEmpty()) {
            throw Jose.protocol(field + " has keyType " + keyType + " but no clientKey or messageBuffer");
        }
        byte[] key = clientKey.contains(".") ? Jose.decryptUnderSessionKey(clientKey, sessionKey, field + ".clientKey")
                : Jose.b64any(clientKey, field + ".clientKey");
        try {
            return Optional.of(new Tgt(keyType, Optional.of(asRep(field, Jose.b64any(buffer, field + ".messageBuffer"),
                    new EncryptionKey(EncType.of(keyType), key))), error));
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    /** The AS-REP of a tgt_* field, its enc-part decrypted with the client key (usage 3) and checked. */
    static KdcReply asRep(String field, byte[] der, EncryptionKey clientKey) throws DeviceException {
        KdcRep rep;
        try {
            rep = KrbCodec.decodeKdcRep(Bytes.wrap(der));
        } catch (DerException e) {
            throw Jose.protocol(field + ".messageBuffer is not a DER AS-REP: " + e.getMessage());
        }
        if (!rep.msgType().equals(MessageType.AS_REP)) {
            throw Jose.protocol(field + ".messageBuffer is a " + rep.msgType().name() + ", not an AS-REP");
        }
        if (!rep.encPart().etype().equals(clientKey.type())) {
            throw Jose.protocol(field + ": the AS-REP is encrypted with " + rep.encPart().etype().name() + " but keyType is "
                    + clientKey.type().value());
        }
        Enctype e = Enctypes.find(clientKey.type())
                .orElseThrow(() -> Jose.protocol(field + ": unsupported keyType " + clientKey.type().value()));
        EncKdcRepPart part;
        try {
            part = KrbCodec.decodeEncKdcRepPart(e.decrypt(clientKey, KeyUsage.AS_REP_ENC_PART, rep.encPart().cipher()));
        } catch (IntegrityException ex) {
            throw Jose.protocol(field + ": the AS-REP does not decrypt with its clientKey (key usage 3)");
        } catch (DerException ex) {
            throw Jose.protocol(field + ": the AS-REP's encrypted part is malformed: " + ex.getMessage());
        }
        if (!part.sname().isKrbtgt()) {
            throw Jose.protocol(field + ": the ticket is for " + part.sname() + ", not a krbtgt");
        }
        return new KdcReply(rep, part);
    }
}
