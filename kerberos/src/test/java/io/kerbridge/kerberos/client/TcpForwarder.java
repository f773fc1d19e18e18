package io.kerbridge.kerberos.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

/** Forwards TCP connections from one local address to 127.0.0.1:port (test plumbing, not a KDC). */
final class TcpForwarder implements AutoCloseable {
    private final ServerSocket server;

    TcpForwarder(InetAddress bind, int port, int targetPort) throws IOException {
        server = new ServerSocket(port, 50, bind);
        Thread.ofVirtual().start(() -> {
            while (!server.isClosed()) {
                try {
                    Socket in = server.accept();
                    Socket out = new Socket("127.0.0.1", targetPort);
                    pipe(in.getInputStream(), out.getOutputStream(), out);
                    pipe(out.getInputStream(), in.getOutputStream(), in);
                } catch (IOException closed) {
                    return;
                }
            }
        });
    }

    private static void pipe(InputStream from, OutputStream to, Socket closeWhenDone) {
        Thread.ofVirtual().start(() -> {
            try (closeWhenDone) {
                from.transferTo(to);
            } catch (IOException ignored) {
                // connection closed
            }
        });
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
