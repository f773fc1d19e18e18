// RFC 4559 §7 (Negotiate protects the authentication only, not headers or data: hence TLS off loopback);
// DESIGN.md §1 (the file server actor's settings).
package io.kerbridge.fileserver;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The file server's settings, {@code DIR/files.json}, written by {@code kerbridge files init} and
 * {@code files share add|remove}, read by {@code files start}. Relative paths are relative to DIR.
 *
 * <p><b>Plain HTTP or TLS.</b> With {@code tls} the server speaks HTTPS only. Without it, it speaks plain
 * HTTP, which is refused on a non-loopback address unless {@code allowPlainHttp} is set. Negotiate protects
 * the authentication itself (the ticket is for this server's key only, the authenticator is single-use and
 * mutual authentication proves the server), but not what follows it: without TLS the files travel in clear,
 * and someone on the path could alter a request or use a captured token before it arrives. On loopback (the
 * tests, a lab, a TLS-terminating proxy on the same host) there is no such path.
 *
 * @param listenAddress the address to bind (default 127.0.0.1)
 * @param port the TCP port (0: any free port)
 * @param spn the service principal without realm, e.g. {@code HTTP/files.contoso.test}
 * @param realm the realm of {@code spn}
 * @param keytab the keytab holding the keys of {@code spn@realm} (re-read when it changes)
 * @param tls a PKCS#12 key store and the file holding its password, for HTTPS
 * @param allowPlainHttp permit plain HTTP on a non-loopback address (see above)
 * @param maxUploadBytes the largest PUT body accepted
 * @param shares the shares, in listing order
 */
public record FilesConfig(String listenAddress, int port, String spn, String realm, String keytab,
        Optional<Tls> tls, boolean allowPlainHttp, long maxUploadBytes, List<ShareConfig> shares) {
    public static final String FILE = "files.json";
    public static final long DEFAULT_MAX_UPLOAD = 256L << 20;

    static final JsonMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();

    public FilesConfig {
        Objects.requireNonNull(listenAddress, "listenAddress");
        Objects.requireNonNull(spn, "spn");
        Objects.requireNonNull(realm, "realm");
        Objects.requireNonNull(keytab, "keytab");
        tls = tls == null ? Optional.empty() : tls;
        shares = shares == null ? List.of() : List.copyOf(shares);
    }

    /** HTTPS material: a PKCS#12 key store (one private key with its chain) and its password's file. */
    public record Tls(String keyStore, String passwordFile) {
        public Tls {
            Objects.requireNonNull(keyStore, "keyStore");
            Objects.requireNonNull(passwordFile, "passwordFile");
        }
    }

    /**
     * One share.
     *
     * @param read SIDs (or the well-known names of {@link Acl}) that may read
     * @param write SIDs (or well-known names) that may write
     */
    public record ShareConfig(String name, String path, List<String> read, List<String> write) {
        public ShareConfig {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(path, "path");
            read = read == null ? List.of() : List.copyOf(read);
            write = write == null ? List.of() : List.copyOf(write);
        }

        public Acl acl() {
            return Acl.of(read, write);
        }
    }

    /** The service principal as MIT writes it, {@code HTTP/files.contoso.test@CONTOSO.TEST}. */
    public String servicePrincipal() {
        return spn + "@" + realm;
    }

    public Optional<ShareConfig> share(String name) {
        return shares.stream().filter(s -> s.name().equalsIgnoreCase(name)).findFirst();
    }

    public FilesConfig withShares(List<ShareConfig> newShares) {
        return new FilesConfig(listenAddress, port, spn, realm, keytab, tls, allowPlainHttp, maxUploadBytes, newShares);
    }

    /** This configuration with {@code share} added, or replacing the share of the same name. */
    public FilesConfig withShare(ShareConfig share) {
        List<ShareConfig> list = new ArrayList<>();
        boolean replaced = false;
        for (ShareConfig s : shares) {
            if (s.name().equalsIgnoreCase(share.name())) {
                list.add(share);
                replaced = true;
            } else {
                list.add(s);
            }
        }
        if (!replaced) {
            list.add(share);
        }
        return withShares(list);
    }

    /**
     * Checks what can be checked without touching the files: names, ACL entries, sizes, and the plain
     * HTTP rule.
     *
     * @throws IllegalArgumentException naming the problem
     */
    public void validate() {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is out of range");
        }
        if (maxUploadBytes <= 0) {
            throw new IllegalArgumentException("maxUploadBytes must be positive");
        }
        if (!spn.contains("/") || spn.contains("@")) {
            throw new IllegalArgumentException("the service principal '" + spn + "' should look like "
                    + "HTTP/files.contoso.test (the realm is given apart)");
        }
        if (realm.isBlank() || !realm.equals(realm.toUpperCase(Locale.ROOT))) {
            throw new IllegalArgumentException("the realm '" + realm + "' should be upper case, e.g. CONTOSO.TEST");
        }
        if (tls.isEmpty() && !allowPlainHttp && !loopback(listenAddress)) {
            throw new IllegalArgumentException("plain HTTP on " + listenAddress + " would carry files in clear: "
                    + "give a TLS key store, listen on a loopback address, or allow plain HTTP explicitly");
        }
        Set<String> names = new HashSet<>();
        for (ShareConfig s : shares) {
            Share.checkName(s.name());
            if (!names.add(s.name().toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException("two shares are named " + s.name());
            }
            try {
                s.acl();
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("share " + s.name() + ": " + e.getMessage());
            }
        }
    }

    static boolean loopback(String address) {
        try {
            return InetAddress.getByName(address).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** {@code p} resolved against {@code dir} when relative. */
    public static Path resolve(Path dir, String p) {
        Path path = Path.of(p);
        return path.isAbsolute() ? path : dir.resolve(path);
    }

    public static FilesConfig load(Path dir) throws IOException {
        Path f = dir.resolve(FILE);
        if (!Files.exists(f)) {
            throw new IOException("no file server in " + dir + " (run kerbridge files init --dir " + dir + " first)");
        }
        FilesConfig c;
        try {
            c = JSON.readValue(Files.readString(f), FilesConfig.class);
        } catch (JacksonException e) {
            throw new IOException(f + " is not a valid file server configuration: " + e.getOriginalMessage());
        }
        try {
            c.validate();
        } catch (IllegalArgumentException e) {
            throw new IOException(f + ": " + e.getMessage());
        }
        return c;
    }

    /** Writes DIR/files.json atomically (temporary file in DIR, then a rename). */
    public void save(Path dir) throws IOException {
        validate();
        Files.createDirectories(dir);
        Path target = dir.resolve(FILE);
        Path tmp = Files.createTempFile(dir, ".files", ".tmp");
        try {
            Files.write(tmp, JSON.writeValueAsBytes(this));
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
