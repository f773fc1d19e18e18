package io.kerbridge.dc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import tools.jackson.core.JacksonException;

/**
 * A DC's settings, kept in {@code DIR/dc.json} by {@code kerbridge dc init} and read by
 * {@code kerbridge dc start}.
 *
 * @param hostName the DC's DNS host name (its admin API SPN is {@code HTTP/<hostName>})
 * @param listenAddress address every listener binds (e.g. 127.0.0.1)
 * @param kdcPort KDC, UDP and TCP (88 by default)
 * @param kpasswdPort kpasswd, UDP and TCP (464 by default)
 * @param adminPort HTTPS admin API
 * @param database the PostgreSQL database this DC shares with other nodes of the domain; empty: the
 *     embedded database in {@code DIR/directory}
 */
public record DcConfig(String realm, String dnsName, String netbiosName, String hostName, String listenAddress,
        int kdcPort, int kpasswdPort, int adminPort, Optional<String> parentRealm, Optional<DatabaseConfig> database) {
    public static final String FILE = "dc.json";

    /**
     * A PostgreSQL database shared by several DC nodes: JDBC URL ({@code jdbc:postgresql://HOST:PORT/DB}), user,
     * and the name of a file (0600) in the data directory that holds the password, kept apart from dc.json.
     */
    public record DatabaseConfig(String url, String user, String passwordFile) {
        public DatabaseConfig {
            if (url == null || !url.startsWith("jdbc:postgresql://")) {
                throw new IllegalArgumentException("the database URL must be jdbc:postgresql://HOST:PORT/DB");
            }
        }
    }

    public DcConfig {
        parentRealm = parentRealm == null ? Optional.empty() : parentRealm;
        database = database == null ? Optional.empty() : database; // a dc.json written before databases existed
    }

    /** The same DC on other ports (a second node from a copy of the data directory); null keeps a port. */
    public DcConfig withPorts(Integer kdc, Integer kpasswd, Integer admin) {
        return new DcConfig(realm, dnsName, netbiosName, hostName, listenAddress, kdc != null ? kdc : kdcPort,
                kpasswd != null ? kpasswd : kpasswdPort, admin != null ? admin : adminPort, parentRealm, database);
    }

    public static DcConfig load(Path dir) throws IOException {
        Path f = dir.resolve(FILE);
        if (!Files.exists(f)) {
            throw new IOException("no domain controller in " + dir + " (run kerbridge dc init --dir " + dir + " first)");
        }
        try {
            return AdminServer.JSON.readValue(Files.readString(f), DcConfig.class);
        } catch (JacksonException e) {
            throw new IOException(f + " is not a valid DC configuration: " + e.getOriginalMessage());
        }
    }

    public void save(Path dir) throws IOException {
        TlsMaterial.writePrivate(dir.resolve(FILE),
                AdminServer.JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(this));
    }

    /** The admin API URL clients use. */
    public String adminUrl() {
        return "https://" + hostName + ":" + adminPort;
    }

    /** A krb5.conf stanza for this realm (MIT tools and the JDK read it). */
    public String krb5ConfRealm() {
        return "    " + realm + " = {\n        kdc = " + listenAddress + ":" + kdcPort + "\n        kpasswd_server = "
                + listenAddress + ":" + kpasswdPort + "\n        admin_server = " + listenAddress + ":" + kpasswdPort
                + "\n    }\n";
    }
}
