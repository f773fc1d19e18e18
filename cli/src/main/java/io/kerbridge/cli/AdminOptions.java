package io.kerbridge.cli;

import io.kerbridge.kerberos.client.KrbConfig;
import io.kerbridge.kerberos.file.Ccache;
import io.kerbridge.kerberos.file.Credential;
import io.kerbridge.kerberos.types.PrincipalName;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import picocli.CommandLine.Option;

/** Options shared by the commands that talk to a DC's admin API. */
final class AdminOptions {
    @Option(scope = picocli.CommandLine.ScopeType.INHERIT, names = "--dc", paramLabel = "URL", description = "DC admin API, e.g. https://dc1.contoso.test:8443 (default: $KERBRIDGE_DC)")
    URI dc;

    @Option(scope = picocli.CommandLine.ScopeType.INHERIT, names = "--cacert", paramLabel = "FILE", description = "The DC's certificate, tls-cert.pem (default: $KERBRIDGE_DC_CACERT)")
    Path caCert;

    @Option(scope = picocli.CommandLine.ScopeType.INHERIT, names = "--config", paramLabel = "FILE", description = "krb5.conf (default: $KRB5_CONFIG, /etc/krb5.conf)")
    Path config;

    @Option(scope = picocli.CommandLine.ScopeType.INHERIT, names = {"-c", "--ccache"}, paramLabel = "FILE", description = "Credentials cache with your TGT (run kerbridge kinit first)")
    Path ccache;

    @Option(scope = picocli.CommandLine.ScopeType.INHERIT, names = "--dc-spn", paramLabel = "SPN",
            description = "The admin API's service principal (default: HTTP/<host of --dc>; $KERBRIDGE_DC_SPN)")
    String spn;

    @Option(scope = picocli.CommandLine.ScopeType.INHERIT, names = "--json", description = "Print the API's JSON answer")
    boolean json;

    @Option(scope = picocli.CommandLine.ScopeType.INHERIT, names = "--domain-user", paramLabel = "NAME",
            description = "Sign in to the domain with this Domain Admin's password instead of using the TGT in the ccache")
    String domainUser;

    @Option(scope = picocli.CommandLine.ScopeType.INHERIT, names = "--domain-password-file", paramLabel = "FILE",
            description = "That user's password (prompted if absent)")
    Path domainPasswordFile;

    AdminClient connect() throws IOException {
        URI url = dc != null ? dc : Optional.ofNullable(System.getenv("KERBRIDGE_DC")).map(URI::create).orElseThrow(
                () -> new CliError("which DC? give --dc https://HOST:PORT or set KERBRIDGE_DC"));
        Path ca = caCert != null ? caCert : Optional.ofNullable(System.getenv("KERBRIDGE_DC_CACERT")).map(Path::of).orElse(null);
        KrbConfig cfg = ClientEnvironment.config(config);
        String service = spn != null ? spn : Optional.ofNullable(System.getenv("KERBRIDGE_DC_SPN")).orElse("HTTP/" + url.getHost());
        if (domainUser != null) {
            return new AdminClient(url, ca, cfg, passwordTgt(cfg), PrincipalName.parse(service));
        }
        Path cc = ClientEnvironment.ccache(ccache);
        if (!Files.exists(cc)) {
            throw new CliError("no credentials cache at " + cc + " (run kerbridge kinit as a Domain Admin first)");
        }
        Ccache cache = Ccache.read(cc);
        Credential tgt = cache.find(PrincipalName.krbtgt(cache.realm()), cache.realm()).orElseThrow(
                () -> new CliError("no ticket-granting ticket in " + cc + " (run kerbridge kinit first)"));
        if (tgt.endTime().isBefore(Instant.now())) {
            throw new CliError("the ticket-granting ticket in " + cc + " has expired (run kerbridge kinit again)");
        }
        return new AdminClient(url, ca, cfg, tgt, PrincipalName.parse(service));
    }

    /** A TGT for {@code --domain-user} from its password (kept in memory only, never written to a ccache). */
    private Credential passwordTgt(KrbConfig cfg) throws IOException {
        int at = domainUser.lastIndexOf('@');
        String realm = ClientEnvironment.realm(cfg, at > 0 ? Optional.of(domainUser.substring(at + 1)) : Optional.empty());
        PrincipalName client = PrincipalName.parse(at > 0 ? domainUser.substring(0, at) : domainUser);
        char[] pw = DcCommand.secret(domainPasswordFile, "password for " + domainUser);
        try {
            var kdc = new io.kerbridge.kerberos.client.KdcClient(new io.kerbridge.kerberos.client.KdcTransport(cfg),
                    java.time.Clock.systemUTC(), new java.security.SecureRandom());
            return io.kerbridge.kerberos.client.CcacheCredentials.from(kdc.asExchange(
                    io.kerbridge.kerberos.client.AsRequest.tgt(client, realm),
                    io.kerbridge.kerberos.client.KeySource.password(realm, client, pw)));
        } catch (io.kerbridge.kerberos.client.KerberosClientException e) {
            throw new CliError("domain sign-in as " + domainUser + " failed: " + e.getMessage());
        } finally {
            java.util.Arrays.fill(pw, '\0');
        }
    }

    /** One request to the admin API with a fresh connection. */
    tools.jackson.databind.JsonNode call(String method, String path, Object body) throws IOException {
        try (AdminClient c = connect()) {
            return c.call(method, path, body);
        }
    }

    /** Prints an answer: JSON with --json, a table for lists, "Name : value" lines for one object. */
    void print(java.io.PrintWriter out, tools.jackson.databind.JsonNode n, java.util.List<String> columns) {
        if (json) {
            Output.json(out, n);
        } else if (n == null) {
            out.println("done");
        } else if (n.isArray()) {
            Output.table(out, n, columns);
        } else {
            Output.properties(out, n);
        }
        out.flush();
    }
}
