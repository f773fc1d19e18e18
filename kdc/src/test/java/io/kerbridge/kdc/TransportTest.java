package io.kerbridge.kdc;

import static org.assertj.core.api.Assertions.assertThat;

import io.kerbridge.kdc.testing.MitTools;
import io.kerbridge.kdc.testing.TestRealm;
import io.kerbridge.kerberos.Bytes;
import io.kerbridge.kerberos.msg.KrbCodec;
import io.kerbridge.kerberos.types.ErrorCode;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Framing, limits, timeouts and garbage over the real UDP and TCP listeners. */
class TransportTest {
    static TestRealm realm;
    @TempDir
    static Path tmp;

    @BeforeAll
    static void up() {
        realm = new TestRealm(KdcConfig.loopback().withTcpReadTimeout(Duration.ofMillis(700)));
    }

    @AfterAll
    static void down() throws Exception {
        realm.close();
    }

    static List<Bytes> captures() throws IOException {
        Path dir = Path.of("../kerberos/src/test/resources/captures");
        List<Bytes> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.filter(f -> f.toString().endsWith(".hex")).sorted().toList()) {
                String n = p.getFileName().toString();
                if (n.startsWith("as-req") || n.startsWith("tgs-req")) {
                    out.add(Bytes.fromHex(Files.readString(p).trim()));
                }
            }
        }
        return out;
    }

    /** Random bytes, and real requests with flipped, inserted, deleted or truncated bytes. */
    static byte[] mutant(Random rnd, List<Bytes> seeds) {
        if (rnd.nextInt(5) == 0) {
            byte[] b = new byte[1 + rnd.nextInt(300)];
            rnd.nextBytes(b);
            return b;
        }
        byte[] b = seeds.get(rnd.nextInt(seeds.size())).toByteArray();
        int edits = 1 + rnd.nextInt(4);
        for (int i = 0; i < edits; i++) {
            int at = rnd.nextInt(b.length);
            switch (rnd.nextInt(4)) {
                case 0 -> b[at] ^= (byte) (1 << rnd.nextInt(8));
                case 1 -> b[at] = (byte) rnd.nextInt(256);
                case 2 -> b = java.util.Arrays.copyOf(b, Math.max(1, at));
                default -> {
                    byte[] c = new byte[b.length + 1];
                    System.arraycopy(b, 0, c, 0, at);
                    c[at] = (byte) rnd.nextInt(256);
                    System.arraycopy(b, at, c, at + 1, b.length - at);
                    b = c;
                }
            }
        }
        return b;
    }

    @Test
    void tenThousandBadPacketsThenKinitStillWorks() throws Exception {
        List<Bytes> seeds = captures();
        assertThat(seeds).hasSizeGreaterThan(10);
        Random rnd = new Random(4120);
        InetAddress lo = InetAddress.getLoopbackAddress();
        try (DatagramSocket udp = new DatagramSocket()) {
            for (int i = 0; i < 7000; i++) {
                byte[] b = mutant(rnd, seeds);
                udp.send(new DatagramPacket(b, b.length, lo, realm.kdc.udpPort()));
                if (i % 500 == 0) {
                    Thread.sleep(5); // let the receiver keep up; datagrams beyond its queue are dropped anyway
                }
            }
        }
        for (int i = 0; i < 3000; i++) {
            try (Socket s = new Socket(lo, realm.kdc.port())) {
                s.setSoTimeout(5000);
                byte[] b = mutant(rnd, seeds);
                OutputStream out = s.getOutputStream();
                out.write(frame(b.length));
                out.write(b);
                s.shutdownOutput();
                s.getInputStream().readAllBytes();
            }
        }
        Path conf = realm.krb5Conf(tmp);
        MitTools.Result kinit = MitTools.run(conf, tmp.resolve("cc-after-fuzz"), TestRealm.PASSWORD + "\n", "kinit", "alice");
        assertThat(kinit.ok()).as(kinit.toString()).isTrue();
    }

    @Test
    void halfOpenConnectionIsClosedAndDoesNotBlockOthers() throws Exception {
        InetAddress lo = InetAddress.getLoopbackAddress();
        try (Socket idle = new Socket(lo, realm.kdc.port())) {
            idle.getOutputStream().write(new byte[] {0, 0});
            long start = System.nanoTime();
            // another client is served meanwhile
            Path conf = realm.krb5Conf(tmp, "udp_preference_limit = 1");
            assertThat(MitTools.run(conf, tmp.resolve("cc-halfopen"), TestRealm.PASSWORD + "\n", "kinit", "alice").ok())
                    .isTrue();
            idle.setSoTimeout(5000);
            assertThat(idle.getInputStream().read()).isEqualTo(-1);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
        }
    }

    /**
     * The TCP fast path hands a slow request to a worker with the bytes it already read: a request whose header and
     * body arrive 100 ms apart (longer than the acceptor's wait), then a second request on the same connection after
     * a pause, then a third at once; each gets its answer (an AP-REP is no request: KRB_AP_ERR_MSG_TYPE each time).
     */
    @Test
    void tcpRequestsSplitOrPausedOrSeveralOnOneConnectionAreAllAnswered() throws Exception {
        byte[] apRep = Bytes.fromHex(Files.readString(Path.of("../kerberos/src/test/resources/captures/ap-rep-gss.hex")).trim())
                .toByteArray();
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), realm.kdc.port())) {
            s.setSoTimeout(5000);
            OutputStream out = s.getOutputStream();
            DataInputStream in = new DataInputStream(s.getInputStream());
            out.write(frame(apRep.length));
            out.write(apRep, 0, 3);
            out.flush();
            Thread.sleep(100);
            out.write(apRep, 3, apRep.length - 3);
            assertThat(errorCode(in)).isEqualTo(ErrorCode.KRB_AP_ERR_MSG_TYPE);
            Thread.sleep(100);
            out.write(frame(apRep.length));
            out.write(apRep);
            assertThat(errorCode(in)).isEqualTo(ErrorCode.KRB_AP_ERR_MSG_TYPE);
            out.write(frame(apRep.length));
            out.write(apRep);
            assertThat(errorCode(in)).isEqualTo(ErrorCode.KRB_AP_ERR_MSG_TYPE);
        }
        for (int i = 0; i < 6; i++) { // more requests on one connection than the acceptor serves itself
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), realm.kdc.port())) {
                s.setSoTimeout(5000);
                DataInputStream in = new DataInputStream(s.getInputStream());
                for (int k = 0; k <= i; k++) {
                    s.getOutputStream().write(frame(apRep.length));
                    s.getOutputStream().write(apRep);
                    assertThat(errorCode(in)).isEqualTo(ErrorCode.KRB_AP_ERR_MSG_TYPE);
                }
                s.shutdownOutput();
                assertThat(in.read()).isEqualTo(-1);
            }
        }
    }

    private static ErrorCode errorCode(DataInputStream in) throws Exception {
        byte[] reply = new byte[in.readInt()];
        in.readFully(reply);
        return KrbCodec.decodeKrbError(Bytes.wrap(reply)).errorCode();
    }

    @Test
    void highBitOrOversizedLengthGetsFieldTooLong() throws Exception {
        for (byte[] header : List.of(new byte[] {(byte) 0x80, 0, 0, 10}, frame(10_000_000))) {
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), realm.kdc.port())) {
                s.setSoTimeout(5000);
                s.getOutputStream().write(header);
                DataInputStream in = new DataInputStream(s.getInputStream());
                byte[] reply = new byte[in.readInt()];
                in.readFully(reply);
                assertThat(KrbCodec.decodeKrbError(Bytes.wrap(reply)).errorCode()).isEqualTo(ErrorCode.KRB_ERR_FIELD_TOOLONG);
                assertThat(in.read()).isEqualTo(-1);
            }
        }
    }

    @Test
    void otherMessageTypeGetsMsgTypeAndGarbageIsDropped() throws Exception {
        Bytes apRep = Bytes.fromHex(Files.readString(Path.of("../kerberos/src/test/resources/captures/ap-rep-gss.hex")).trim());
        try (DatagramSocket udp = new DatagramSocket()) {
            udp.setSoTimeout(3000);
            udp.send(new DatagramPacket(apRep.toByteArray(), apRep.length(),
                    new InetSocketAddress(InetAddress.getLoopbackAddress(), realm.kdc.udpPort())));
            DatagramPacket p = new DatagramPacket(new byte[4096], 4096);
            udp.receive(p);
            assertThat(KrbCodec.decodeKrbError(Bytes.of(p.getData(), 0, p.getLength())).errorCode())
                    .isEqualTo(ErrorCode.KRB_AP_ERR_MSG_TYPE);
        }
        assertThat(realm.kdc.service().handle(Bytes.of((byte) 1, (byte) 2), true)).isEmpty();
    }

    @Test
    void udpReplyTooBigThenMitRetriesOverTcp() throws Exception {
        try (TestRealm small = new TestRealm(KdcConfig.loopback().withUdpReplyLimit(256))) {
            Path conf = small.krb5Conf(tmp);
            MitTools.Result kinit = MitTools.run(conf, tmp.resolve("cc-toobig"), TestRealm.PASSWORD + "\n", "kinit", "alice");
            assertThat(kinit.ok()).as(kinit.toString()).isTrue();
            assertThat(small.audit).anyMatch(e -> e.status() == Status.RESPONSE_TOO_BIG && e.errorCode() == 52);
            assertThat(small.audit).anyMatch(e -> e.status() == Status.ISSUED);
        }
    }

    /** Platform-thread UDP readers (issue 9; the DC's default): MIT kinit over UDP after garbage, then kvno. */
    @Test
    void udpReadersAnswerAndSurviveGarbage() throws Exception {
        try (TestRealm r = new TestRealm(KdcConfig.loopback().withUdpReaders(2).withUdpReplyLimit(4096))) {
            try (DatagramSocket udp = new DatagramSocket()) {
                for (int i = 0; i < 200; i++) {
                    byte[] b = {0x30, (byte) i, 1, 2, 3};
                    udp.send(new DatagramPacket(b, b.length, InetAddress.getLoopbackAddress(), r.kdc.udpPort()));
                }
            }
            Path conf = r.krb5Conf(tmp, "udp_preference_limit = 4096");
            Path cc = tmp.resolve("cc-readers");
            MitTools.Result kinit = MitTools.run(conf, cc, TestRealm.PASSWORD + "\n", "kinit", "alice");
            assertThat(kinit.ok()).as(kinit.toString()).isTrue();
            MitTools.Result kvno = MitTools.run(conf, cc, "", "kvno", "HTTP/files.contoso.test");
            assertThat(kvno.ok()).as(kvno.toString()).isTrue();
            assertThat(r.audit).filteredOn(e -> e.status() == Status.ISSUED).hasSizeGreaterThanOrEqualTo(2);
            assertThat(r.audit).noneMatch(e -> e.status() == Status.RESPONSE_TOO_BIG);
        }
    }

    static byte[] frame(int n) {
        return new byte[] {(byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8), (byte) n};
    }

    static void drain(InputStream in) throws IOException {
        in.readAllBytes();
    }
}
