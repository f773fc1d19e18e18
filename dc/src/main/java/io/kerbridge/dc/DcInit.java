package io.kerbridge.dc;

import io.kerbridge.directory.Account;
import io.kerbridge.directory.Directory;
import io.kerbridge.directory.DirectoryOptions;
import io.kerbridge.directory.DomainSpec;
import io.kerbridge.directory.NewAccount;
import io.kerbridge.directory.SharedDatabase;
import io.kerbridge.kerberos.pac.Sid;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code kerbridge dc init}: a new domain in a data directory — the directory database with its
 * well-known accounts and groups, the DC's computer account ({@code NAME$} with SPNs
 * {@code HTTP/host} and {@code host/host}), {@code kadmin/changepw} on krbtgt as AD registers it, the
 * optional trust with the parent, the TLS certificate, {@code dc.json} and a client {@code krb5.conf}.
 * With a PostgreSQL database the directory lives there (for several DC nodes: each node is a copy of
 * this data directory) and its password is copied into {@code database.password}, mode 0600.
 */
public final class DcInit {
    private DcInit() {}

    /**
     * @param parentTrust for a child domain: the parent's realm, NetBIOS name and forest root SID, and the
     *     shared trust password (the parent runs {@code kerbridge dc trust} with the same password)
     */
    public record Spec(Path dir, String dnsName, String netbiosName, String hostName, String listenAddress,
            int kdcPort, int kpasswdPort, int adminPort, char[] adminPassword, Optional<ParentTrust> parentTrust,
            Optional<Postgres> database) {
        public Spec(Path dir, String dnsName, String netbiosName, String hostName, String listenAddress, int kdcPort,
                int kpasswdPort, int adminPort, char[] adminPassword, Optional<ParentTrust> parentTrust) {
            this(dir, dnsName, netbiosName, hostName, listenAddress, kdcPort, kpasswdPort, adminPort, adminPassword,
                    parentTrust, Optional.empty());
        }
    }

    /** A PostgreSQL database to keep the directory in (several DC nodes): JDBC URL, user, a file with the password. */
    public record Postgres(String url, String user, Path passwordFile) {}

    /** Where {@code init} copies the database password (mode 0600), relative to the data directory. */
    static final String DB_PASSWORD_FILE = "database.password";

    public record ParentTrust(String realm, String netbiosName, Sid forestRootSid, char[] trustPassword) {}

    static Path directoryDir(Path dir) {
        return dir.resolve("directory");
    }

    public static DcConfig init(Spec s) throws IOException {
        if (Files.exists(s.dir().resolve(DcConfig.FILE))) {
            throw new IOException(s.dir() + " already holds a domain controller (" + DcConfig.FILE + " exists)");
        }
        Files.createDirectories(s.dir());
        Files.setPosixFilePermissions(s.dir(), PosixFilePermissions.fromString("rwx------"));
        DomainSpec spec = s.parentTrust()
                .map(p -> DomainSpec.child(s.dnsName(), s.netbiosName(), p.realm(), p.forestRootSid()))
                .orElse(DomainSpec.forestRoot(s.dnsName(), s.netbiosName()));
        String realm = s.dnsName().toUpperCase(Locale.ROOT);
        Optional<DcConfig.DatabaseConfig> db = Optional.empty();
        if (s.database().isPresent()) {
            Postgres pg = s.database().get();
            db = Optional.of(new DcConfig.DatabaseConfig(pg.url(), pg.user(), DB_PASSWORD_FILE));
            TlsMaterial.writePrivate(s.dir().resolve(DB_PASSWORD_FILE),
                    (Files.readString(pg.passwordFile()).strip() + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        try (Directory d = Directory.create(directoryDir(s.dir()), spec, s.adminPassword(), directoryOptions(s.dir(), db))) {
            String host = s.hostName().toLowerCase(Locale.ROOT);
            String computer = host.split("\\.")[0].toUpperCase(Locale.ROOT);
            d.users().create(NewAccount.computer(computer).withSpns("HTTP/" + host, "host/" + host));
            Account krbtgt = d.users().find("krbtgt").orElseThrow();
            d.spns().add(krbtgt.sid(), "kadmin/changepw");
            s.parentTrust().ifPresent(p -> d.trusts().set(p.realm(), p.netbiosName(), p.trustPassword()));
        }
        List<String> names = new ArrayList<>(List.of(s.hostName().toLowerCase(Locale.ROOT), "localhost"));
        if (s.listenAddress().matches("[0-9.]+")) {
            names.add(s.listenAddress());
        }
        TlsMaterial.create(s.dir(), names, new SecureRandom());
        DcConfig cfg = new DcConfig(realm, s.dnsName().toLowerCase(Locale.ROOT), s.netbiosName().toUpperCase(Locale.ROOT),
                s.hostName().toLowerCase(Locale.ROOT), s.listenAddress(), s.kdcPort(), s.kpasswdPort(), s.adminPort(),
                s.parentTrust().map(ParentTrust::realm), db);
        cfg.save(s.dir());
        Files.writeString(s.dir().resolve("krb5.conf"), "[libdefaults]\n    default_realm = " + realm
                + "\n    dns_lookup_kdc = false\n    dns_lookup_realm = false\n    rdns = false\n\n[realms]\n"
                + cfg.krb5ConfRealm() + "\n[domain_realm]\n    ." + cfg.dnsName() + " = " + realm + "\n    "
                + cfg.dnsName() + " = " + realm + "\n");
        return cfg;
    }

    /**
     * How to open the directory of the DC in {@code dir}: the embedded database, or the shared PostgreSQL
     * database of {@code dc.json} with the password from its file in {@code dir}.
     */
    static DirectoryOptions directoryOptions(Path dir, Optional<DcConfig.DatabaseConfig> db) throws IOException {
        if (db.isEmpty()) {
            return DirectoryOptions.defaults();
        }
        Path pwFile = dir.resolve(db.get().passwordFile());
        String password;
        try {
            password = Files.readString(pwFile).strip();
        } catch (IOException e) {
            throw new IOException("cannot read the database password file " + pwFile + " (" + e.getMessage() + ")", e);
        }
        return DirectoryOptions.defaults().withSharedDatabase(new SharedDatabase(db.get().url(), db.get().user(), password));
    }

    /** {@code kerbridge dc trust}: adds (or re-keys) the trust with another domain of the forest; the DC must be stopped. */
    public static void trust(Path dir, String otherRealm, String otherNetbios, char[] trustPassword) throws IOException {
        DcConfig cfg = DcConfig.load(dir);
        try (Directory d = Directory.open(directoryDir(dir), directoryOptions(dir, cfg.database()))) {
            d.trusts().set(otherRealm, otherNetbios, trustPassword);
        }
    }
}
