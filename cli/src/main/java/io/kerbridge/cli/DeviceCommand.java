// protocol-notes §3.1 (device registration), §3.4 (the device pulls its policy), §3.5 (AzureAdJoined, DeviceId).
package io.kerbridge.cli;

import io.kerbridge.device.DeviceException;
import io.kerbridge.device.DeviceJoin;
import io.kerbridge.device.DeviceKeyStore;
import io.kerbridge.device.DevicePolicy;
import io.kerbridge.device.DeviceState;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Arrays;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code kerbridge device join|leave|sync|status}: this machine as an Entra-joined device (protocol-notes §3.1, §3.4). */
@Command(name = "device", mixinStandardHelpOptions = true,
        description = {"Join this machine to a cloud tenant as a device, read its policy, or leave.",
                "The device and transport keys live in a PIN-less PKCS#12 key store in the device directory",
                "(on Windows they are TPM keys)."})
final class DeviceCommand {
    @Spec
    CommandSpec spec;

    private PrintWriter out() {
        return spec.commandLine().getOut();
    }

    @Command(name = "join", mixinStandardHelpOptions = true,
            description = "Sign in (password + one-time code), create the device and transport keys, register the device.")
    int join(@Mixin DeviceOptions dev,
            @Option(names = "--cloud", required = true, paramLabel = "URL", description = "The cloud service, e.g. https://localhost:9443") String url,
            @Option(names = "--cacert", required = true, paramLabel = "FILE", description = "The tenant CA certificate (ca-cert.pem)") Path ca,
            @Option(names = "--tenant", required = true, paramLabel = "ID", description = "Tenant id or verified domain") String tenant,
            @Option(names = "--user", required = true, paramLabel = "UPN", description = "The user joining the device") String user,
            @Option(names = "--password-file", paramLabel = "FILE", description = "Password (prompted if absent)") Path pwFile,
            @Option(names = "--totp", required = true, paramLabel = "CODE", description = "The 6-digit one-time code") String totp,
            @Option(names = "--name", paramLabel = "NAME", description = "Device display name (default: the host name)") String name)
            throws IOException {
        char[] pw = DcCommand.secret(pwFile, "password");
        try {
            DeviceState s = DeviceJoin.join(dev.dir(), new DeviceJoin.Request(url, ca, tenant, user, pw, totp, name),
                    Clock.systemUTC(), new SecureRandom());
            out().println("Joined tenant " + s.tenantId() + " (" + s.tenantDomain() + ") as device " + s.deviceId() + " ("
                    + s.displayName() + ").");
            out().println("  Device certificate: " + dev.dir().resolve(DeviceJoin.DEVICE_CERT) + " (issued by the tenant CA)");
            out().println("  Device and transport keys: " + dev.dir().resolve(DeviceKeyStore.P12) + " (PIN-less, owner-only)");
            out().println("Next: kerbridge hello provision --user " + user + " --totp CODE");
            return 0;
        } catch (DeviceException e) {
            throw DeviceOptions.error(e);
        } finally {
            Arrays.fill(pw, '\0');
        }
    }

    @Command(name = "leave", mixinStandardHelpOptions = true,
            description = "Forget the registration: delete the device's keys, certificate, policy and users' Hello keys and PRTs.")
    int leave(@Mixin DeviceOptions dev) {
        try {
            Optional<DeviceState> s = DeviceJoin.leave(dev.dir());
            if (s.isEmpty()) {
                throw new CliError("this device is not joined (no " + dev.dir().resolve(DeviceState.FILE) + ")");
            }
            out().println("Left tenant " + s.get().tenantId() + ": deleted the local state in " + dev.dir() + ".");
            out().println("The device object " + s.get().deviceId() + " still exists in the cloud; an administrator should "
                    + "delete it (DELETE /api/v1/" + s.get().tenantId() + "/devices/" + s.get().deviceId() + ").");
            return 0;
        } catch (DeviceException e) {
            throw DeviceOptions.error(e);
        }
    }

    @Command(name = "sync", mixinStandardHelpOptions = true,
            description = "Fetch the device's effective policy with its device proof and cache it (like an MDM sync).")
    int sync(@Mixin DeviceOptions dev) {
        try {
            DeviceState s = DeviceState.load(dev.dir());
            DevicePolicy p = DevicePolicy.fetch(dev.dir(), s, DeviceKeyStore.open(dev.dir()), s.client(), Clock.systemUTC());
            out().println("Policy for device " + s.deviceId() + " (cached in " + dev.dir().resolve(DevicePolicy.FILE) + "):");
            out().printf("  %-36s : %s (%s)%n", DevicePolicy.USE_CLOUD_TRUST, p.useCloudTrustForOnPremAuth(),
                    p.sourceOf(DevicePolicy.USE_CLOUD_TRUST));
            out().printf("  %-36s : %s (%s)%n", DevicePolicy.CLOUD_TICKETS, p.cloudKerberosTicketRetrievalEnabled(),
                    p.sourceOf(DevicePolicy.CLOUD_TICKETS));
            return 0;
        } catch (DeviceException e) {
            throw DeviceOptions.error(e);
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true, description = "Show the registration and the cached policy.")
    int status(@Mixin DeviceOptions dev) {
        try {
            if (!DeviceState.joined(dev.dir())) {
                out().println("Not joined (" + dev.dir() + ").");
                return 1;
            }
            DeviceState s = DeviceState.load(dev.dir());
            out().printf("%-14s : %s%n", "DeviceId", s.deviceId());
            out().printf("%-14s : %s%n", "DisplayName", s.displayName());
            out().printf("%-14s : %s (%s)%n", "TenantId", s.tenantId(), s.tenantDomain());
            out().printf("%-14s : %s%n", "Cloud", s.cloudUrl());
            out().printf("%-14s : %s%n", "CA", s.caCertificate());
            out().printf("%-14s : %s%n", "JoinedOn", s.joinedAt());
            Optional<DevicePolicy> p = DevicePolicy.cached(dev.dir());
            out().printf("%-14s : %s%n", "Policy", p.map(x -> DevicePolicy.USE_CLOUD_TRUST + "=" + x.useCloudTrustForOnPremAuth()
                    + ", " + DevicePolicy.CLOUD_TICKETS + "=" + x.cloudKerberosTicketRetrievalEnabled() + " (fetched "
                    + x.fetchedAt() + ")").orElse("never fetched (kerbridge device sync)"));
            return 0;
        } catch (DeviceException e) {
            throw DeviceOptions.error(e);
        }
    }
}
