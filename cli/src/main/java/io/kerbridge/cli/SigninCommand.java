// protocol-notes §2.2-§2.4 (partial TGT and its exchange), §3.2-§3.2a (PRT request), §3.4 (UseCloudTrustForOnPremAuth),
// §3.7 (expired password), DESIGN.md §5 (kerbridge signin --user UPN --pin-file FILE --ccache FILE).
package io.kerbridge.cli;

import io.kerbridge.device.DeviceException;
import io.kerbridge.device.DevicePolicy;
import io.kerbridge.device.PasswordlessSignIn;
import io.kerbridge.kerberos.file.Credential;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code kerbridge signin}: passwordless sign-in with the Hello PIN (DESIGN.md §2.3-2.4, §5): PRT and partial TGT from
 * the cloud, the partial TGT exchanged at the user's DC for a full TGT in an MIT ccache.
 */
@Command(name = "signin", mixinStandardHelpOptions = true,
        description = {"Passwordless sign-in with the Hello PIN: PRT from the cloud, full TGT from your DC into a ccache.",
                "Unlocks your Hello key with the PIN, gets a PRT and a partial TGT from the cloud and, when the device",
                "policy UseCloudTrustForOnPremAuth is on, exchanges the partial TGT at your domain controller for a full",
                "TGT that MIT klist/kvno, the JDK and curl --negotiate use.",
                "A cloud TGT, when the cloud sends one, goes to <ccache>.cloud."})
final class SigninCommand implements Callable<Integer> {
    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    @Mixin
    DeviceOptions dev;

    @Option(names = "--user", required = true, paramLabel = "UPN")
    String user;

    @Option(names = "--pin-file", paramLabel = "FILE", description = "The PIN (prompted if absent; read from standard input when it is not a terminal)")
    Path pinFile;

    @Option(names = {"-c", "--ccache"}, paramLabel = "FILE", description = "Credentials cache to write (default: $KRB5CCNAME, /tmp/krb5cc_UID)")
    Path ccache;

    @Option(names = "--config", paramLabel = "FILE", description = "krb5.conf naming your realm's KDC (default: $KRB5_CONFIG, /etc/krb5.conf)")
    Path config;

    @Option(names = "--security-key", description = "Sign in with a FIDO2 security key instead of the Hello PIN: the cloud's sign-in page, opened in a browser, has the key sign the nonce")
    boolean securityKey;

    @Option(names = "--browser", paramLabel = "CMD", split = " ",
            description = "With --security-key: the browser command to open the sign-in page with (else the URL is printed)")
    List<String> browser;

    @Option(names = "--security-key-timeout", paramLabel = "SECONDS", defaultValue = "120",
            description = "With --security-key: how long to wait for the browser (default 120)")
    int securityKeyTimeout;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        var cfg = ClientEnvironment.config(config);
        Path cc = ClientEnvironment.ccache(ccache);
        PrintWriter out = spec.commandLine().getOut();
        PasswordlessSignIn signIn = new PasswordlessSignIn(dev.dir(), cfg, Clock.systemUTC(), new SecureRandom());
        PasswordlessSignIn.Outcome o;
        if (securityKey) {
            try {
                io.kerbridge.device.DeviceState st = io.kerbridge.device.DeviceState.load(dev.dir());
                o = signIn.signInWithSecurityKey(user, new SecurityKeyPrompt(st.cloudUrl(), st.tenantId(), user,
                        browser == null ? List.of() : browser, java.time.Duration.ofSeconds(securityKeyTimeout), out), cc);
            } catch (DeviceException e) {
                throw DeviceOptions.error(e);
            }
        } else {
            char[] pin = DeviceOptions.pin(pinFile, "PIN for " + user, false);
            try {
                o = signIn.signIn(user, pin, cc);
            } catch (DeviceException e) {
                throw DeviceOptions.error(e);
            } finally {
                Arrays.fill(pin, '\0');
            }
        }
        out.println("Signed in as " + o.upn() + (securityKey ? " with a security key" : " with the Hello PIN") + " on device "
                + o.prt().deviceId() + ".");
        out.println("  PRT: valid until " + TIME.format(o.prt().expiresAt()) + " (kerbridge dsregcmd --status)");
        DevicePolicy p = o.policy();
        out.println("  Policy: " + DevicePolicy.USE_CLOUD_TRUST + " " + (p.useCloudTrustForOnPremAuth() ? "on" : "off") + " ("
                + p.sourceOf(DevicePolicy.USE_CLOUD_TRUST) + (o.policyFetched() ? "" : "; cached, the cloud did not answer")
                + ")");
        if (o.fullTgt().isPresent()) {
            Credential t = o.fullTgt().get();
            out.println("  On-premises TGT: " + t.server().withRealm(t.serverRealm()) + " for " + t.client().withRealm(t.clientRealm())
                    + ", exchanged at " + o.kdcCalled().orElse("the KDC of " + t.serverRealm()) + ", valid until "
                    + TIME.format(t.endTime()) + ", in " + o.ccache().get());
        } else {
            out.println("  No on-premises TGT: " + o.onPremNote().orElse("none was issued") + ".");
        }
        o.cloudTgt().ifPresent(t -> out.println("  Cloud TGT: " + t.server().withRealm(t.serverRealm()) + ", valid until "
                + TIME.format(t.endTime()) + ", in " + o.cloudCcache().get()));
        return 0;
    }
}
