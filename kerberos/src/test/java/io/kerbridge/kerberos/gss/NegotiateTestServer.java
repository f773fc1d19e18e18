package io.kerbridge.kerberos.gss;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A plain-HTTP server on 127.0.0.1 that authenticates every request with a {@link NegotiateAcceptor}. */
final class NegotiateTestServer implements AutoCloseable {
    /** One request as the server saw it: the accepted result, or the refusal. */
    record Seen(Optional<NegotiateAcceptor.Result> result, Optional<AcceptException.Reason> refused) {}

    private final HttpServer http;
    private final NegotiateAcceptor acceptor;
    private final BlockingQueue<Seen> seen = new LinkedBlockingQueue<>();
    volatile boolean corruptReply;

    NegotiateTestServer(NegotiateAcceptor acceptor) throws IOException {
        this.acceptor = acceptor;
        http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        http.createContext("/", this::handle);
        http.start();
    }

    int port() {
        return http.getAddress().getPort();
    }

    /** The next request the server handled (waits up to 10 s). */
    Seen next() throws InterruptedException {
        Seen s = seen.poll(10, TimeUnit.SECONDS);
        if (s == null) {
            throw new AssertionError("the server saw no request");
        }
        return s;
    }

    void clear() {
        seen.clear();
    }

    private void handle(HttpExchange ex) throws IOException {
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        if (auth == null) {
            ex.getResponseHeaders().add("WWW-Authenticate", "Negotiate");
            send(ex, 401, "authentication required");
            return;
        }
        try {
            NegotiateAcceptor.Result r = acceptor.accept(auth);
            r.wwwAuthenticate().ifPresent(h -> ex.getResponseHeaders().add("WWW-Authenticate", corruptReply
                    ? "Negotiate " + Base64.getEncoder().encodeToString(corrupt(h)) : h));
            seen.add(new Seen(Optional.of(r), Optional.empty()));
            send(ex, 200, "hello " + r.context().clientName());
        } catch (AcceptException e) {
            seen.add(new Seen(Optional.empty(), Optional.of(e.reason())));
            ex.getResponseHeaders().add("WWW-Authenticate", "Negotiate");
            send(ex, 401, "refused");
        }
    }

    /** The reply token with one bit flipped inside the AP-REP ciphertext (near the end). */
    private static byte[] corrupt(String header) {
        byte[] t = Base64.getDecoder().decode(header.substring(header.indexOf(' ') + 1));
        t[t.length - 5] ^= 0x01;
        return t;
    }

    private static void send(HttpExchange ex, int status, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(status, b.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(b);
        }
    }

    @Override
    public void close() {
        http.stop(0);
    }
}
