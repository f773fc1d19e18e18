package io.kerbridge.cli;

import io.kerbridge.dc.DcConfig;
import io.kerbridge.dc.DcInit;
import io.kerbridge.dc.DomainController;
import io.kerbridge.directory.DirectoryException;
import io.kerbridge.kerberos.pac.Sid;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code kerbridge dc init|start|trust}: run an Active Directory-like domain controller. */
@Command(name = "dc", mixinStandardHelpOptions = true,
        description = {"Create and run a domain controller: directory, KDC (Kerberos), kpasswd and the HTTPS admin API."})
final class DcCommand {
    @Spec
    CommandSpec spec;

    static char[] secret(Path file, String what) throws IOException {
        if (file != null) {
            if (!Files.isReadable(file)) {
                throw new CliError("cannot read the " + what + " file " + file);
            }
            return Files.readAllLines(file, StandardCharsets.UTF_8).stream().findFirst().orElse("").toCharArray();
        }
        if (System.console() == null) {
            throw new CliError("no " + what + ": give it in a file");
        }
        return System.console().readPassword("%s: ", what);
    }

    @Command(name = "init", mixinStandardHelpOptions = true, description = "Create a new domain (forest root, or a child with --parent-realm) in DIR.")
    int init(@Option(names = "--dir", required = true, paramLabel = "DIR", description = "Data directory (created, mode 0700)") Path dir,
            @Option(names = "--domain", required = true, paramLabel = "DNS", description = "DNS name, e.g. contoso.test (realm CONTOSO.TEST)") String dns,
            @Option(names = "--netbios", paramLabel = "NAME", description = "NetBIOS name (default: first label, upper case)") String netbios,
            @Option(names = "--host", paramLabel = "FQDN", description = "This DC's host name (default: dc1.<domain>)") String host,
            @Option(names = "--listen", defaultValue = "127.0.0.1", paramLabel = "ADDR") String listen,
            @Option(names = "--kdc-port", defaultValue = "88") int kdcPort,
            @Option(names = "--kpasswd-port", defaultValue = "464") int kpasswdPort,
            @Option(names = "--admin-port", defaultValue = "8443") int adminPort,
            @Option(names = "--admin-password-file", paramLabel = "FILE", description = "Administrator's password (prompted if absent)") Path adminPw,
            @Option(names = "--parent-realm", paramLabel = "REALM", description = "Make a child domain of REALM") String parentRealm,
            @Option(names = "--parent-netbios", paramLabel = "NAME") String parentNetbios,
            @Option(names = "--forest-root-sid", paramLabel = "SID", description = "The forest root domain's SID (for a child)") String forestSid,
            @Option(names = "--trust-password-file", paramLabel = "FILE", description = "Shared trust password with the parent") Path trustPw,
            @Option(names = "--database-url", paramLabel = "JDBC", description = "Keep the directory in PostgreSQL (jdbc:postgresql://HOST:PORT/DB) instead of the embedded database, for several DC nodes") String dbUrl,
            @Option(names = "--database-user", paramLabel = "USER", description = "PostgreSQL user (with --database-url)") String dbUser,
            @Option(names = "--database-password-file", paramLabel = "FILE", description = "File with that user's password (copied into DIR, mode 0600)") Path dbPw)
            throws IOException {
        Optional<DcInit.Postgres> database = database(dbUrl, dbUser, dbPw);
        String nb = netbios != null ? netbios : dns.split("\\.")[0];
        Optional<DcInit.ParentTrust> parent = Optional.empty();
        if (parentRealm != null) {
            if (forestSid == null || trustPw == null) {
                throw new CliError("a child domain needs --forest-root-sid and --trust-password-file as well");
            }
            parent = Optional.of(new DcInit.ParentTrust(parentRealm,
                    parentNetbios != null ? parentNetbios : parentRealm.split("\\.")[0], Sid.parse(forestSid),
                    secret(trustPw, "trust password")));
        }
        try {
            DcConfig cfg = DcInit.init(new DcInit.Spec(dir, dns, nb, host != null ? host : "dc1." + dns, listen, kdcPort,
                    kpasswdPort, adminPort, secret(adminPw, "Administrator password"), parent, database));
            var out = spec.commandLine().getOut();
            out.println("Created domain " + cfg.dnsName() + " (realm " + cfg.realm() + ", NetBIOS " + cfg.netbiosName()
                    + ") in " + dir);
            out.println("  krb5.conf for clients: " + dir.resolve("krb5.conf"));
            out.println("  admin API certificate: " + dir.resolve("tls-cert.pem"));
            out.println("Start it with: kerbridge dc start --dir " + dir);
            if (database.isPresent()) {
                out.println("  directory in " + dbUrl + "; a further DC node: copy " + dir
                        + " and run kerbridge dc start --dir COPY --kdc-port P1 --kpasswd-port P2 --admin-port P3");
            }
            return 0;
        } catch (DirectoryException e) {
            throw new CliError(e.getMessage());
        }
    }

    /** Checks the {@code --database-*} options of {@code dc init}: all three or none, a PostgreSQL URL, a readable file. */
    static Optional<DcInit.Postgres> database(String url, String user, Path passwordFile) {
        if (url == null) {
            if (user != null || passwordFile != null) {
                throw new CliError("--database-user and --database-password-file go with --database-url jdbc:postgresql://HOST:PORT/DB");
            }
            return Optional.empty();
        }
        if (user == null || passwordFile == null) {
            throw new CliError("--database-url needs --database-user and --database-password-file");
        }
        if (!url.matches("jdbc:postgresql://[^/?]+/[^/?]+(\\?.*)?")) {
            throw new CliError("--database-url must be jdbc:postgresql://HOST:PORT/DB (got " + url.replaceAll("[?;].*", "") + ")");
        }
        if (!Files.isReadable(passwordFile)) {
            throw new CliError("cannot read the database password file " + passwordFile);
        }
        return Optional.of(new DcInit.Postgres(url, user, passwordFile));
    }

    @Command(name = "start", mixinStandardHelpOptions = true, description = "Run the domain controller in DIR until interrupted.")
    int start(@Option(names = "--dir", required = true, paramLabel = "DIR") Path dir,
            @Option(names = "--kdc-port", paramLabel = "PORT", description = "Override the configured KDC port (a further node from a copy of DIR)") Integer kdcPort,
            @Option(names = "--kpasswd-port", paramLabel = "PORT", description = "Override the configured kpasswd port") Integer kpasswdPort,
            @Option(names = "--admin-port", paramLabel = "PORT", description = "Override the configured admin API port") Integer adminPort)
            throws IOException, InterruptedException {
        DcConfig cfg = DcConfig.load(dir).withPorts(kdcPort, kpasswdPort, adminPort);
        try (UntilStopped until = new UntilStopped(); DomainController dc = DomainController.start(dir, cfg, Clock.systemUTC())) {
            var out = spec.commandLine().getOut();
            DcConfig c = dc.config();
            out.printf("Domain controller for %s is running%n", c.realm());
            out.printf("  KDC        %s:%d (UDP, TCP)%n", c.listenAddress(), dc.kdcPort());
            out.printf("  kpasswd    %s:%d (UDP, TCP)%n", c.listenAddress(), dc.kpasswdPort());
            out.printf("  admin API  https://%s:%d  (SPN HTTP/%s)%n", c.hostName(), dc.adminPort(), c.hostName());
            out.flush();
            until.await();
            return 0;
        } catch (DirectoryException e) {
            throw new CliError(e.getMessage());
        }
    }

    @Command(name = "trust", mixinStandardHelpOptions = true, description = "Add or re-key the trust with another domain of the forest (DC stopped).")
    int trust(@Option(names = "--dir", required = true) Path dir,
            @Option(names = "--realm", required = true, paramLabel = "REALM") String realm,
            @Option(names = "--netbios", paramLabel = "NAME") String netbios,
            @Option(names = "--trust-password-file", paramLabel = "FILE") Path trustPw) throws IOException {
        try {
            DcInit.trust(dir, realm, netbios != null ? netbios : realm.split("\\.")[0], secret(trustPw, "trust password"));
        } catch (DirectoryException e) {
            throw new CliError(e.getMessage());
        }
        spec.commandLine().getOut().println("Trust with " + realm.toUpperCase() + " set in " + dir);
        return 0;
    }
}
