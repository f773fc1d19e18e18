// RFC 4120 §7.2.1 (UDP: one request per datagram; KRB_ERR_RESPONSE_TOO_BIG → the client retries over TCP),
// §7.2.2 (TCP: 4-byte big-endian length before each message).
package io.kerbridge.bench.load;

import io.kerbridge.kerberos.Bytes;
import io.kerbridge.kerberos.client.KdcExchange;
import io.kerbridge.kerberos.client.KdcTransport;
import io.kerbridge.kerberos.msg.KrbCodec;
import io.kerbridge.kerberos.types.ErrorCode;
import io.kerbridge.kerberos.types.MessageType;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * One client's connection to one KDC. UDP keeps one connected socket per client (a timed-out exchange
 * re-opens it, so a late reply is never taken for the next one). TCP opens a connection per request, as
 * MIT's libkrb5 does, unless {@code keepAlive} (our KDC serves several requests per connection).
 */
final class KdcLink implements KdcExchange, AutoCloseable {
    /** AUTO: as MIT's libkrb5, UDP unless the request exceeds the krb5.conf udp_preference_limit, then TCP. */
    enum Transport { UDP, TCP, AUTO }

    /** Counters shared by every link of a run. */
    static final LongAdder TOO_BIG = new LongAdder();
    static final LongAdder TIMEOUTS = new LongAdder();

    private final InetSocketAddress kdc;
    private final Transport transport;
    private final boolean keepAlive;
    private final int timeoutMillis;
    private final int udpPreferenceLimit;
    private DatagramSocket udp;
    private Socket tcp;
    private final byte[] buf = new byte[65_535];

    KdcLink(InetSocketAddress kdc, Transport transport, boolean keepAlive, int timeoutMillis, int udpPreferenceLimit) {
        this.udpPreferenceLimit = udpPreferenceLimit;
        this.kdc = kdc;
        this.transport = transport;
        this.keepAlive = keepAlive;
        this.timeoutMillis = timeoutMillis;
    }

    @Override
    public Bytes send(String realm, Bytes request) throws KdcTransport.KdcUnreachableException {
        try {
            if (transport == Transport.TCP
                    || (transport == Transport.AUTO && request.length() > udpPreferenceLimit)) {
                return tcp(request);
            }
            Bytes reply = udp(request);
            if (isTooBig(reply)) {
                TOO_BIG.increment();
                return tcp(request);
            }
            return reply;
        } catch (IOException e) {
            throw new KdcTransport.KdcUnreachableException(realm, List.of(kdc + ": " + e));
        }
    }

    private Bytes udp(Bytes request) throws IOException {
        if (udp == null) {
            udp = new DatagramSocket();
            udp.connect(kdc);
            udp.setSoTimeout(timeoutMillis);
        }
        byte[] req = request.unsafeArray();
        udp.send(new DatagramPacket(req, req.length));
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        try {
            udp.receive(p);
        } catch (SocketTimeoutException e) {
            TIMEOUTS.increment();
            udp.close();
            udp = null;
            throw e;
        }
        return Bytes.of(buf, 0, p.getLength());
    }

    private Bytes tcp(Bytes request) throws IOException {
        Socket s = tcp;
        if (s == null) {
            s = new Socket();
            s.setTcpNoDelay(true);
            s.connect(kdc, timeoutMillis);
            s.setSoTimeout(timeoutMillis);
        }
        try {
            OutputStream out = s.getOutputStream();
            int n = request.length();
            byte[] frame = new byte[4 + n];
            frame[0] = (byte) (n >>> 24);
            frame[1] = (byte) (n >>> 16);
            frame[2] = (byte) (n >>> 8);
            frame[3] = (byte) n;
            System.arraycopy(request.unsafeArray(), 0, frame, 4, n);
            out.write(frame);
            out.flush();
            DataInputStream in = new DataInputStream(s.getInputStream());
            int len = in.readInt();
            if (len < 0 || len > 1 << 20) {
                throw new IOException("reply length " + len);
            }
            byte[] reply = new byte[len];
            in.readFully(reply);
            if (keepAlive) {
                tcp = s;
            } else {
                s.close();
            }
            return Bytes.wrap(reply);
        } catch (IOException e) {
            if (e instanceof SocketTimeoutException) {
                TIMEOUTS.increment();
            }
            s.close();
            tcp = null;
            throw e;
        }
    }

    private static boolean isTooBig(Bytes reply) {
        if (!KrbCodec.peekMessageType(reply).map(MessageType.KRB_ERROR::equals).orElse(false)) {
            return false;
        }
        try {
            return KrbCodec.decodeKrbError(reply).errorCode().equals(ErrorCode.KRB_ERR_RESPONSE_TOO_BIG);
        } catch (io.kerbridge.kerberos.asn1.DerException e) {
            return false;
        }
    }

    @Override
    public void close() throws IOException {
        if (udp != null) {
            udp.close();
        }
        if (tcp != null) {
            tcp.close();
        }
    }
}
