package io.kerbridge.cli;

import io.kerbridge.fileserver.Acl;
import io.kerbridge.fileserver.FileServer;
import io.kerbridge.fileserver.FilesConfig;
import io.kerbridge.fileserver.KeytabKeys;
import io.kerbridge.fileserver.Share;
import io.kerbridge.kerberos.types.PrincipalName;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code kerbridge files init|start|share …}: the Kerberos file server (HTTP/WebDAV shares, PAC-based ACLs). */
@Command(name = "files", mixinStandardHelpOptions = true, subcommands = FilesCommand.ShareCmd.class,
        description = {"Run a file server: HTTP/WebDAV shares behind Kerberos (HTTP Negotiate), with access by the",
                "group SIDs in the ticket's PAC. Settings live in DIR/files.json."})
final class FilesCommand {
    @Spec
    CommandSpec spec;

    @Command(name = "init", mixinStandardHelpOptions = true,
            description = "Create DIR/files.json for a file server with the service principal's keytab.")
    int init(@Option(names = "--dir", required = true, paramLabel = "DIR", description = "Data directory (created)") Path dir,
            @Option(names = "--keytab", required = true, paramLabel = "KT",
                    description = "Keytab with the service principal's keys (e.g. from kerbridge keytab export); re-read when it changes") Path keytab,
            @Option(names = "--spn", required = true, paramLabel = "SPN", description = "Service principal, e.g. HTTP/files.contoso.test") String spn,
            @Option(names = "--realm", required = true, paramLabel = "REALM", description = "Its realm, e.g. CONTOSO.TEST") String realm,
            @Option(names = "--listen", defaultValue = "127.0.0.1", paramLabel = "ADDR", description = "Address to bind (default ${DEFAULT-VALUE})") String listen,
            @Option(names = "--port", defaultValue = "8080", paramLabel = "PORT", description = "TCP port (default ${DEFAULT-VALUE})") int port,
            @Option(names = "--tls-keystore", paramLabel = "P12", description = "PKCS#12 key store for HTTPS") Path keyStore,
            @Option(names = "--tls-password-file", paramLabel = "FILE", description = "File holding the key store's password") Path tlsPass,
            @Option(names = "--allow-plain-http", description = "Allow plain HTTP on a non-loopback address (files travel in clear)") boolean plain,
            @Option(names = "--max-upload-mb", defaultValue = "256", paramLabel = "MB", description = "Largest upload (default ${DEFAULT-VALUE} MiB)") long maxUploadMb)
            throws IOException {
        if (Files.exists(dir.resolve(FilesConfig.FILE))) {
            throw new CliError(dir.resolve(FilesConfig.FILE) + " exists already; edit it with files share add|remove");
        }
        if ((keyStore == null) != (tlsPass == null)) {
            throw new CliError("--tls-keystore and --tls-password-file go together");
        }
        if (maxUploadMb <= 0 || maxUploadMb > (Long.MAX_VALUE >> 20)) {
            throw new CliError("--max-upload-mb must be a positive number of MiB");
        }
        if (!Files.isReadable(keytab)) {
            throw new CliError("cannot read the keytab " + keytab);
        }
        Optional<FilesConfig.Tls> tls = Optional.empty();
        if (keyStore != null) {
            if (!Files.isReadable(keyStore) || !Files.isReadable(tlsPass)) {
                throw new CliError("cannot read the TLS key store " + keyStore + " or its password file " + tlsPass);
            }
            tls = Optional.of(new FilesConfig.Tls(keyStore.toAbsolutePath().toString(), tlsPass.toAbsolutePath().toString()));
        }
        FilesConfig cfg = new FilesConfig(listen, port, spn, realm.toUpperCase(Locale.ROOT),
                keytab.toAbsolutePath().toString(), tls, plain, maxUploadMb << 20, List.of());
        try {
            cfg.validate();
        } catch (IllegalArgumentException e) {
            throw new CliError(e.getMessage());
        }
        // fails with a clear message when the keytab has no key for the SPN
        KeytabKeys.open(keytab, PrincipalName.parse(spn), cfg.realm(), Clock.systemUTC());
        cfg.save(dir);
        PrintWriter out = spec.commandLine().getOut();
        out.println("Created file server " + cfg.servicePrincipal() + " in " + dir);
        out.println("  listens on " + (tls.isPresent() ? "https" : "http") + "://" + listen + ":" + port + "/");
        out.println("Add shares with: kerbridge files share add NAME --dir " + dir + " --path DIR --read SID --write SID");
        out.println("Start it with:   kerbridge files start --dir " + dir);
        return 0;
    }

    @Command(name = "start", mixinStandardHelpOptions = true,
            description = {"Run the file server in DIR until interrupted.",
                    "Logs one line per request to standard error: client principal, method, path, status."})
    int start(@Option(names = "--dir", required = true, paramLabel = "DIR") Path dir) throws IOException, InterruptedException {
        FilesConfig cfg = FilesConfig.load(dir);
        try (UntilStopped until = new UntilStopped(); FileServer server = FileServer.start(cfg, dir, Clock.systemUTC())) {
            PrintWriter out = spec.commandLine().getOut();
            out.printf("File server %s is running at %s%n", cfg.servicePrincipal(), server.url());
            for (Share s : server.shares()) {
                out.printf("  share %-16s %s%n", s.name(), s.root());
            }
            if (server.shares().isEmpty()) {
                out.println("  (no shares yet: kerbridge files share add NAME --dir " + dir + " …, then restart)");
            }
            out.flush();
            until.await();
            return 0;
        }
    }

    @Command(name = "share", mixinStandardHelpOptions = true,
            description = {"Manage the shares in DIR/files.json (a running server picks changes up when restarted).",
                    "Access entries are SIDs (kerbridge group show NAME prints a group's) or the well-known",
                    "names \"Authenticated Users\" (S-1-5-11) and \"Everyone\" (S-1-1-0)."})
    static final class ShareCmd {
        @Spec
        CommandSpec spec;

        @Command(name = "add", mixinStandardHelpOptions = true, description = "Add a share.")
        int add(@Parameters(paramLabel = "NAME", description = "Share name, the first segment of its URLs") String name,
                @Option(names = "--dir", required = true, paramLabel = "DIR") Path dir,
                @Option(names = "--path", required = true, paramLabel = "P", description = "The directory it serves") Path path,
                @Option(names = "--create", description = "Create the directory if it does not exist") boolean create,
                @Option(names = "--read", paramLabel = "SID|NAME", split = ",", description = "Who may read (repeatable, or comma-separated)") List<String> read,
                @Option(names = "--write", paramLabel = "SID|NAME", split = ",", description = "Who may write (repeatable, or comma-separated)") List<String> write)
                throws IOException {
            FilesConfig cfg = FilesConfig.load(dir);
            try {
                Share.checkName(name);
            } catch (IllegalArgumentException e) {
                throw new CliError(e.getMessage());
            }
            if (cfg.share(name).isPresent()) {
                throw new CliError("share " + cfg.share(name).get().name() + " exists; remove it first");
            }
            List<String> r = entries(read);
            List<String> w = entries(write);
            if (r.isEmpty() && w.isEmpty()) {
                throw new CliError("give at least one --read or --write entry (a share nobody may use serves nothing)");
            }
            if (!Files.isDirectory(path)) {
                if (!create) {
                    throw new CliError(path + " is not a directory (add --create to create it)");
                }
                Files.createDirectories(path);
            }
            FilesConfig.ShareConfig share = new FilesConfig.ShareConfig(name, path.toAbsolutePath().normalize().toString(), r, w);
            cfg.withShare(share).save(dir);
            spec.commandLine().getOut().println("added share " + name + " -> " + share.path() + " (read: "
                    + describe(r) + "; write: " + describe(w) + ")");
            return 0;
        }

        @Command(name = "remove", mixinStandardHelpOptions = true, description = "Remove a share (its files stay).")
        int remove(@Parameters(paramLabel = "NAME") String name, @Option(names = "--dir", required = true, paramLabel = "DIR") Path dir)
                throws IOException {
            FilesConfig cfg = FilesConfig.load(dir);
            FilesConfig.ShareConfig s = cfg.share(name).orElseThrow(() -> new CliError("no share named " + name));
            List<FilesConfig.ShareConfig> left = new ArrayList<>(cfg.shares());
            left.remove(s);
            cfg.withShares(left).save(dir);
            spec.commandLine().getOut().println("removed share " + s.name() + " (its directory " + s.path() + " is untouched)");
            return 0;
        }

        @Command(name = "list", mixinStandardHelpOptions = true, description = "List the shares.")
        int list(@Option(names = "--dir", required = true, paramLabel = "DIR") Path dir) throws IOException {
            FilesConfig cfg = FilesConfig.load(dir);
            PrintWriter out = spec.commandLine().getOut();
            if (cfg.shares().isEmpty()) {
                out.println("no shares");
                return 0;
            }
            var rows = tools.jackson.databind.node.JsonNodeFactory.instance.arrayNode();
            for (FilesConfig.ShareConfig s : cfg.shares()) {
                rows.addObject().put("name", s.name()).put("path", s.path()).put("read", describe(s.read()))
                        .put("write", describe(s.write()));
            }
            Output.table(out, rows, List.of("name", "path", "read", "write"));
            return 0;
        }

        /** Checked entries in their stored form: SID strings. */
        private static List<String> entries(List<String> given) {
            List<String> out = new ArrayList<>();
            for (String e : given == null ? List.<String>of() : given) {
                if (e.isBlank()) {
                    continue;
                }
                try {
                    String sid = Acl.parseEntry(e).toString();
                    if (!out.contains(sid)) {
                        out.add(sid);
                    }
                } catch (IllegalArgumentException bad) {
                    throw new CliError(bad.getMessage());
                }
            }
            return out;
        }

        private static String describe(List<String> sids) {
            if (sids.isEmpty()) {
                return "nobody";
            }
            return sids.stream().map(s -> Acl.describe(Acl.parseEntry(s))).collect(Collectors.joining(", "));
        }
    }
}
