// RFC 4559 (HTTP Negotiate), RFC 4918 (WebDAV class 1), RFC 9110/9112 (HTTP/1.1); DESIGN.md §1 (the file
// server actor) and §2.5 (access); protocol-notes §0.1 step 5 (service tickets for on-premises resources).
package io.kerbridge.fileserver;

import io.kerbridge.kerberos.gss.ApReqVerifier;
import io.kerbridge.kerberos.gss.NegotiateAcceptor;
import io.kerbridge.kerberos.types.PrincipalName;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.LoggerFactory;

/**
 * The running file server: Jetty 12 core on virtual threads, one HTTP/1.1 connector (plain, or TLS when
 * configured), {@link FilesHandler} behind it. Build it with {@link #start}; {@link #close} stops it.
 */
public final class FileServer implements AutoCloseable {
    /**
     * Request headers may be this large: a Negotiate token grows with the PAC (a user in many groups makes a
     * ticket of 10-20 KiB, base64 adds a third), and Jetty's default of 8 KiB would refuse it.
     */
    static final int MAX_REQUEST_HEADERS = NegotiateAcceptor.MAX_HEADER_CHARS + 16 * 1024;

    private final Server server;
    private final ServerConnector connector;
    private final FilesConfig config;
    private final List<Share> shares;

    private FileServer(Server server, ServerConnector connector, FilesConfig config, List<Share> shares) {
        this.server = server;
        this.connector = connector;
        this.config = config;
        this.shares = shares;
    }

    /**
     * Starts the server of DIR/files.json's {@code config}: checks it, reads the keytab (which must hold the
     * service principal's key), opens each share's directory, binds.
     */
    public static FileServer start(FilesConfig config, Path dir, Clock clock) throws IOException {
        try {
            config.validate();
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage());
        }
        PrincipalName spn = PrincipalName.parse(config.spn());
        KeytabKeys keys = KeytabKeys.open(FilesConfig.resolve(dir, config.keytab()), spn, config.realm(), clock);
        ApReqVerifier verifier = ApReqVerifier.builder(keys).principal(spn, config.realm()).clock(clock).build();
        NegotiateAuthenticator auth = new NegotiateAuthenticator(new NegotiateAcceptor(verifier),
                config.servicePrincipal());
        List<Share> shares = new ArrayList<>();
        for (FilesConfig.ShareConfig s : config.shares()) {
            shares.add(Share.open(s.name(), FilesConfig.resolve(dir, s.path()), s.acl()));
        }
        FilesHandler handler = new FilesHandler(auth, shares, config.maxUploadBytes(), new SecureRandom());

        QueuedThreadPool pool = new QueuedThreadPool(64, 2);
        pool.setVirtualThreadsExecutor(Executors.newVirtualThreadPerTaskExecutor());
        pool.setName("files");
        Server server = new Server(pool);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setRequestHeaderSize(MAX_REQUEST_HEADERS);
        ServerConnector connector;
        if (config.tls().isPresent()) {
            http.addCustomizer(new SecureRequestCustomizer(false));
            connector = new ServerConnector(server, new SslConnectionFactory(ssl(dir, config.tls().get()), "http/1.1"),
                    new HttpConnectionFactory(http));
        } else {
            connector = new ServerConnector(server, new HttpConnectionFactory(http));
        }
        connector.setHost(config.listenAddress());
        connector.setPort(config.port());
        connector.setIdleTimeout(60_000);
        server.addConnector(connector);
        server.setHandler(handler);
        server.setRequestLog(new AccessLog());
        server.setStopTimeout(5_000);
        try {
            server.start();
        } catch (Exception e) {
            try {
                server.stop();
            } catch (Exception ignored) {
                // best effort
            }
            throw new IOException("cannot listen on " + config.listenAddress() + ":" + config.port() + ": "
                    + e.getMessage(), e);
        }
        return new FileServer(server, connector, config, List.copyOf(shares));
    }

    private static SslContextFactory.Server ssl(Path dir, FilesConfig.Tls tls) throws IOException {
        Path store = FilesConfig.resolve(dir, tls.keyStore());
        Path passFile = FilesConfig.resolve(dir, tls.passwordFile());
        char[] password = Files.readString(passFile, StandardCharsets.UTF_8).strip().toCharArray();
        KeyStore ks;
        try (InputStream in = Files.newInputStream(store)) {
            ks = KeyStore.getInstance("PKCS12");
            ks.load(in, password);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot open the TLS key store " + store + ": " + e.getMessage(), e);
        }
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setKeyStore(ks);
        ssl.setKeyStorePassword(new String(password));
        return ssl;
    }

    public int port() {
        return connector.getLocalPort();
    }

    /** The base URL, with the address the server listens on. */
    public String url() {
        String host = config.listenAddress().contains(":") ? "[" + config.listenAddress() + "]" : config.listenAddress();
        return (config.tls().isPresent() ? "https" : "http") + "://" + host + ":" + port() + "/";
    }

    public InetSocketAddress address() {
        return new InetSocketAddress(config.listenAddress(), port());
    }

    public FilesConfig config() {
        return config;
    }

    public List<Share> shares() {
        return shares;
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            LoggerFactory.getLogger(FileServer.class).warn("file server stop: {}", e.toString());
        }
    }
}
