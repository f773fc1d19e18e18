package io.kerbridge.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kerbridge.kerberos.Bytes;
import io.kerbridge.kerberos.client.KdcReply;
import io.kerbridge.kerberos.crypto.Enctype;
import io.kerbridge.kerberos.crypto.Enctypes;
import io.kerbridge.kerberos.msg.EncKdcRepPart;
import io.kerbridge.kerberos.msg.EncryptedData;
import io.kerbridge.kerberos.msg.KdcRep;
import io.kerbridge.kerberos.msg.KrbCodec;
import io.kerbridge.kerberos.msg.Ticket;
import io.kerbridge.kerberos.types.EncType;
import io.kerbridge.kerberos.types.EncryptionKey;
import io.kerbridge.kerberos.types.KeyUsage;
import io.kerbridge.kerberos.types.MessageType;
import io.kerbridge.kerberos.types.PrincipalName;
import io.kerbridge.kerberos.types.TicketFlags;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.spec.MGF1ParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Decoding a PRT reply built here the way protocol-notes §2.2/§3.2a describe it (session key wrapped to the transport
 * key, tgt_ad as a JSON string with a JWE clientKey and a base64 AS-REP, kvno = n<<16|v), and the device key store
 * that holds the transport key.
 */
class PrtReplyTest {
    static final SecureRandom RANDOM = new SecureRandom();
    @TempDir
    static Path dir;
    static DeviceKeyStore keys;
    static byte[] sessionKey = new byte[32];

    @BeforeAll
    static void device() throws Exception {
        KeyPair device = KeyMaterial.newRsaKey(RANDOM);
        KeyPair transport = KeyMaterial.newRsaKey(RANDOM);
        var cert = KeyMaterial.selfSigned(device, "test device", RANDOM);
        DeviceKeyStore.create(dir, device, cert, transport, RANDOM);
        keys = DeviceKeyStore.open(dir);
        RANDOM.nextBytes(sessionKey);
    }

    static String sessionKeyJwe() throws Exception {
        Cipher c = Cipher.getInstance("RSA/ECB/OAEPPadding");
        c.init(Cipher.ENCRYPT_MODE, keys.transportPublicKey(), new OAEPParameterSpec("SHA-1", "MGF1", MGF1ParameterSpec.SHA1,
                PSource.PSpecified.DEFAULT));
        return Jose.b64url("{\"enc\":\"A256GCM\",\"alg\":\"RSA-OAEP\"}".getBytes(StandardCharsets.US_ASCII)) + "."
                + Jose.b64url(c.doFinal(sessionKey)) + ".iv.ct.tag";
    }

    record Minted(byte[] asRep, EncryptionKey clientKey, EncryptionKey ticketSessionKey) {}

    static Minted asRep(String realm, String user, int kvno) {
        Enctype aes = Enctypes.find(EncType.AES256_CTS_HMAC_SHA1_96).orElseThrow();
        EncryptionKey client = aes.generateKey(RANDOM);
        EncryptionKey session = aes.generateKey(RANDOM);
        Instant auth = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        EncKdcRepPart part = new EncKdcRepPart(EncKdcRepPart.ENC_AS_REP_PART, session, List.of(), 7, Optional.empty(),
                TicketFlags.of(TicketFlags.FORWARDABLE, TicketFlags.RENEWABLE, TicketFlags.ENC_PA_REP), auth, Optional.of(auth),
                auth.plus(Duration.ofHours(8)), Optional.of(auth.plus(Duration.ofDays(7))), realm, PrincipalName.krbtgt(realm),
                Optional.empty(), Optional.empty());
        Ticket t = new Ticket(realm, PrincipalName.krbtgt(realm), EncryptedData.of(EncType.AES256_CTS_HMAC_SHA1_96, kvno,
                Bytes.wrap(new byte[64])));
        KdcRep rep = new KdcRep(MessageType.AS_REP, Optional.empty(), realm, PrincipalName.user(user), t, new EncryptedData(
                EncType.AES256_CTS_HMAC_SHA1_96, Optional.empty(), aes.encrypt(client, KeyUsage.AS_REP_ENC_PART,
                        KrbCodec.encodeEncKdcRepPart(part), RANDOM)));
        return new Minted(KrbCodec.encodeKdcRep(rep).toByteArray(), client, session);
    }

    static String tgtJson(Minted m, boolean gcm) throws Exception {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("clientKey", new JoseTest().clientKeyJwe(sessionKey, m.clientKey().bytes(), gcm));
        t.put("keyType", 18);
        t.put("messageBuffer", Base64.getEncoder().encodeToString(m.asRep()));
        t.put("realm", "CONTOSO.TEST");
        t.put("sn", "krbtgt/CONTOSO.TEST");
        t.put("cn", "alice");
        t.put("sessionKeyType", 18);
        t.put("accountType", 1);
        return DeviceJson.MAPPER.writeValueAsString(t);
    }

    static JsonNode reply(Object tgtAd, Object tgtCloud) throws Exception {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("token_type", "pop");
        r.put("refresh_token", "prt-opaque");
        r.put("refresh_token_expires_in", 1209600);
        r.put("session_key_jwe", sessionKeyJwe());
        r.put("client_info", Jose.b64url("{\"uid\":\"user-1\",\"utid\":\"tenant-1\"}".getBytes(StandardCharsets.UTF_8)));
        if (tgtAd != null) {
            r.put("tgt_ad", tgtAd);
        }
        if (tgtCloud != null) {
            r.put("tgt_cloud", tgtCloud);
            r.put("kerberos_top_level_names", ".windows.net,.windows.net:1433");
        }
        return DeviceJson.MAPPER.valueToTree(r);
    }

    @Test
    void aReplyWithBothTgtsDecodes() throws Exception {
        int kvno = (30775 << 16) | (1585708 & 0xFFFF); // protocol-notes §2.3a: a negative signed 32-bit kvno
        Minted ad = asRep("CONTOSO.TEST", "alice", kvno);
        Minted cloud = asRep("KERBEROS.MICROSOFTONLINE.COM", "alice@contoso.test", 1);
        Instant now = Instant.now();
        PrtClient.Result r = PrtClient.decode(reply(tgtJson(ad, false), tgtJson(cloud, true)), keys, now);
        assertThat(r.refreshToken()).isEqualTo("prt-opaque");
        assertThat(r.sessionKey()).isEqualTo(sessionKey);
        assertThat(r.expiresOn()).isEqualTo(now.plusSeconds(1209600));
        assertThat(r.userId()).contains("user-1");
        assertThat(r.kerberosTopLevelNames()).contains(".windows.net,.windows.net:1433");
        KdcReply t = r.tgtAd().orElseThrow().ticket().orElseThrow();
        assertThat(t.client()).isEqualTo(PrincipalName.user("alice"));
        assertThat(t.clientRealm()).isEqualTo("CONTOSO.TEST");
        assertThat(t.sessionKey()).isEqualTo(ad.ticketSessionKey());
        assertThat(t.ticket().encPart().kvnoUnsigned()).isEqualTo(2016883244L);
        assertThat(r.tgtCloud().orElseThrow().ticket().orElseThrow().ticket().realm()).isEqualTo("KERBEROS.MICROSOFTONLINE.COM");
    }

    @Test
    void keyTypeZeroCarriesTheCloudsReason() throws Exception {
        String none = "{\"clientKey\":\"\",\"keyType\":0,\"messageBuffer\":\"\",\"error\":\"TgtRodcKrbtgtNotFound\"}";
        PrtClient.Result r = PrtClient.decode(reply(none, null), keys, Instant.now());
        assertThat(r.tgtAd().orElseThrow().present()).isFalse();
        assertThat(r.tgtAd().orElseThrow().error()).contains("TgtRodcKrbtgtNotFound");
        assertThat(r.tgtCloud()).isEmpty();
        // no tgt_ad at all
        assertThat(PrtClient.decode(reply(null, null), keys, Instant.now()).tgtAd()).isEmpty();
    }

    @Test
    void aNestedObjectIsAcceptedAndAForeignClientKeyIsRefused() throws Exception {
        Minted ad = asRep("CONTOSO.TEST", "alice", 5);
        JsonNode nested = DeviceJson.MAPPER.readTree(tgtJson(ad, true));
        assertThat(PrtClient.decode(reply(nested, null), keys, Instant.now()).tgtAd().orElseThrow().present()).isTrue();

        Minted other = asRep("CONTOSO.TEST", "alice", 5);
        Map<String, Object> t = DeviceJson.MAPPER.readValue(tgtJson(ad, false), Map.class);
        t.put("messageBuffer", Base64.getEncoder().encodeToString(other.asRep())); // clientKey of ad, AS-REP of other
        String mixed = DeviceJson.MAPPER.writeValueAsString(t);
        assertThatThrownBy(() -> PrtClient.decode(reply(mixed, null), keys, Instant.now()))
                .hasMessageContaining("does not decrypt with its clientKey");
        assertThatThrownBy(() -> PrtClient.decode(DeviceJson.MAPPER.readTree("{\"refresh_token\":\"x\"}"), keys, Instant.now()))
                .hasMessageContaining("no session_key_jwe");
    }

    @Test
    void theDeviceStoreIsOwnerOnlyAndSealsBoundToContext() throws Exception {
        for (String f : new String[] {DeviceKeyStore.P12, DeviceKeyStore.SECRET}) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(f)))).isEqualTo("rw-------");
        }
        String sealed = keys.seal(sessionKey, "prt:alice", RANDOM);
        assertThat(keys.unseal(sealed, "prt:alice")).isEqualTo(sessionKey);
        assertThatThrownBy(() -> keys.unseal(sealed, "prt:bob")).hasMessageContaining("does not open");
        String proof = keys.proof("tenant-1", Instant.ofEpochSecond(1000));
        JsonNode claims = DeviceJson.MAPPER.readTree(Base64.getUrlDecoder().decode(proof.split("\\.")[1]));
        assertThat(claims.get("aud").asString()).isEqualTo("tenant-1");
        assertThat(claims.get("exp").asLong() - claims.get("iat").asLong()).isEqualTo(600);
    }
}
