// RFC 4120 §7.2.2 (TCP: each message preceded by a 4-octet big-endian length; the high bit is reserved,
// and a KDC that receives it set MUST answer KRB_ERR_FIELD_TOOLONG and close the stream). Lengths above
// KdcConfig.maxTcpRequest are refused the same way. Each connection runs on a virtual thread with a
// deadline per request (KdcConfig.tcpReadTimeout) covering the wait for it and all its bytes, so a
// half-open or trickling connection is closed and never holds a worker for longer. §7.2.2 also lets a client
// send several requests on one stream; both paths below keep that working.
package io.kerbridge.kdc.transport;

import io.kerbridge.kdc.KdcConfig;
import io.kerbridge.kdc.KdcService;
import io.kerbridge.kdc.KrbErrors;
import io.kerbridge.kerberos.Bytes;
import io.kerbridge.kerberos.types.ErrorCode;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.util.Arrays;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Semaphore;

/**
 * Accepts on {@value #ACCEPTORS} platform threads. A connection whose request is already there (clients send it right
 * after connecting) is served by the acceptor itself with plain blocking I/O; anything slower moves to a virtual thread
 * with the full read deadline, together with the bytes already read.
 *
 * <p>Why (issue 9, JFR CPU-time profile of TGS over TCP, BENCHMARKS.md): with a virtual thread per connection, {@code
 * KdcService.handle} was only 26 % of the KDC's CPU; parking each read on the virtual-thread poller (epoll register
 * and wait, the unpark, the read timer) and the fork-join hand-offs cost more than the request. A timed read on a
 * platform thread is one {@code poll} system call. The acceptor waits at most {@value #FAST_WAIT_MS} ms for each
 * request, so a client that connects and sends nothing costs it that long once, then waits on a virtual thread like
 * any slow client; one connection gets at most {@value #FAST_REQUESTS} requests served by the acceptor.
 */
public final class TcpListener implements AutoCloseable {
    static final int ACCEPTORS = 2;
    static final int FAST_WAIT_MS = 2;
    static final int FAST_REQUESTS = 4;
    private static final long NO_DEADLINE = Long.MAX_VALUE;

    private final ServerSocket server;
    private final KdcService service;
    private final KrbErrors errors;
    private final ExecutorService workers;
    private final KdcConfig config;
    private final Semaphore connections;
    private final Thread[] acceptors = new Thread[ACCEPTORS];

    private TcpListener(ServerSocket server, KdcService service, KrbErrors errors, ExecutorService workers,
            KdcConfig config) {
        this.server = server;
        this.service = service;
        this.errors = errors;
        this.workers = workers;
        this.config = config;
        this.connections = new Semaphore(config.maxTcpConnections());
        for (int i = 0; i < ACCEPTORS; i++) {
            acceptors[i] = Thread.ofPlatform().daemon().name("kdc-tcp-" + port() + "-" + i).unstarted(this::acceptLoop);
        }
    }

    public static TcpListener bind(InetSocketAddress address, KdcService service, KrbErrors errors,
            ExecutorService workers, KdcConfig config) throws IOException {
        ServerSocket s = new ServerSocket();
        try {
            s.setReuseAddress(true);
            s.bind(address, 512);
        } catch (IOException e) {
            s.close();
            throw e;
        }
        TcpListener l = new TcpListener(s, service, errors, workers, config);
        for (Thread t : l.acceptors) {
            t.start();
        }
        return l;
    }

    public int port() {
        return server.getLocalPort();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            Socket s;
            try {
                s = server.accept();
            } catch (IOException | RuntimeException e) {
                if (server.isClosed()) {
                    return;
                }
                continue;
            }
            if (!connections.tryAcquire()) {
                closeQuietly(s);
                continue;
            }
            if (!serveOnAcceptor(s)) {
                closeQuietly(s);
                connections.release();
            }
        }
    }

    /**
     * The fast path. Returns true when the connection went to a worker (which then owns it and its permit), false
     * when it is to be closed.
     */
    private boolean serveOnAcceptor(Socket s) {
        Recording in;
        Optional<String> from;
        try {
            s.setTcpNoDelay(true);
            s.setSoTimeout(FAST_WAIT_MS);
            in = new Recording(s.getInputStream());
            from = Optional.of(s.getRemoteSocketAddress().toString());
        } catch (IOException | RuntimeException e) {
            return false;
        }
        try {
            for (int i = 0; i < FAST_REQUESTS; i++) {
                in.forget();
                if (!serveOne(s, in, true, from)) {
                    return false;
                }
            }
            in.forget();
        } catch (SocketTimeoutException slow) {
            // not (all) there yet: a worker waits for the rest, starting with what was read
        } catch (IOException | RuntimeException e) {
            return false; // reset, EOF in a frame, a bad frame: closed
        }
        byte[] consumed = in.consumed();
        workers.execute(() -> serve(s, consumed, from));
        return true;
    }

    /** A worker: the rest of a connection the acceptor handed over (TCP_NODELAY already set). */
    private void serve(Socket s, byte[] consumed, Optional<String> from) {
        try (s) {
            InputStream in = consumed.length == 0 ? s.getInputStream()
                    : new SequenceInputStream(new ByteArrayInputStream(consumed), s.getInputStream());
            while (serveOne(s, in, false, from)) {
                // next request on the same connection
            }
        } catch (IOException | RuntimeException e) {
            // timeout, reset or EOF: the connection is closed
        } finally {
            connections.release();
        }
    }

    /**
     * One framed request and its reply; false when the connection should close. On the acceptor the socket's short
     * timeout bounds each read; on a worker the read deadline for the whole request starts now.
     */
    private boolean serveOne(Socket s, InputStream in, boolean onAcceptor, Optional<String> from) throws IOException {
        OutputStream out = s.getOutputStream();
        long deadline = onAcceptor ? NO_DEADLINE : System.nanoTime() + config.tcpReadTimeout().toNanos();
        byte[] header = new byte[4];
        if (!readFully(s, in, header, deadline, true)) {
            return false;
        }
        int length = ((header[0] & 0xFF) << 24) | ((header[1] & 0xFF) << 16) | ((header[2] & 0xFF) << 8)
                | (header[3] & 0xFF);
        if (length < 0 || length > config.maxTcpRequest()) {
            write(out, errors.encode(ErrorCode.KRB_ERR_FIELD_TOOLONG));
            return false;
        }
        if (length == 0) {
            return false;
        }
        byte[] request = new byte[length];
        readFully(s, in, request, deadline, false);
        Optional<Bytes> reply = service.handle(Bytes.wrap(request), false, from);
        if (reply.isEmpty()) {
            return false;
        }
        write(out, reply.get());
        return true;
    }

    /**
     * Reads exactly {@code b.length} bytes before the deadline; false on a clean EOF before the first byte. Bytes
     * already received are read without a timeout: a timed read parks a virtual thread with a timer even when it
     * need not wait. With {@link #NO_DEADLINE} (the acceptor) the socket's timeout stays as set.
     */
    private static boolean readFully(Socket s, InputStream in, byte[] b, long deadline, boolean eofOk) throws IOException {
        int off = 0;
        while (off < b.length) {
            int ready = in.available();
            if (ready > 0) {
                off += in.read(b, off, Math.min(ready, b.length - off));
                continue;
            }
            if (deadline != NO_DEADLINE) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    throw new SocketTimeoutException("request not received in time");
                }
                s.setSoTimeout((int) Math.min(Integer.MAX_VALUE, left));
            }
            int n = in.read(b, off, b.length - off);
            if (n < 0) {
                if (off == 0 && eofOk) {
                    return false;
                }
                throw new EOFException();
            }
            off += n;
        }
        return true;
    }

    /** The socket's input, keeping what the current request has consumed so far (to hand it to a worker). */
    private static final class Recording extends InputStream {
        private final InputStream in;
        private byte[] kept = new byte[256];
        private int size;

        Recording(InputStream in) {
            this.in = in;
        }

        void forget() {
            size = 0;
        }

        byte[] consumed() {
            return Arrays.copyOf(kept, size);
        }

        @Override
        public int read() throws IOException {
            throw new UnsupportedOperationException("read(byte[], int, int) only");
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) {
                if (size + n > kept.length) {
                    kept = Arrays.copyOf(kept, Math.max(kept.length * 2, size + n));
                }
                System.arraycopy(b, off, kept, size, n);
                size += n;
            }
            return n;
        }

        @Override
        public int available() throws IOException {
            return in.available();
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // nothing to do
        }
    }

    private static void write(OutputStream out, Bytes msg) throws IOException {
        int n = msg.length();
        byte[] frame = new byte[4 + n];
        frame[0] = (byte) (n >>> 24);
        frame[1] = (byte) (n >>> 16);
        frame[2] = (byte) (n >>> 8);
        frame[3] = (byte) n;
        System.arraycopy(msg.unsafeArray(), 0, frame, 4, n);
        out.write(frame);
        out.flush();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
