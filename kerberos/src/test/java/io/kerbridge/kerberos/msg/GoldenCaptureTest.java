package io.kerbridge.kerberos.msg;

import static org.assertj.core.api.Assertions.assertThat;

import io.kerbridge.kerberos.Bytes;
import io.kerbridge.kerberos.crypto.Enctypes;
import io.kerbridge.kerberos.crypto.Salts;
import io.kerbridge.kerberos.types.EncType;
import io.kerbridge.kerberos.types.EncryptionKey;
import io.kerbridge.kerberos.types.KeyUsage;
import io.kerbridge.kerberos.types.PaDataType;
import io.kerbridge.kerberos.types.PrincipalName;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Messages captured from MIT krb5 1.20 and impacket (src/test/resources/captures, provenance in its
 * README): every one decodes and re-encodes byte for byte, and the ciphertext MIT produced decrypts
 * with the keys MIT exported, to parts that re-encode byte for byte too.
 */
class GoldenCaptureTest {
    static final List<String> MESSAGES = List.of(
            "ap-rep-gss-deleg", "ap-rep-gss", "ap-req-gss-deleg", "ap-req-gss",
            "as-rep-aes128-sha1", "as-rep-aes128-sha256", "as-rep-aes256-sha1", "as-rep-aes256-sha384",
            "as-rep-canonicalize", "as-rep-forwardable-renewable", "as-rep-tcp",
            "as-req-enc-timestamp-aes128-sha1", "as-req-enc-timestamp-aes128-sha256",
            "as-req-enc-timestamp-aes256-sha1", "as-req-enc-timestamp-aes256-sha384",
            "as-req-enc-timestamp-canonicalize", "as-req-enc-timestamp-forwardable-renewable",
            "as-req-enc-timestamp-tcp", "as-req-enc-timestamp-wrong-password",
            "as-req-nopreauth-aes128-sha1", "as-req-nopreauth-aes128-sha256", "as-req-nopreauth-aes256-sha1",
            "as-req-nopreauth-aes256-sha384", "as-req-nopreauth-canonicalize",
            "as-req-nopreauth-forwardable-renewable", "as-req-nopreauth-tcp", "as-req-unknown-client",
            "krb-cred-gss-deleg", "krb-cred-impacket-kirbi", "krb-error-c-principal-unknown",
            "krb-error-preauth-failed", "krb-error-preauth-required-aes128-sha1",
            "krb-error-preauth-required-aes128-sha256", "krb-error-preauth-required-aes256-sha1",
            "krb-error-preauth-required-aes256-sha384", "krb-error-preauth-required-tcp",
            "krb-error-s-principal-unknown-retry", "krb-error-s-principal-unknown",
            "tgs-rep-fast-forwarded-tgt", "tgs-rep-fast-gss-http", "tgs-rep-fast-http-etype20",
            "tgs-rep-fast-http-tcp", "tgs-rep-fast-http", "tgs-rep-fast-renew",
            "tgs-req-fast-forwarded-tgt", "tgs-req-fast-gss-http", "tgs-req-fast-http-etype20",
            "tgs-req-fast-http-tcp", "tgs-req-fast-http", "tgs-req-fast-renew",
            "tgs-req-fast-unknown-service-canonicalize", "tgs-req-fast-unknown-service");

    static Bytes capture(String name) {
        try (InputStream in = GoldenCaptureTest.class.getResourceAsStream("/captures/" + name + ".hex")) {
            return Bytes.fromHex(new String(in.readAllBytes(), StandardCharsets.US_ASCII).strip());
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("missing capture " + name, e);
        }
    }

    /** principal@REALM/enctype-name → key, from keys.tsv. */
    static Map<String, EncryptionKey> keys() throws IOException {
        Map<String, EncryptionKey> out = new HashMap<>();
        try (InputStream in = GoldenCaptureTest.class.getResourceAsStream("/captures/keys.tsv")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.US_ASCII).split("\n")) {
                String[] f = line.split("\t");
                if (f[0].equals("principal")) {
                    continue;
                }
                EncType t = switch (f[2]) {
                    case "aes128-cts-hmac-sha1-96" -> EncType.AES128_CTS_HMAC_SHA1_96;
                    case "aes256-cts-hmac-sha1-96" -> EncType.AES256_CTS_HMAC_SHA1_96;
                    case "aes128-cts-hmac-sha256-128" -> EncType.AES128_CTS_HMAC_SHA256_128;
                    case "aes256-cts-hmac-sha384-192" -> EncType.AES256_CTS_HMAC_SHA384_192;
                    default -> throw new IllegalStateException(f[2]);
                };
                out.put(f[0] + "/" + t.value(), new EncryptionKey(t, Bytes.fromHex(f[3])));
            }
        }
        return out;
    }

    static Stream<String> messages() {
        return MESSAGES.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("messages")
    void decodeEncodeIsByteIdentical(String name) throws Exception {
        Bytes der = capture(name);
        KrbMessage m = KrbCodec.decode(der);
        assertThat(KrbCodec.encode(m)).isEqualTo(der);
    }

    @Test
    void everyAsRepDecryptsWithTheUsersKeyAndItsTicketWithKrbtgt() throws Exception {
        Map<String, EncryptionKey> keys = keys();
        for (String v : List.of("aes128-sha1", "aes256-sha1", "aes128-sha256", "aes256-sha384")) {
            KdcRep rep = KrbCodec.decodeKdcRep(capture("as-rep-" + v));
            EncryptionKey userKey = keys.get(rep.cname() + "@EXAMPLE.TEST/" + rep.encPart().etype().value());
            Bytes plain = Enctypes.get(rep.encPart().etype()).decrypt(userKey, KeyUsage.AS_REP_ENC_PART,
                    rep.encPart().cipher());
            EncKdcRepPart part = KrbCodec.decodeEncKdcRepPart(plain);
            assertThat(KrbCodec.encodeEncKdcRepPart(part)).isEqualTo(plain);
            assertThat(part.sname()).isEqualTo(PrincipalName.krbtgt("EXAMPLE.TEST"));

            EncryptionKey tgtKey = keys.get("krbtgt/EXAMPLE.TEST@EXAMPLE.TEST/" + rep.ticket().encPart().etype().value());
            Bytes tkt = Enctypes.get(rep.ticket().encPart().etype()).decrypt(tgtKey, KeyUsage.KDC_REP_TICKET,
                    rep.ticket().encPart().cipher());
            EncTicketPart etp = KrbCodec.decodeEncTicketPart(tkt);
            assertThat(KrbCodec.encodeEncTicketPart(etp)).isEqualTo(tkt);
            assertThat(etp.cname()).isEqualTo(rep.cname());
            assertThat(etp.key()).isEqualTo(part.key());
        }
    }

    @Test
    void userKeysFromStringToKeyMatchWhatMitDerived() throws Exception {
        Map<String, EncryptionKey> keys = keys();
        for (int e : new int[] {17, 18, 19, 20}) {
            EncType t = EncType.of(e);
            String user = "user" + e;
            EncryptionKey derived = Enctypes.get(t).stringToKey((user + "-Passw0rd").toCharArray(),
                    Salts.defaultSalt("EXAMPLE.TEST", PrincipalName.user(user)), null);
            assertThat(derived).isEqualTo(keys.get(user + "@EXAMPLE.TEST/" + e));
        }
    }

    @Test
    void theEncTimestampMitSentDecryptsWithThePasswordKey() throws Exception {
        Map<String, EncryptionKey> keys = keys();
        KdcReq req = KrbCodec.decodeKdcReq(capture("as-req-enc-timestamp-aes256-sha384"));
        EncryptedData ts = KrbCodec.decodeEncryptedData(req.findPadata(PaDataType.PA_ENC_TIMESTAMP).orElseThrow().value());
        Bytes plain = Enctypes.get(ts.etype()).decrypt(keys.get("user20@EXAMPLE.TEST/20"), KeyUsage.PA_ENC_TIMESTAMP,
                ts.cipher());
        assertThat(KrbCodec.encodeKdcReqBody(req.body().value())).isEqualTo(req.body().der());
        assertThat(PaCodec.encodePaEncTsEnc(PaCodec.decodePaEncTsEnc(plain))).isEqualTo(plain);
    }

    @Test
    void theServiceTicketInTheApReqDecryptsWithTheExportedServiceKey() throws Exception {
        Map<String, EncryptionKey> keys = keys();
        ApReq ap = KrbCodec.decodeApReq(capture("ap-req-gss"));
        EncryptionKey svc = keys.get("HTTP/files.example.test@EXAMPLE.TEST/" + ap.ticket().encPart().etype().value());
        Bytes tkt = Enctypes.get(ap.ticket().encPart().etype()).decrypt(svc, KeyUsage.KDC_REP_TICKET,
                ap.ticket().encPart().cipher());
        EncTicketPart etp = KrbCodec.decodeEncTicketPart(tkt);
        Bytes auth = Enctypes.get(ap.authenticator().etype()).decrypt(etp.key(), KeyUsage.AP_REQ_AUTH,
                ap.authenticator().cipher());
        Authenticator a = KrbCodec.decodeAuthenticator(auth);
        assertThat(KrbCodec.encodeAuthenticator(a)).isEqualTo(auth);
        assertThat(a.cname()).isEqualTo(etp.cname());
    }

    @Test
    void theTgsReqAuthenticatorChecksumCoversTheReceivedBodyBytes() throws Exception {
        Map<String, EncryptionKey> keys = keys();
        KdcReq req = KrbCodec.decodeKdcReq(capture("tgs-req-fast-http"));
        ApReq ap = KrbCodec.decodeApReq(req.findPadata(PaDataType.PA_TGS_REQ).orElseThrow().value());
        EncryptionKey tgtKey = keys.get("krbtgt/EXAMPLE.TEST@EXAMPLE.TEST/" + ap.ticket().encPart().etype().value());
        EncTicketPart tgt = KrbCodec.decodeEncTicketPart(Enctypes.get(ap.ticket().encPart().etype())
                .decrypt(tgtKey, KeyUsage.KDC_REP_TICKET, ap.ticket().encPart().cipher()));
        Authenticator a = KrbCodec.decodeAuthenticator(Enctypes.get(ap.authenticator().etype())
                .decrypt(tgt.key(), KeyUsage.TGS_REQ_AUTH, ap.authenticator().cipher()));
        assertThat(a.cksum()).isPresent();
        // With FAST (RFC 6113 §5.4.1) MIT's authenticator checksum is still over the req-body's bytes.
        var alg = io.kerbridge.kerberos.crypto.Checksums.get(a.cksum().get().type());
        assertThat(alg.verify(tgt.key(), KeyUsage.TGS_REQ_AUTH_CKSUM, req.body().der(), a.cksum().get())).isTrue();
    }
}
