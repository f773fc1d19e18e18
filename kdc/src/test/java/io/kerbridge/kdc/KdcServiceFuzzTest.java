package io.kerbridge.kdc;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.kerbridge.kdc.audit.Audit;
import io.kerbridge.kdc.testing.MemoryDirectory;
import io.kerbridge.kdc.testing.MutableClock;
import io.kerbridge.directory.DomainPolicy;
import io.kerbridge.kerberos.Bytes;
import io.kerbridge.kerberos.msg.KrbCodec;
import io.kerbridge.kerberos.types.MessageType;
import java.util.Optional;

/**
 * Jazzer target over {@link KdcService#handle}. During {@code mvn test} it runs in regression mode over
 * the seeds in {@code src/test/resources/io/kerbridge/kdc/KdcServiceFuzzTestInputs/handle/} (real AS/TGS
 * requests from the capture set); {@code JAZZER_FUZZ=1 mvn test -Dtest=KdcServiceFuzzTest} fuzzes. Any
 * exception is a finding; a reply must be an AS-REP, TGS-REP or KRB-ERROR.
 */
class KdcServiceFuzzTest {
    private static final MemoryDirectory DIR;
    private static final KdcService SERVICE;

    static {
        MutableClock clock = new MutableClock();
        DIR = new MemoryDirectory(MemoryDirectory.domain("example.test", "EXAMPLE", "S-1-5-21-1-2-3"),
                DomainPolicy.AD_DEFAULT, clock);
        // Random keys only: password derivation under Jazzer instrumentation is slow.
        for (String u : new String[] {"user17", "user18", "user19", "user20"}) {
            DIR.addService(u, "host/" + u + ".example.test");
        }
        DIR.addService("HTTP$", "HTTP/host.example.test");
        SERVICE = new KdcService(KdcConfig.loopback().withAudit(Audit.none()), DIR, DIR, clock);
    }

    @FuzzTest(maxDuration = "30s")
    void handle(byte[] input) {
        for (boolean udp : new boolean[] {true, false}) {
            Optional<Bytes> reply = SERVICE.handle(Bytes.wrap(input), udp);
            if (reply.isPresent()) {
                MessageType t = KrbCodec.peekMessageType(reply.get()).orElseThrow();
                if (!t.equals(MessageType.AS_REP) && !t.equals(MessageType.TGS_REP) && !t.equals(MessageType.KRB_ERROR)) {
                    throw new AssertionError("unexpected reply type " + t);
                }
            }
        }
    }
}
