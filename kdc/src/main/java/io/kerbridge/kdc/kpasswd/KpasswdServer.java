package io.kerbridge.kdc.kpasswd;

import io.kerbridge.kerberos.Bytes;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * UDP and TCP listeners for the kpasswd service (RFC 3244 §2: port 464, both transports), on one
 * port. A UDP datagram is one kpasswd message; over TCP each message is preceded by a 4-octet
 * big-endian length (RFC 3244 §2, the same record mark as RFC 4120 §7.2.2, high bit reserved),
 * which is what MIT's client sends, and a connection may carry several requests. MIT 1.20's
 * kpasswd tries TCP first, then UDP. Each datagram and connection is served
 * on a virtual thread; in-flight work is bounded, idle TCP connections are closed.
 */
public final class KpasswdServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(KpasswdServer.class);

    /** The kpasswd port (RFC 3244 §2). */
    public static final int DEFAULT_PORT = 464;

    /**
     * @param idleTimeout a TCP connection with no complete request for this long is closed
     * @param maxConnections TCP connections served at once (more are closed on accept)
     * @param maxUdpInFlight UDP requests handled at once (more are dropped)
     * @param udp serve UDP
     * @param tcp serve TCP
     */
    public record Options(Duration idleTimeout, int maxConnections, int maxUdpInFlight, boolean udp, boolean tcp) {
        public static final Options DEFAULT = new Options(Duration.ofSeconds(30), 256, 256, true, true);

        public Options {
            Objects.requireNonNull(idleTimeout, "idleTimeout");
            if (idleTimeout.isNegative() || idleTimeout.isZero() || maxConnections < 1 || maxUdpInFlight < 1
                    || !(udp || tcp)) {
                throw new IllegalArgumentException("bad options " + idleTimeout + " " + maxConnections + " "
                        + maxUdpInFlight + " udp=" + udp + " tcp=" + tcp);
            }
        }

        public Options(Duration idleTimeout, int maxConnections, int maxUdpInFlight) {
            this(idleTimeout, maxConnections, maxUdpInFlight, true, true);
        }

        public Options withTransports(boolean udp, boolean tcp) {
            return new Options(idleTimeout, maxConnections, maxUdpInFlight, udp, tcp);
        }
    }

    private final KpasswdService service;
    private final Options options;
    private final Semaphore connections;
    private final Semaphore udpInFlight;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private ServerSocket tcp;
    private DatagramSocket udp;
    private InetSocketAddress bound;
    private volatile boolean closed;

    public KpasswdServer(KpasswdService service) {
        this(service, Options.DEFAULT);
    }

    public KpasswdServer(KpasswdService service, Options options) {
        this.service = Objects.requireNonNull(service, "service");
        this.options = Objects.requireNonNull(options, "options");
        this.connections = new Semaphore(options.maxConnections());
        this.udpInFlight = new Semaphore(options.maxUdpInFlight());
    }

    /**
     * Binds UDP and TCP on {@code bind} (port 0: one free port for both) and starts serving.
     *
     * @return the bound address
     */
    public synchronized InetSocketAddress start(InetSocketAddress bind) throws IOException {
        if (bound != null || closed) {
            throw new IllegalStateException("already started or closed");
        }
        IOException last = null;
        for (int attempt = 0; attempt < (bind.getPort() == 0 ? 20 : 1) && bound == null; attempt++) {
            ServerSocket t = null;
            DatagramSocket u = null;
            try {
                InetSocketAddress at = bind;
                if (options.tcp()) {
                    t = new ServerSocket();
                    t.setReuseAddress(true);
                    t.bind(at, 128);
                    at = new InetSocketAddress(bind.getAddress(), t.getLocalPort());
                }
                if (options.udp()) {
                    u = new DatagramSocket(null);
                    u.bind(at);
                    at = new InetSocketAddress(bind.getAddress(), u.getLocalPort());
                }
                tcp = t;
                udp = u;
                bound = at;
            } catch (BindException e) {
                closeQuietly(t, u);
                last = e;
            } catch (IOException | RuntimeException e) {
                closeQuietly(t, u);
                throw e;
            }
        }
        if (bound == null) {
            throw last;
        }
        if (tcp != null) {
            Thread.ofVirtual().name("kpasswd-tcp-accept").start(this::acceptLoop);
        }
        if (udp != null) {
            Thread.ofVirtual().name("kpasswd-udp").start(this::udpLoop);
        }
        log.info("kpasswd listening on {} (udp={}, tcp={})", bound, udp != null, tcp != null);
        return bound;
    }

    /** Binds on {@code address:port}. */
    public InetSocketAddress start(InetAddress address, int port) throws IOException {
        return start(new InetSocketAddress(address, port));
    }

    public synchronized InetSocketAddress address() {
        if (bound == null) {
            throw new IllegalStateException("not started");
        }
        return bound;
    }

    public int port() {
        return address().getPort();
    }

    @Override
    public void close() {
        ServerSocket t;
        DatagramSocket u;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            t = tcp;
            u = udp;
        }
        try {
            if (t != null) {
                t.close();
            }
        } catch (IOException ignored) {
            // closing
        }
        if (u != null) {
            u.close();
        }
        for (Socket s : open) {
            closeQuietly(s);
        }
    }

    // ---- UDP --------------------------------------------------------------------------------

    private void udpLoop() {
        DatagramSocket u = udp;
        InetAddress local = u.getLocalAddress();
        byte[] buf = new byte[KpasswdFrame.MAX_MESSAGE + 1];
        while (!closed) {
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                u.receive(p);
            } catch (IOException e) {
                if (!closed) {
                    log.warn("kpasswd UDP receive failed", e);
                }
                continue;
            }
            if (!udpInFlight.tryAcquire()) {
                log.warn("kpasswd UDP: overloaded, dropping a request from {}", p.getSocketAddress());
                continue;
            }
            Bytes request = Bytes.of(buf, 0, p.getLength());
            InetSocketAddress from = (InetSocketAddress) p.getSocketAddress();
            Thread.ofVirtual().start(() -> {
                try {
                    Optional<Bytes> reply = service.handle(request, from, local);
                    if (reply.isPresent()) {
                        byte[] r = reply.get().toByteArray();
                        u.send(new DatagramPacket(r, r.length, from));
                    }
                } catch (IOException e) {
                    if (!closed) {
                        log.debug("kpasswd UDP send to {} failed: {}", from, e.toString());
                    }
                } finally {
                    udpInFlight.release();
                }
            });
        }
    }

    // ---- TCP --------------------------------------------------------------------------------

    private void acceptLoop() {
        ServerSocket t = tcp;
        while (!closed) {
            Socket s;
            try {
                s = t.accept();
            } catch (IOException e) {
                if (!closed) {
                    log.warn("kpasswd TCP accept failed", e);
                }
                continue;
            }
            if (!connections.tryAcquire()) {
                log.warn("kpasswd TCP: too many connections, closing one from {}", s.getRemoteSocketAddress());
                closeQuietly(s);
                continue;
            }
            open.add(s);
            Thread.ofVirtual().start(() -> {
                try {
                    serve(s);
                } finally {
                    open.remove(s);
                    closeQuietly(s);
                    connections.release();
                }
            });
        }
    }

    /** One connection: length-prefixed requests (RFC 4120 §7.2.2) until EOF, idle timeout or a bad record. */
    private void serve(Socket s) {
        InetSocketAddress from = (InetSocketAddress) s.getRemoteSocketAddress();
        try {
            s.setSoTimeout((int) Math.min(Integer.MAX_VALUE, options.idleTimeout().toMillis()));
            DataInputStream in = new DataInputStream(s.getInputStream());
            OutputStream out = s.getOutputStream();
            while (!closed) {
                int len;
                try {
                    len = in.readInt();
                } catch (EOFException eof) {
                    return;
                }
                // High bit reserved (must be 0); a kpasswd message never exceeds its 16-bit length.
                if (len <= 0 || len > KpasswdFrame.MAX_MESSAGE) {
                    log.debug("kpasswd TCP from {}: bad record length {}", from, len);
                    return;
                }
                byte[] msg = new byte[len];
                in.readFully(msg);
                Optional<Bytes> reply = service.handle(Bytes.wrap(msg), from, s.getLocalAddress());
                if (reply.isEmpty()) {
                    return;
                }
                byte[] r = reply.get().unsafeArray();
                byte[] framed = new byte[4 + r.length];
                framed[0] = (byte) (r.length >>> 24);
                framed[1] = (byte) (r.length >>> 16);
                framed[2] = (byte) (r.length >>> 8);
                framed[3] = (byte) r.length;
                System.arraycopy(r, 0, framed, 4, r.length);
                out.write(framed);
                out.flush();
            }
        } catch (SocketTimeoutException e) {
            log.debug("kpasswd TCP from {}: idle timeout", from);
        } catch (EOFException | SocketException e) {
            log.debug("kpasswd TCP from {}: {}", from, e.toString());
        } catch (IOException e) {
            log.debug("kpasswd TCP from {} failed: {}", from, e.toString());
        }
    }

    private static void closeQuietly(ServerSocket t, DatagramSocket u) {
        if (t != null) {
            try {
                t.close();
            } catch (IOException ignored) {
                // closing
            }
        }
        if (u != null) {
            u.close();
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closing
        }
    }
}
