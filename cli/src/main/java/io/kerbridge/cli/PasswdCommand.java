// RFC 3244 (change password), RFC 4120 §3.1 (an AS exchange for kadmin/changepw with the old password; a KDC
// allows it even when the password has expired, which is how a user blocked from passwordless sign-in resets it).
package io.kerbridge.cli;

import io.kerbridge.kdc.kpasswd.KpasswdClient;
import io.kerbridge.kerberos.client.AsRequest;
import io.kerbridge.kerberos.client.KdcClient;
import io.kerbridge.kerberos.client.KdcReply;
import io.kerbridge.kerberos.client.KdcTransport;
import io.kerbridge.kerberos.client.KerberosClientException;
import io.kerbridge.kerberos.client.KeySource;
import io.kerbridge.kerberos.client.KrbConfig;
import io.kerbridge.kerberos.types.NameType;
import io.kerbridge.kerberos.types.PrincipalName;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code kerbridge passwd}: change a Kerberos password at the realm's kpasswd server, as MIT {@code kpasswd} does. */
@Command(name = "passwd", mixinStandardHelpOptions = true,
        description = {"Change your Kerberos password (kpasswd, RFC 3244), also when it has expired.",
                "After an expired password is changed, run the sync agent (kerbridge sync) so the cloud lets",
                "passwordless sign-in work again."})
final class PasswdCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "PRINCIPAL", description = "e.g. alice or alice@CONTOSO.TEST")
    String principal;

    @Option(names = "--config", paramLabel = "FILE", description = "krb5.conf (default: $KRB5_CONFIG, /etc/krb5.conf)")
    Path config;

    @Option(names = "--old-password-file", paramLabel = "FILE", description = "The current password (prompted if absent)")
    Path oldFile;

    @Option(names = "--new-password-file", paramLabel = "FILE", description = "The new password (prompted twice if absent)")
    Path newFile;

    @Override
    public Integer call() throws IOException {
        KrbConfig cfg = ClientEnvironment.config(config);
        int at = principal.lastIndexOf('@');
        String realm = ClientEnvironment.realm(cfg, at > 0 ? Optional.of(principal.substring(at + 1)) : Optional.empty());
        PrincipalName client = PrincipalName.parse(at > 0 ? principal.substring(0, at) : principal);
        char[] oldPw = DcCommand.secret(oldFile, "current password for " + client + "@" + realm);
        char[] newPw = newPassword();
        try {
            AsRequest req = new AsRequest(client, realm, PrincipalName.of(NameType.NT_SRV_INST, "kadmin", "changepw"),
                    Duration.ofMinutes(5), Optional.empty(), false, false, AsRequest.DEFAULT_ETYPES, Optional.of(false));
            KdcReply ticket;
            try {
                ticket = new KdcClient(new KdcTransport(cfg), Clock.systemUTC(), new SecureRandom())
                        .asExchange(req, KeySource.password(realm, client, oldPw));
            } catch (KerberosClientException e) {
                throw new CliError("cannot authenticate as " + client + "@" + realm + " with the current password: "
                        + e.getMessage());
            }
            KpasswdClient.Result r;
            try {
                r = new KpasswdClient(cfg, Clock.systemUTC(), new SecureRandom(), 3000).change(ticket, realm, newPw);
            } catch (IOException e) {
                throw new CliError(e.getMessage());
            }
            if (!r.ok()) {
                throw new CliError("password not changed: " + (r.text().isBlank() ? r.code().name() : r.text()));
            }
            spec.commandLine().getOut().println("Password changed for " + client + "@" + realm + ".");
            return 0;
        } finally {
            Arrays.fill(oldPw, '\0');
            Arrays.fill(newPw, '\0');
        }
    }

    private char[] newPassword() throws IOException {
        if (newFile != null) {
            return DcCommand.secret(newFile, "new password");
        }
        char[] a = DcCommand.secret(null, "new password");
        char[] b = DcCommand.secret(null, "new password (again)");
        if (!Arrays.equals(a, b)) {
            throw new CliError("the two new passwords differ; nothing was changed");
        }
        Arrays.fill(b, '\0');
        return a;
    }
}
