// RFC 4120 §7.2.1 (UDP), §7.2.2 (TCP, 4-byte length prefix; KRB_ERR_RESPONSE_TOO_BIG → retry over TCP),
// MS-KKDCP 2.2.2 / 3.2.5 (KDC-PROXY-MESSAGE over HTTPS, Content-Type application/kerberos).
package io.kerbridge.kerberos.client;

import io.kerbridge.kerberos.Bytes;
import io.kerbridge.kerberos.asn1.Der;
import io.kerbridge.kerberos.asn1.DerException;
import io.kerbridge.kerberos.msg.KdcProxyMessage;
import io.kerbridge.kerberos.msg.KrbCodec;
import io.kerbridge.kerberos.msg.KrbError;
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
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLContext;

/** Sends one Kerberos request to the KDCs of a realm and returns the first reply. */
public final class KdcTransport implements KdcExchange {
    private final KrbConfig config;
    private final Duration timeout;
    private final SSLContext tls;

    /**
     * @param tls the TLS context for KKDCP ({@code https://} kdc entries); null uses the JDK default
     *     trust store
     */
    public KdcTransport(KrbConfig config, Duration timeout, SSLContext tls) {
        this.config = config;
        this.timeout = timeout;
        this.tls = tls;
    }

    public KdcTransport(KrbConfig config) {
        this(config, Duration.ofSeconds(3), null);
    }

    /** Tries each KDC of {@code realm} in order; fails when none answered. */
    @Override
    public Bytes send(String realm, Bytes request) throws KdcUnreachableException {
        List<KdcAddress> kdcs;
        try {
            kdcs = config.kdcs(realm);
        } catch (KrbConfig.ConfigException e) {
            throw new KdcUnreachableException(realm, List.of(e.getMessage()));
        }
        if (kdcs.isEmpty()) {
            throw new KdcUnreachableException(realm, List.of("no kdc for realm " + realm + " in the configuration"));
        }
        List<String> failures = new ArrayList<>();
        for (KdcAddress kdc : kdcs) {
            try {
                return sendTo(kdc, realm, request);
            } catch (IOException e) {
                failures.add(kdc + ": " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
            }
        }
        throw new KdcUnreachableException(realm, failures);
    }

    private Bytes sendTo(KdcAddress kdc, String realm, Bytes request) throws IOException {
        switch (kdc.transport()) {
            case HTTPS:
                return kkdcp(kdc, realm, request);
            case TCP:
                return tcp(kdc, request);
            case UDP:
                return udpThenTcpIfTooBig(kdc, request);
            default:
                if (request.length() > config.udpPreferenceLimit()) {
                    return tcp(kdc, request);
                }
                try {
                    return udpThenTcpIfTooBig(kdc, request);
                } catch (SocketTimeoutException e) {
                    return tcp(kdc, request);
                }
        }
    }

    private Bytes udpThenTcpIfTooBig(KdcAddress kdc, Bytes request) throws IOException {
        Bytes reply = udp(kdc, request);
        if (isResponseTooBig(reply)) {
            return tcp(kdc, request);
        }
        return reply;
    }

    static boolean isResponseTooBig(Bytes reply) {
        if (!KrbCodec.peekMessageType(reply).map(MessageType.KRB_ERROR::equals).orElse(false)) {
            return false;
        }
        try {
            KrbError e = KrbCodec.decodeKrbError(reply);
            return e.errorCode().equals(ErrorCode.KRB_ERR_RESPONSE_TOO_BIG);
        } catch (DerException e) {
            return false;
        }
    }

    private Bytes udp(KdcAddress kdc, Bytes request) throws IOException {
        try (DatagramSocket s = new DatagramSocket()) {
            s.setSoTimeout((int) timeout.toMillis());
            InetSocketAddress to = new InetSocketAddress(kdc.host(), kdc.port());
            byte[] req = request.unsafeArray();
            s.send(new DatagramPacket(req, req.length, to));
            byte[] buf = new byte[65535];
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            s.receive(p);
            return Bytes.of(buf, 0, p.getLength());
        }
    }

    private Bytes tcp(KdcAddress kdc, Bytes request) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(kdc.host(), kdc.port()), (int) timeout.toMillis());
            s.setSoTimeout((int) timeout.toMillis());
            OutputStream out = s.getOutputStream();
            out.write(ByteBuffer.allocate(4).putInt(request.length()).array());
            out.write(request.unsafeArray());
            out.flush();
            DataInputStream in = new DataInputStream(s.getInputStream());
            int len = in.readInt();
            if (len < 0 || len > Der.MAX_MESSAGE) {
                throw new IOException("reply length " + (len & 0xFFFFFFFFL) + " out of range");
            }
            byte[] reply = new byte[len];
            in.readFully(reply);
            return Bytes.wrap(reply);
        }
    }

    private Bytes kkdcp(KdcAddress kdc, String realm, Bytes request) throws IOException {
        Bytes framed = Bytes.wrap(ByteBuffer.allocate(4 + request.length()).putInt(request.length())
                .put(request.unsafeArray()).array());
        Bytes body = KrbCodec.encodeKdcProxyMessage(new KdcProxyMessage(framed, Optional.of(realm), Optional.empty()));
        HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(timeout);
        SSLContext ctx = tls != null ? tls : HttpAnchors.context(config.realmValues(realm, "http_anchors"));
        if (ctx != null) {
            b.sslContext(ctx);
        }
        try (HttpClient http = b.build()) {
            HttpRequest req = HttpRequest.newBuilder(kdc.proxyUrl()).timeout(timeout)
                    .header("Content-Type", "application/kerberos")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body.unsafeArray())).build();
            HttpResponse<byte[]> rsp = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
            if (rsp.statusCode() != 200) {
                throw new IOException("KDC proxy answered HTTP " + rsp.statusCode());
            }
            KdcProxyMessage m = KrbCodec.decodeKdcProxyMessage(Bytes.wrap(rsp.body()));
            Bytes k = m.kerbMessage();
            if (k.length() < 4) {
                throw new IOException("KDC proxy reply too short");
            }
            int len = ByteBuffer.wrap(k.unsafeArray(), 0, 4).getInt();
            if (len != k.length() - 4) {
                throw new IOException("KDC proxy reply length prefix " + len + " does not match " + (k.length() - 4));
            }
            return k.slice(4, k.length());
        } catch (DerException e) {
            throw new IOException("KDC proxy reply is not a KDC-PROXY-MESSAGE: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        }
    }

    /** No KDC of the realm answered; lists why for each. */
    public static final class KdcUnreachableException extends Exception {
        public KdcUnreachableException(String realm, List<String> failures) {
            super("cannot reach any KDC for realm " + realm + ": " + String.join("; ", failures));
        }
    }
}
