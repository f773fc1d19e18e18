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
            Bytes req = tgsReq(tgt);
            KdcService svc = realm.kdc.service();
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
            System.out.println("TGS/s (in-process, 2 threads): " + n.get() / 5);
        }
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
