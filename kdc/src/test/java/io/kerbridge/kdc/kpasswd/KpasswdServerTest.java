package io.kerbridge.kdc.kpasswd;

import static org.assertj.core.api.Assertions.assertThat;

import io.kerbridge.kerberos.Bytes;
import io.kerbridge.kerberos.types.EncType;
import io.kerbridge.kerberos.types.EncryptionKey;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** KpasswdServer: UDP datagrams and 4-octet length-prefixed TCP (RFC 3244 §2, RFC 4120 §7.2.2) on one port. */
class KpasswdServerTest {
    static final String REALM = "CONTOSO.TEST";
    TestDirectory dir;
    EncryptionKey key;
    KpasswdServer server;
    InetSocketAddress at;

    @BeforeEach
    void start() throws IOException {
        dir = new TestDirectory(REALM);
        dir.addUser("alice", false);
        key = KpasswdTestClient.randomKey(EncType.AES256_CTS_HMAC_SHA1_96);
        dir.setChangepwKeys(List.of(TestDirectory.keyVersion(2, key)));
        server = new KpasswdServer(new KpasswdService(dir, dir),
                new KpasswdServer.Options(Duration.ofMillis(500), 4, 16));
        at = server.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    KpasswdTestClient client() {
        return KpasswdTestClient.minted(REALM, key, 2, "alice", true);
    }

    static Bytes udp(InetSocketAddress at, Bytes request) throws IOException {
        try (DatagramSocket s = new DatagramSocket()) {
            s.setSoTimeout(5000);
            byte[] b = request.toByteArray();
            s.send(new DatagramPacket(b, b.length, at));
            byte[] buf = new byte[65536];
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            s.receive(p);
            return Bytes.of(buf, 0, p.getLength());
        }
    }

    static void writeRecord(DataOutputStream out, Bytes msg) throws IOException {
        out.writeInt(msg.length());
        out.write(msg.toByteArray());
        out.flush();
    }

    static Bytes readRecord(DataInputStream in) throws IOException {
        int len = in.readInt();
        byte[] b = new byte[len];
        in.readFully(b);
        return Bytes.wrap(b);
    }

    @Test
    void udpRoundTrip() throws Exception {
        KpasswdTestClient c = client();
        assertThat(c.readReply(udp(at, c.changeRequest("Udp-passw0rd"))).result()).isEqualTo(KpasswdResult.SUCCESS);
        assertThat(dir.calls).extracting(TestDirectory.Call::password).containsExactly("Udp-passw0rd");
    }

    @Test
    void udpGarbageGetsNoReplyAndServiceGoesOn() throws Exception {
        try (DatagramSocket s = new DatagramSocket()) {
            s.setSoTimeout(300);
            byte[] junk = {1, 2, 3};
            s.send(new DatagramPacket(junk, junk.length, at));
            DatagramPacket p = new DatagramPacket(new byte[100], 100);
            try {
                s.receive(p);
                throw new AssertionError("a reply to junk");
            } catch (SocketTimeoutException expected) {
                // no reply
            }
        }
        KpasswdTestClient c = client();
        assertThat(c.readReply(udp(at, c.changeRequest("After-junk1"))).result()).isEqualTo(KpasswdResult.SUCCESS);
    }

    @Test
    void tcpSeveralRequestsOnOneConnection() throws Exception {
        try (Socket s = new Socket(at.getAddress(), at.getPort())) {
            s.setSoTimeout(5000);
            DataOutputStream out = new DataOutputStream(s.getOutputStream());
            DataInputStream in = new DataInputStream(s.getInputStream());
            for (int i = 0; i < 3; i++) {
                KpasswdTestClient c = client();
                writeRecord(out, c.changeRequest("Tcp-passw0rd" + i));
                assertThat(c.readReply(readRecord(in)).result()).isEqualTo(KpasswdResult.SUCCESS);
            }
        }
        assertThat(dir.calls).hasSize(3);
    }

    @Test
    void tcpBadRecordLengthClosesTheConnection() throws Exception {
        try (Socket s = new Socket(at.getAddress(), at.getPort())) {
            s.setSoTimeout(5000);
            DataOutputStream out = new DataOutputStream(s.getOutputStream());
            out.writeInt(0x80000010); // reserved high bit
            out.flush();
            assertThat(s.getInputStream().read()).isEqualTo(-1);
        }
        try (Socket s = new Socket(at.getAddress(), at.getPort())) {
            s.setSoTimeout(5000);
            DataOutputStream out = new DataOutputStream(s.getOutputStream());
            out.writeInt(1 << 20); // longer than any kpasswd message
            out.flush();
            assertThat(s.getInputStream().read()).isEqualTo(-1);
        }
        KpasswdTestClient c = client();
        assertThat(c.readReply(udp(at, c.changeRequest("Still-ok-1"))).result()).isEqualTo(KpasswdResult.SUCCESS);
    }

    @Test
    void tcpIdleConnectionIsClosed() throws Exception {
        try (Socket s = new Socket(at.getAddress(), at.getPort())) {
            s.setSoTimeout(5000);
            long t0 = System.nanoTime();
            s.getOutputStream().write(new byte[] {0, 0}); // half a record length, then silence
            assertThat(s.getInputStream().read()).isEqualTo(-1);
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(4));
        }
    }

    @Test
    void connectionLimitAndCloseStopEverything() throws Exception {
        Socket[] held = new Socket[4];
        for (int i = 0; i < held.length; i++) {
            held[i] = new Socket(at.getAddress(), at.getPort());
        }
        try (Socket extra = new Socket(at.getAddress(), at.getPort())) {
            extra.setSoTimeout(5000);
            assertThat(extra.getInputStream().read()).isEqualTo(-1);
        }
        server.close();
        for (Socket s : held) {
            s.setSoTimeout(5000);
            try {
                assertThat(s.getInputStream().read()).isEqualTo(-1);
            } catch (IOException reset) {
                // closed by the server: also fine
            }
            s.close();
        }
        server.close(); // idempotent
    }

    @Test
    void tcpAndUdpShareThePort() throws Exception {
        assertThat(at.getPort()).isPositive();
        assertThat(server.port()).isEqualTo(at.getPort());
        try (Socket s = new Socket(at.getAddress(), at.getPort())) {
            DataOutputStream out = new DataOutputStream(s.getOutputStream());
            KpasswdTestClient c = client();
            writeRecord(out, c.changeRequest("Shared-p0rt"));
            s.setSoTimeout(5000);
            DataInputStream in = new DataInputStream(s.getInputStream());
            try {
                assertThat(c.readReply(readRecord(in)).result()).isEqualTo(KpasswdResult.SUCCESS);
            } catch (EOFException e) {
                throw new AssertionError("connection closed without a reply", e);
            }
        }
    }
}
