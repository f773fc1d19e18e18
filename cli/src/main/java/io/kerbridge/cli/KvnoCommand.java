package io.kerbridge.cli;

import io.kerbridge.kerberos.client.AsRequest;
import io.kerbridge.kerberos.client.CcacheCredentials;
import io.kerbridge.kerberos.client.KdcClient;
import io.kerbridge.kerberos.client.KdcReply;
import io.kerbridge.kerberos.client.KdcTransport;
import io.kerbridge.kerberos.client.KerberosClientException;
import io.kerbridge.kerberos.client.KrbConfig;
import io.kerbridge.kerberos.client.TgsRequest;
import io.kerbridge.kerberos.file.Ccache;
import io.kerbridge.kerberos.file.Credential;
import io.kerbridge.kerberos.types.KdcOptions;
import io.kerbridge.kerberos.types.PrincipalName;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code kerbridge kvno}: gets service tickets with the TGT in the ccache and stores them (RFC 4120 §3.3). */
@Command(name = "kvno", mixinStandardHelpOptions = true,
        description = {"Get service tickets with the TGT in the credentials cache (like MIT kvno).",
                "Each ticket is stored in the cache and its key version number printed."})
final class KvnoCommand implements Callable<Integer> {
    @Parameters(paramLabel = "SERVICE", arity = "1..*", description = "Service principal, e.g. HTTP/files.example.test[@REALM]")
    List<String> services;

    @Option(names = "--config", paramLabel = "FILE", description = "krb5.conf to use (default: $KRB5_CONFIG, /etc/krb5.conf)")
    Path config;

    @Option(names = {"-c", "--ccache"}, paramLabel = "FILE", description = "Credentials cache (default: $KRB5CCNAME, /tmp/krb5cc_UID)")
    Path ccache;

    @Option(names = {"-e", "--enctype"}, paramLabel = "ENCTYPE", split = ",", description = "Session key encryption types to request")
    List<String> enctypes;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        KrbConfig cfg = ClientEnvironment.config(config);
        Path file = ClientEnvironment.ccache(ccache);
        if (!Files.exists(file)) {
            throw new CliError("no credentials cache found at " + file + " (run kerbridge kinit first)");
        }
        Ccache cache = Ccache.read(file);
        String realm = cache.realm();
        Credential tgt = cache.find(PrincipalName.krbtgt(realm), realm).orElseThrow(() -> new CliError(
                "no ticket-granting ticket for " + realm + " in " + file + " (run kerbridge kinit first)"));
        if (tgt.endTime().isBefore(Instant.now())) {
            throw new CliError("the ticket-granting ticket in " + file + " has expired (run kerbridge kinit again)");
        }
        KdcClient kdc = new KdcClient(new KdcTransport(cfg), Clock.systemUTC(), new SecureRandom());
        for (String spn : services) {
            int at = spn.lastIndexOf('@');
            String svcRealm = at > 0 ? spn.substring(at + 1) : realm;
            PrincipalName server = PrincipalName.parse(at > 0 ? spn.substring(0, at) : spn);
            try {
                TgsRequest req = new TgsRequest(CcacheCredentials.ticket(tgt), tgt.key(), tgt.clientRealm(),
                        tgt.client(), server, svcRealm, KdcOptions.of(KdcOptions.CANONICALIZE), Duration.ofHours(10),
                        enctypes == null ? AsRequest.DEFAULT_ETYPES : KinitCommand.parseEnctypes(enctypes), List.of());
                KdcReply reply = kdc.tgsExchange(req);
                cache = cache.withCredential(CcacheCredentials.from(reply));
                spec.commandLine().getOut().println(server.withRealm(svcRealm) + ": kvno = " + reply.ticket().encPart().kvnoUnsigned());
            } catch (KerberosClientException e) {
                throw new CliError(e.getMessage());
            }
        }
        cache.write(file);
        return 0;
    }
}
