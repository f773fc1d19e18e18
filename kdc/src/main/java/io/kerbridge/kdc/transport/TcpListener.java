// RFC 4120 §7.2.2 (TCP: each message preceded by a 4-octet big-endian length; the high bit is reserved,
// and a KDC that receives it set MUST answer KRB_ERR_FIELD_TOOLONG and close the stream). Lengths above
// KdcConfig.maxTcpRequest are refused the same way. Each connection runs on a virtual thread with a
// deadline per request (KdcConfig.tcpReadTimeout) covering the wait for it and all its bytes, so a
// half-open or trickling connection is closed and never holds a worker for longer.
package io.kerbridge.kdc.transport;

import io.kerbridge.kdc.KdcConfig;
import io.kerbridge.kdc.KdcService;
import io.kerbridge.kdc.KrbErrors;
import io.kerbridge.kerberos.Bytes;
import io.kerbridge.kerberos.types.ErrorCode;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Semaphore;

/** Accepts on one thread; serves each connection on a virtual thread. */
public final class TcpListener implements AutoCloseable {
    private final ServerSocket server;
    private final KdcService service;
    private final KrbErrors errors;
    private final ExecutorService workers;
    private final KdcConfig config;
    private final Semaphore connections;
    private final Thread acceptor;

    private TcpListener(ServerSocket server, KdcService service, KrbErrors errors, ExecutorService workers,
            KdcConfig config) {
        this.server = server;
        this.service = service;
        this.errors = errors;
        this.workers = workers;
        this.config = config;
        this.connections = new Semaphore(config.maxTcpConnections());
        this.acceptor = Thread.ofPlatform().daemon().name("kdc-tcp-" + port()).unstarted(this::acceptLoop);
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
        l.acceptor.start();
        return l;
    }

    public int port() {
        return server.getLocalPort();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                if (!connections.tryAcquire()) {
                    s.close();
                    continue;
                }
                workers.execute(() -> serve(s));
            } catch (IOException | RuntimeException e) {
                if (server.isClosed()) {
                    return;
                }
            }
        }
    }

    private void serve(Socket s) {
        try (s) {
            s.setTcpNoDelay(true);
            Optional<String> from = Optional.of(s.getRemoteSocketAddress().toString());
            while (serveOne(s, from)) {
                // next request on the same connection
            }
        } catch (IOException | RuntimeException e) {
            // timeout, reset or EOF: the connection is closed
        } finally {
            connections.release();
        }
    }

    /** One framed request and its reply; false when the connection should close. */
    private boolean serveOne(Socket s, Optional<String> from) throws IOException {
        OutputStream out = s.getOutputStream();
        long deadline = System.nanoTime() + config.tcpReadTimeout().toNanos();
        byte[] header = new byte[4];
        if (!readFully(s, header, deadline, true)) {
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
        readFully(s, request, deadline, false);
        Optional<Bytes> reply = service.handle(Bytes.wrap(request), false, from);
        if (reply.isEmpty()) {
            return false;
        }
        write(out, reply.get());
        return true;
    }

    /**
     * Reads exactly {@code b.length} bytes before the deadline; false on a clean EOF before the first byte. Bytes
     * already received are read without a timeout: a timed read parks the virtual thread with a timer even when it
     * need not wait (issue 9: an MIT client sends its request with the connection, so it is usually there).
     */
    private static boolean readFully(Socket s, byte[] b, long deadline, boolean eofOk) throws IOException {
        InputStream in = s.getInputStream();
        int off = 0;
        while (off < b.length) {
            int ready = in.available();
            if (ready > 0) {
                off += in.read(b, off, Math.min(ready, b.length - off));
                continue;
            }
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                throw new SocketTimeoutException("request not received in time");
            }
            s.setSoTimeout((int) Math.min(Integer.MAX_VALUE, left));
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
