// protocol-notes §3.5 (Windows klist fields, klist get krbtgt), §2.4 (the re-exchange of the partial TGT).
package io.kerbridge.cli;

import io.kerbridge.device.DeviceException;
import io.kerbridge.device.HelloKeyStore;
import io.kerbridge.device.KlistView;
import io.kerbridge.device.PasswordlessSignIn;
import io.kerbridge.device.Tickets;
import io.kerbridge.kerberos.client.CcacheCredentials;
import io.kerbridge.kerberos.client.KdcClient;
import io.kerbridge.kerberos.client.KdcReply;
import io.kerbridge.kerberos.client.KdcTransport;
import io.kerbridge.kerberos.client.KerberosClientException;
import io.kerbridge.kerberos.client.KrbConfig;
import io.kerbridge.kerberos.file.Ccache;
import io.kerbridge.kerberos.file.Credential;
import io.kerbridge.kerberos.types.PrincipalName;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code kerbridge klist [get SPN | purge]}: the Windows klist view of the ccache (and of {@code <ccache>.cloud}, the
 * cloud TGT {@code kerbridge signin} keeps beside it), protocol-notes §3.5.
 */
@Command(name = "klist", mixinStandardHelpOptions = true,
        description = {"The tickets in the credentials cache as Windows klist shows them; klist get, klist purge.",
                "Per ticket: client, server, encryption types, flags, times, Kdc Called. klist get krbtgt fetches a TGT",
                "again (with the TGT in the cache, or by exchanging the partial TGT of the last sign-in)."},
        subcommands = {KlistCommand.Get.class, KlistCommand.Purge.class})
final class KlistCommand implements Callable<Integer> {
    @Option(names = {"-c", "--ccache"}, paramLabel = "FILE", description = "Credentials cache (default: $KRB5CCNAME, /tmp/krb5cc_UID)")
    Path ccache;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        Path file = ClientEnvironment.ccache(ccache);
        spec.commandLine().getOut().print(KlistView.render(sources(file), ZoneId.systemDefault()));
        spec.commandLine().getOut().flush();
        return 0;
    }

    /** The cache and its cloud companion, those that exist. */
    static List<KlistView.Source> sources(Path file) throws IOException {
        List<KlistView.Source> out = new ArrayList<>();
        for (Path p : List.of(file, Path.of(file + PasswordlessSignIn.CLOUD_CCACHE_SUFFIX))) {
            if (Files.exists(p)) {
                out.add(new KlistView.Source(p, Ccache.read(p)));
            }
        }
        return out;
    }

    @Command(name = "get", mixinStandardHelpOptions = true,
            description = {"Get a ticket for SPN (krbtgt = krbtgt/REALM, a fresh TGT) and store it in the cache.",
                    "Without a usable TGT, krbtgt exchanges the partial TGT of the last kerbridge signin at the DC again."})
    static final class Get implements Callable<Integer> {
        @Parameters(paramLabel = "SPN", description = "krbtgt, or a service principal such as host/dc1.contoso.test[@REALM]")
        String target;

        @Option(names = {"-c", "--ccache"}, paramLabel = "FILE", description = "Credentials cache (default: $KRB5CCNAME, /tmp/krb5cc_UID)")
        Path ccache;

        @Option(names = "--config", paramLabel = "FILE", description = "krb5.conf (default: $KRB5_CONFIG, /etc/krb5.conf)")
        Path config;

        @Option(names = "--user", paramLabel = "UPN", description = "Whose partial TGT to exchange (default: who signed in last)")
        String user;

        @Mixin
        DeviceOptions dev;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            KrbConfig cfg = ClientEnvironment.config(config);
            Path file = ClientEnvironment.ccache(ccache);
            KdcClient kdc = new KdcClient(new KdcTransport(cfg), Clock.systemUTC(), new SecureRandom());
            Optional<Ccache> cache = Files.exists(file) ? Optional.of(Ccache.read(file)) : Optional.empty();
            Optional<Credential> tgt = cache.flatMap(Ccache::initialTgt).filter(t -> t.endTime().isAfter(Instant.now()));
            try {
                if (tgt.isEmpty()) {
                    if (!target.equalsIgnoreCase("krbtgt")) {
                        throw new CliError("no valid ticket-granting ticket in " + file + "; run kerbridge signin (or klist get krbtgt)");
                    }
                    exchangeAgain(cfg, kdc, file);
                } else {
                    String realm = tgt.get().serverRealm();
                    int at = target.lastIndexOf('@');
                    String svcRealm = at > 0 ? target.substring(at + 1) : realm;
                    PrincipalName server = target.equalsIgnoreCase("krbtgt") ? PrincipalName.krbtgt(realm)
                            : PrincipalName.parse(at > 0 ? target.substring(0, at) : target);
                    KdcReply r = Tickets.serviceTicket(kdc, tgt.get(), server, svcRealm);
                    Credential c = CcacheCredentials.from(r);
                    Tickets.withKdcCalled(cache.get().withCredential(c), c, Tickets.kdcFor(cfg, svcRealm)).write(file);
                }
            } catch (KerberosClientException e) {
                throw new CliError(e.getMessage());
            } catch (DeviceException e) {
                throw DeviceOptions.error(e);
            }
            spec.commandLine().getOut().println("A ticket to " + target + " has been retrieved successfully.");
            spec.commandLine().getOut().print(KlistView.render(sources(file), ZoneId.systemDefault()));
            spec.commandLine().getOut().flush();
            return 0;
        }

        private void exchangeAgain(KrbConfig cfg, KdcClient kdc, Path file)
                throws IOException, DeviceException, KerberosClientException {
            Path dir = dev.dir();
            String upn = Optional.ofNullable(user).or(() -> PasswordlessSignIn.lastUser(dir)).orElseThrow(() -> new CliError(
                    "no TGT in " + file + " and nobody has signed in on this device; run kerbridge signin"));
            Path partial = PasswordlessSignIn.partialTgt(dir, HelloKeyStore.normalizeUpn(upn)).orElseThrow(() -> new CliError(
                    "no TGT in " + file + " and no partial TGT from a sign-in of " + upn + "; run kerbridge signin"));
            Credential p = Ccache.read(partial).initialTgt().orElseThrow(() -> new CliError(partial + " holds no TGT"));
            if (!p.endTime().isAfter(Instant.now())) {
                throw new CliError("the partial TGT of " + upn + " expired at " + p.endTime() + "; run kerbridge signin");
            }
            KdcReply full = Tickets.exchange(kdc, p);
            Tickets.newCache(full, Tickets.kdcFor(cfg, full.ticket().realm())).write(file);
        }
    }

    @Command(name = "purge", mixinStandardHelpOptions = true, description = "Delete the credentials cache (and its cloud TGT companion).")
    static final class Purge implements Callable<Integer> {
        @Option(names = {"-c", "--ccache"}, paramLabel = "FILE", description = "Credentials cache (default: $KRB5CCNAME, /tmp/krb5cc_UID)")
        Path ccache;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            Path file = ClientEnvironment.ccache(ccache);
            int n = 0;
            for (KlistView.Source s : sources(file)) {
                n += (int) s.cache().credentials().stream().filter(c -> !c.isConfigEntry()).count();
                Files.delete(s.file());
            }
            spec.commandLine().getOut().println("Deleting all tickets:");
            spec.commandLine().getOut().println(n == 0 ? "No tickets to purge." : "Ticket(s) purged! (" + n + ")");
            return 0;
        }
    }
}
