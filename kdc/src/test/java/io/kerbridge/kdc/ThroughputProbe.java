package io.kerbridge.kdc;

import io.kerbridge.kdc.audit.Audit;
import io.kerbridge.kdc.testing.TestRealm;
import io.kerbridge.kerberos.Bytes;
import io.kerbridge.kerberos.client.AsRequest;
import io.kerbridge.kerberos.client.KdcReply;
import io.kerbridge.kerberos.client.KeySource;
import io.kerbridge.kerberos.crypto.Checksums;
import io.kerbridge.kerberos.crypto.Enctypes;
import io.kerbridge.kerberos.msg.ApReq;
import io.kerbridge.kerberos.msg.Authenticator;
import io.kerbridge.kerberos.msg.EncryptedData;
import io.kerbridge.kerberos.msg.Encoded;
import io.kerbridge.kerberos.msg.KdcReq;
import io.kerbridge.kerberos.msg.KdcReqBody;
import io.kerbridge.kerberos.msg.KrbCodec;
import io.kerbridge.kerberos.msg.PaData;
import io.kerbridge.kerberos.types.KdcOptions;
import io.kerbridge.kerberos.types.KeyUsage;
import io.kerbridge.kerberos.types.MessageType;
import io.kerbridge.kerberos.types.PaDataType;
import io.kerbridge.kerberos.types.PrincipalName;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/** In-process TGS throughput (not a timed test): {@code mvn test -Dtest=ThroughputProbe -Dkdc.probe=true}. */
@EnabledIfSystemProperty(named = "kdc.probe", matches = "true")
class ThroughputProbe {
    @Test
    void tgsPerSecond() throws Exception {
        try (TestRealm realm = new TestRealm(KdcConfig.loopback().withAudit(Audit.none()))) {
            PrincipalName c = PrincipalName.user("alice");
            KdcReply tgt = realm.client().asExchange(AsRequest.tgt(c, TestRealm.REALM),
                    KeySource.password(TestRealm.REALM, c, TestRealm.PASSWORD.toCharArray()));
            measure("TGS/s (in-process, 2 threads)", realm.kdc.service(), tgsReq(tgt));
        }
    }

    /** The partial-TGT exchange (krbtgt/REALM with KERB-KEY-LIST-REQ) against the same realm. */
    @Test
    void exchangePerSecond() throws Exception {
        try (TestRealm realm = new TestRealm(KdcConfig.loopback().withAudit(Audit.none()))) {
            var rodc = realm.dir.addRodc(30775, 12844);
            var key = rodc.currentKeys().orElseThrow().key(io.kerbridge.kerberos.types.EncType.AES256_CTS_HMAC_SHA1_96)
                    .orElseThrow();
            var m = io.kerbridge.kdc.testing.PartialTgt.of(realm.dir.domain(), realm.alice, key,
                    rodc.currentKeys().orElseThrow().kvno(), Instant.now().truncatedTo(ChronoUnit.SECONDS)).mint();
            measure("exchange/s (in-process, 2 threads)", realm.kdc.service(), exchangeReq(m));
        }
    }

    static void measure(String label, KdcService svc, Bytes req) throws Exception {
        Bytes first = svc.handle(req, false).orElseThrow();
        if (!KrbCodec.peekMessageType(first).orElseThrow().equals(MessageType.TGS_REP)) {
            throw new IllegalStateException(label + ": the request is refused");
        }
        for (int i = 0; i < 20_000; i++) {
            svc.handle(req, false);
        }
        AtomicLong n = new AtomicLong();
        long end = System.nanoTime() + 5_000_000_000L;
        Thread[] ts = new Thread[2];
        for (int t = 0; t < ts.length; t++) {
            ts[t] = new Thread(() -> {
                while (System.nanoTime() < end) {
                    svc.handle(req, false);
                    n.incrementAndGet();
                }
            });
            ts[t].start();
        }
        for (Thread t : ts) {
            t.join();
        }
        System.out.println(label + ": " + n.get() / 5);
    }

    /** As Windows sends it (notes §2.4): krbtgt/REALM, authenticator with body checksum, KERB-KEY-LIST-REQ [23]. */
    static Bytes exchangeReq(io.kerbridge.kdc.testing.PartialTgt.Minted m) throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        KdcReqBody body = new KdcReqBody(KdcOptions.of(KdcOptions.FORWARDABLE, KdcOptions.RENEWABLE,
                KdcOptions.CANONICALIZE), Optional.empty(), TestRealm.REALM,
                Optional.of(PrincipalName.krbtgt(TestRealm.REALM)), Optional.empty(), now.plusSeconds(86400),
                Optional.empty(), 42, AsRequest.DEFAULT_ETYPES, Optional.empty(), Optional.empty(), Optional.empty());
        Bytes bodyDer = KrbCodec.encodeKdcReqBody(body);
        var key = m.sessionKey();
        Authenticator a = new Authenticator(TestRealm.REALM, m.part().cname(), Optional.of(Checksums.mandatoryFor(
                key.type()).compute(key, KeyUsage.TGS_REQ_AUTH_CKSUM, bodyDer)), 0, now, Optional.empty(),
                Optional.empty(), Optional.empty());
        Bytes enc = Enctypes.get(key.type()).encrypt(key, KeyUsage.TGS_REQ_AUTH, KrbCodec.encodeAuthenticator(a),
                new SecureRandom());
        ApReq ap = new ApReq(0, m.ticket(), new EncryptedData(key.type(), Optional.empty(), enc));
        return KrbCodec.encodeKdcReq(new KdcReq(MessageType.TGS_REQ, Optional.of(List.of(
                new PaData(PaDataType.PA_TGS_REQ, KrbCodec.encodeApReq(ap)),
                io.kerbridge.kdc.testing.PartialTgt.keyListReq(io.kerbridge.kerberos.types.EncType.RC4_HMAC))),
                new Encoded<>(body, bodyDer)));
    }

    static Bytes tgsReq(KdcReply tgt) throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        KdcReqBody body = new KdcReqBody(KdcOptions.of(KdcOptions.FORWARDABLE), Optional.empty(), TestRealm.REALM,
                Optional.of(PrincipalName.parse("HTTP/files.contoso.test")), Optional.empty(), now.plusSeconds(36000),
                Optional.empty(), 42, AsRequest.DEFAULT_ETYPES, Optional.empty(), Optional.empty(), Optional.empty());
        Bytes bodyDer = KrbCodec.encodeKdcReqBody(body);
        var key = tgt.sessionKey();
        Authenticator a = new Authenticator(tgt.clientRealm(), tgt.client(), Optional.of(Checksums.mandatoryFor(key.type())
                .compute(key, KeyUsage.TGS_REQ_AUTH_CKSUM, bodyDer)), 0, now, Optional.empty(), Optional.empty(),
                Optional.empty());
        Bytes enc = Enctypes.get(key.type()).encrypt(key, KeyUsage.TGS_REQ_AUTH, KrbCodec.encodeAuthenticator(a),
                new SecureRandom());
        ApReq ap = new ApReq(0, tgt.ticket(), new EncryptedData(key.type(), Optional.empty(), enc));
        return KrbCodec.encodeKdcReq(new KdcReq(MessageType.TGS_REQ, Optional.of(List.of(new PaData(
                PaDataType.PA_TGS_REQ, KrbCodec.encodeApReq(ap)))), new Encoded<>(body, bodyDer)));
    }
}
