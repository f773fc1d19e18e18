// protocol-notes §3.5 (dsregcmd /status SSO state and Ngc prerequisite check), §3.6.
package io.kerbridge.cli;

import io.kerbridge.device.DeviceException;
import io.kerbridge.device.DeviceJoin;
import io.kerbridge.device.DeviceKeyStore;
import io.kerbridge.device.DevicePolicy;
import io.kerbridge.device.DeviceState;
import io.kerbridge.device.DsregcmdView;
import io.kerbridge.device.HelloKeyStore;
import io.kerbridge.device.PasswordlessSignIn;
import io.kerbridge.device.PrtState;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code kerbridge dsregcmd --status}: the device's join and SSO state, laid out as Windows prints it (§3.5). */
@Command(name = "dsregcmd", mixinStandardHelpOptions = true,
        description = {"The device's join state, Hello key, PRT and OnPremTgt/CloudTgt, like dsregcmd /status."})
final class DsregcmdCommand implements Callable<Integer> {
    @Mixin
    DeviceOptions dev;

    @Option(names = {"--status", "/status"}, required = true, description = "Show the status (the only action)")
    boolean status;

    @Option(names = "--user", paramLabel = "UPN", description = "Whose SSO state to show (default: who signed in last)")
    String user;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        Path dir = dev.dir();
        try {
            Optional<DeviceState> device = DeviceState.joined(dir) ? Optional.of(DeviceState.load(dir)) : Optional.empty();
            Optional<String> u = Optional.ofNullable(user).or(() -> PasswordlessSignIn.lastUser(dir));
            Optional<HelloKeyStore.Meta> hello = Optional.empty();
            Optional<HelloKeyStore.Attempts> attempts = Optional.empty();
            if (u.isPresent()) {
                u = Optional.of(HelloKeyStore.normalizeUpn(u.get()));
            }
            if (device.isPresent() && u.isPresent()) {
                HelloKeyStore store = HelloKeyStore.of(dir, DeviceKeyStore.open(dir));
                hello = store.meta(u.get());
                attempts = Optional.of(store.attempts(u.get()));
            }
            Optional<PrtState> prt = u.isPresent() ? PrtState.load(dir, u.get()) : Optional.empty();
            spec.commandLine().getOut().print(DsregcmdView.render(new DsregcmdView.Input(device, certificate(dir),
                    DevicePolicy.cached(dir), u, hello, attempts, prt, hostName(), Instant.now())));
            spec.commandLine().getOut().flush();
            return 0;
        } catch (DeviceException e) {
            throw DeviceOptions.error(e);
        }
    }

    private static Optional<X509Certificate> certificate(Path dir) {
        Path f = dir.resolve(DeviceJoin.DEVICE_CERT);
        if (!Files.exists(f)) {
            return Optional.empty();
        }
        try (InputStream in = Files.newInputStream(f)) {
            return Optional.of((X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in));
        } catch (IOException | GeneralSecurityException e) {
            return Optional.empty();
        }
    }

    private static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "";
        }
    }
}
