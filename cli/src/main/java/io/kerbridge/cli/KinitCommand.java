package io.kerbridge.cli;

import io.kerbridge.kerberos.client.AsRequest;
import io.kerbridge.kerberos.client.CcacheCredentials;
import io.kerbridge.kerberos.client.KdcClient;
import io.kerbridge.kerberos.client.KdcReply;
import io.kerbridge.kerberos.client.KdcTransport;
import io.kerbridge.kerberos.client.KerberosClientException;
import io.kerbridge.kerberos.client.KeySource;
import io.kerbridge.kerberos.client.KrbConfig;
import io.kerbridge.kerberos.file.Ccache;
import io.kerbridge.kerberos.file.Keytab;
import io.kerbridge.kerberos.file.KeytabEntry;
import io.kerbridge.kerberos.types.EncType;
import io.kerbridge.kerberos.types.EncTypeNames;
import io.kerbridge.kerberos.types.EncryptionKey;
import io.kerbridge.kerberos.types.PrincipalName;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code kerbridge kinit}: gets a TGT with a password or a keytab into an MIT ccache (RFC 4120 §3.1). */
@Command(name = "kinit", mixinStandardHelpOptions = true,
        description = {"Obtain a Kerberos ticket-granting ticket and store it in a credentials cache.",
                "Like MIT kinit: the password is read from --password-file, else prompted (or read from",
                "standard input when it is not a terminal); -k uses a keytab instead."})
final class KinitCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "PRINCIPAL", description = "Client principal, e.g. alice or alice@EXAMPLE.TEST")
    String principal;

    @Option(names = "--config", paramLabel = "FILE", description = "krb5.conf to use (default: $KRB5_CONFIG, /etc/krb5.conf)")
    Path config;

    @Option(names = {"-c", "--ccache"}, paramLabel = "FILE", description = "Credentials cache to write (default: $KRB5CCNAME, /tmp/krb5cc_UID)")
    Path ccache;

    @Option(names = "--password-file", paramLabel = "FILE", description = "Read the password from the first line of FILE")
    Path passwordFile;

    @Option(names = "-k", description = "Use a key from a keytab instead of a password")
    boolean useKeytab;

    @Option(names = {"-t", "--keytab"}, paramLabel = "FILE", description = "Keytab for -k (default: $KRB5_KTNAME, /etc/krb5.keytab)")
    Path keytab;

    @Option(names = {"-e", "--enctype"}, paramLabel = "ENCTYPE", split = ",",
            description = "Encryption types to request, in order (e.g. aes256-cts-hmac-sha1-96, 20)")
    List<String> enctypes;

    @Option(names = "-l", paramLabel = "LIFETIME", description = "Ticket lifetime, e.g. 10h, 30m, 1d (default 10h)")
    String lifetime = "10h";

    @Option(names = "-r", paramLabel = "RENEW", description = "Renewable lifetime, e.g. 7d")
    String renewable;

    @Option(names = "-C", description = "Ask the KDC to canonicalize the client name")
    boolean canonicalize;

    @Override
    public Integer call() throws IOException {
        KrbConfig cfg = ClientEnvironment.config(config);
        int at = principal.lastIndexOf('@');
        String realm = ClientEnvironment.realm(cfg, at > 0 ? Optional.of(principal.substring(at + 1)) : Optional.empty());
        PrincipalName client = PrincipalName.parse(at > 0 ? principal.substring(0, at) : principal);
        AsRequest req = AsRequest.tgt(client, realm)
                .withEtypes(enctypes == null ? AsRequest.DEFAULT_ETYPES : parseEnctypes(enctypes))
                .withLifetime(Durations.parse(lifetime, "-l"),
                        Optional.ofNullable(renewable).map(r -> Durations.parse(r, "-r")))
                .withCanonicalize(canonicalize);
        KeySource keys = useKeytab ? keytabKeys(client, realm) : passwordKeys(client, realm);
        KdcClient kdc = new KdcClient(new KdcTransport(cfg), Clock.systemUTC(), new SecureRandom());
        KdcReply reply;
        try {
            reply = kdc.asExchange(req, keys);
        } catch (KerberosClientException e) {
            throw new CliError(e.getMessage());
        }
        Path out = ClientEnvironment.ccache(ccache);
        new Ccache(reply.client(), reply.clientRealm(), List.of(CcacheCredentials.from(reply)), List.of(),
                Optional.empty()).write(out);
        return 0;
    }

    static List<EncType> parseEnctypes(List<String> names) {
        return names.stream().map(n -> EncTypeNames.parse(n).orElseThrow(() -> new CliError(
                "unknown encryption type '" + n + "' (use e.g. aes256-cts-hmac-sha1-96, aes256-cts-hmac-sha384-192)")))
                .toList();
    }

    private KeySource passwordKeys(PrincipalName client, String realm) throws IOException {
        char[] pw = readPassword(client.withRealm(realm));
        try {
            return KeySource.password(realm, client, pw);
        } finally {
            Arrays.fill(pw, '\0');
        }
    }

    private char[] readPassword(String who) throws IOException {
        if (passwordFile != null) {
            if (!Files.isReadable(passwordFile)) {
                throw new CliError("cannot read the password file " + passwordFile);
            }
            String line = Files.readAllLines(passwordFile, StandardCharsets.UTF_8).stream().findFirst().orElse("");
            return line.toCharArray();
        }
        if (System.console() != null) {
            char[] pw = System.console().readPassword("Password for %s: ", who);
            if (pw == null) {
                throw new CliError("no password given");
            }
            return pw;
        }
        String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        if (line == null) {
            throw new CliError("no password on standard input (or use --password-file FILE)");
        }
        return line.toCharArray();
    }

    private KeySource keytabKeys(PrincipalName client, String realm) throws IOException {
        Path kt = keytab != null ? keytab : Optional.ofNullable(System.getenv("KRB5_KTNAME"))
                .map(s -> Path.of(s.startsWith("FILE:") ? s.substring(5) : s)).orElse(Path.of("/etc/krb5.keytab"));
        if (!Files.isReadable(kt)) {
            throw new CliError("cannot read the keytab " + kt + " (give one with -t FILE)");
        }
        Keytab tab = Keytab.read(kt);
        List<KeytabEntry> entries = tab.keysFor(client, realm);
        if (entries.isEmpty()) {
            throw new CliError("the keytab " + kt + " has no key for " + client.withRealm(realm));
        }
        long newest = entries.stream().mapToLong(e -> Integer.toUnsignedLong(e.kvno())).max().orElse(0);
        List<EncryptionKey> keys = entries.stream().filter(e -> Integer.toUnsignedLong(e.kvno()) == newest).map(KeytabEntry::key).toList();
        return KeySource.keys(keys);
    }

    /** Lifetimes in MIT's short forms: 10h, 30m, 45s, 7d, or plain seconds. */
    static final class Durations {
        static Duration parse(String s, String option) {
            try {
                String t = s.strip().toLowerCase();
                long n = Long.parseLong(t.replaceAll("[dhms]$", ""));
                return switch (t.charAt(t.length() - 1)) {
                    case 'd' -> Duration.ofDays(n);
                    case 'h' -> Duration.ofHours(n);
                    case 'm' -> Duration.ofMinutes(n);
                    default -> Duration.ofSeconds(n);
                };
            } catch (RuntimeException e) {
                throw new CliError("bad duration '" + s + "' for " + option + " (use e.g. 10h, 30m, 7d)");
            }
        }
    }
}
