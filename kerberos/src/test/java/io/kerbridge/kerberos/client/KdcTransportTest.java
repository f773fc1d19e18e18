package io.kerbridge.kerberos.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kerbridge.kerberos.Bytes;
import io.kerbridge.kerberos.msg.KrbCodec;
import io.kerbridge.kerberos.msg.KrbError;
import io.kerbridge.kerberos.testing.MitKdc;
import io.kerbridge.kerberos.types.ErrorCode;
import io.kerbridge.kerberos.types.PrincipalName;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** RFC 4120 §7.2: UDP, TCP, and the TCP retry after KRB_ERR_RESPONSE_TOO_BIG, against a real MIT KDC. */
@ExtendWith(MitKdc.Extension.class)
class KdcTransportTest {
    static MitKdc kdc;

    @BeforeAll
    static void users(MitKdc mit) {
        kdc = mit;
        kdc.addUser("transport", "transport-Passw0rd1", "aes256-cts-hmac-sha1-96:normal");
    }

    private static KdcReply tgt(String krb5conf) throws Exception {
        KdcClient c = new KdcClient(new KdcTransport(KrbConfig.parse(krb5conf), Duration.ofSeconds(2), null),
                Clock.systemUTC(), new SecureRandom());
        return c.asExchange(AsRequest.tgt(PrincipalName.user("transport"), "EXAMPLE.TEST"),
                KeySource.password("EXAMPLE.TEST", PrincipalName.user("transport"), "transport-Passw0rd1".toCharArray()));
    }

    private static String conf(String kdcEntry, String extra) {
        return "[libdefaults]\n default_realm = EXAMPLE.TEST\n " + extra + "\n[realms]\n EXAMPLE.TEST = {\n  kdc = "
                + kdcEntry + "\n }\n";
    }

    @Test
    void udpByDefault() throws Exception {
        assertThat(tgt(conf("127.0.0.1:" + kdc.port(), "")).client()).isEqualTo(PrincipalName.user("transport"));
    }

    @Test
    void tcpWhenForcedByPrefixOrPreferenceLimit() throws Exception {
        assertThat(tgt(conf("tcp/127.0.0.1:" + kdc.port(), "")).ticket().realm()).isEqualTo("EXAMPLE.TEST");
        assertThat(tgt(conf("127.0.0.1:" + kdc.port(), "udp_preference_limit = 1")).ticket().realm())
                .isEqualTo("EXAMPLE.TEST");
    }

    /**
     * A UDP responder on the KDC's port number of another address answers every datagram with
     * KRB_ERR_RESPONSE_TOO_BIG; the client must then ask the MIT KDC over TCP (the TCP port is MIT's).
     */
    @Test
    void responseTooBigOverUdpIsRetriedOverTcp() throws Exception {
        AtomicInteger tooBigSent = new AtomicInteger();
        try (DatagramSocket udp = new DatagramSocket(kdc.port(), InetAddress.getByName("127.0.0.2"))) {
            Thread t = Thread.ofVirtual().start(() -> {
                byte[] buf = new byte[65535];
                while (!udp.isClosed()) {
                    try {
                        DatagramPacket p = new DatagramPacket(buf, buf.length);
                        udp.receive(p);
                        Bytes err = KrbCodec.encodeKrbError(new KrbError(Optional.empty(), Optional.empty(),
                                Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS), 0,
                                ErrorCode.KRB_ERR_RESPONSE_TOO_BIG, Optional.empty(), Optional.empty(), "EXAMPLE.TEST",
                                PrincipalName.krbtgt("EXAMPLE.TEST"), Optional.empty(), Optional.empty()));
                        udp.send(new DatagramPacket(err.toByteArray(), err.length(), p.getSocketAddress()));
                        tooBigSent.incrementAndGet();
                    } catch (java.io.IOException closed) {
                        return;
                    }
                }
            });
            // MIT listens on 127.0.0.1 only; 127.0.0.2:port TCP would be refused, so forward TCP there too.
            try (var tcp = new TcpForwarder(InetAddress.getByName("127.0.0.2"), kdc.port(), kdc.port())) {
                KdcReply r = tgt(conf("127.0.0.2:" + kdc.port(), ""));
                assertThat(r.client()).isEqualTo(PrincipalName.user("transport"));
            }
            udp.close();
            t.join(2000);
        }
        assertThat(tooBigSent.get()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void noKdcAnswersIsAClearError() {
        assertThatThrownBy(() -> tgt(conf("tcp/127.0.0.1:1", "")))
                .isInstanceOf(KerberosClientException.class).hasMessageContaining("cannot reach any KDC for realm EXAMPLE.TEST");
        assertThatThrownBy(() -> tgt(conf("127.0.0.1:1", "").replace("EXAMPLE.TEST = {", "OTHER.TEST = {")))
                .isInstanceOf(KerberosClientException.class).hasMessageContaining("no kdc for realm EXAMPLE.TEST");
    }
}
