// protocol-notes §3.1 (MS-KPP Hello key provisioning), §3.6 (provisioning behaviour), §3.7 (MFA for provisioning).
package io.kerbridge.cli;

import io.kerbridge.device.DeviceException;
import io.kerbridge.device.DeviceKeyStore;
import io.kerbridge.device.HelloKeyStore;
import io.kerbridge.device.HelloProvisioning;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code kerbridge hello provision|reset-pin|list|delete}: Windows Hello for Business keys on this device (§3.1, §3.6). */
@Command(name = "hello", mixinStandardHelpOptions = true,
        description = {"Windows Hello keys on this device: provision (after password + one-time code), reset-pin, list, delete.",
                "The key is an RSA-2048 key in an encrypted PKCS#12 whose password is derived from the PIN.",
                "After " + HelloKeyStore.MAX_ATTEMPTS + " wrong PINs the key locks until kerbridge hello reset-pin."})
final class HelloCommand {
    @Spec
    CommandSpec spec;

    private PrintWriter out() {
        return spec.commandLine().getOut();
    }

    @Command(name = "provision", mixinStandardHelpOptions = true,
            description = "Sign in, create the user's Hello key, register it with the cloud and protect it with a PIN.")
    int provision(@Mixin DeviceOptions dev,
            @Option(names = "--user", required = true, paramLabel = "UPN") String user,
            @Option(names = "--password-file", paramLabel = "FILE", description = "Password (prompted if absent)") Path pwFile,
            @Option(names = "--totp", required = true, paramLabel = "CODE", description = "The 6-digit one-time code") String totp,
            @Option(names = "--pin-file", paramLabel = "FILE", description = "The new PIN (prompted twice if absent); at least "
                    + HelloKeyStore.MIN_PIN + " digits or characters") Path pinFile) throws IOException {
        return run(dev, user, pwFile, totp, pinFile, false);
    }

    @Command(name = "reset-pin", mixinStandardHelpOptions = true,
            description = "Forgotten or locked PIN: sign in again, make a new key with a new PIN, revoke the old key in the cloud.")
    int resetPin(@Mixin DeviceOptions dev,
            @Option(names = "--user", required = true, paramLabel = "UPN") String user,
            @Option(names = "--password-file", paramLabel = "FILE", description = "Password (prompted if absent)") Path pwFile,
            @Option(names = "--totp", required = true, paramLabel = "CODE", description = "The 6-digit one-time code") String totp,
            @Option(names = "--pin-file", paramLabel = "FILE", description = "The new PIN (prompted twice if absent)") Path pinFile)
            throws IOException {
        return run(dev, user, pwFile, totp, pinFile, true);
    }

    private int run(DeviceOptions dev, String user, Path pwFile, String totp, Path pinFile, boolean reset) throws IOException {
        char[] pin = DeviceOptions.pin(pinFile, "New PIN for " + user, true);
        char[] pw = null;
        try {
            HelloKeyStore.checkPin(pin);
            pw = DcCommand.secret(pwFile, "password");
            HelloProvisioning.Result r = HelloProvisioning.provision(dev.dir(), user, pw, totp, pin, reset, Clock.systemUTC(),
                    new SecureRandom());
            HelloKeyStore.Meta k = r.key();
            out().println((reset ? "New Hello key" : "Hello key") + " for " + k.upn() + " on device " + k.deviceId() + ": kid "
                    + k.kid());
            out().println("  Private key: " + HelloKeyStore.userDir(dev.dir(), k.upn()).resolve("hello.p12")
                    + " (PKCS#12, AES-256; password derived from the PIN)");
            r.oldKid().ifPresent(old -> out().println(r.revoked() ? "  Revoked the old key " + old + " in the cloud."
                    : r.warning().map(w -> "  WARNING: " + w).orElse("  The old key " + old + " was already gone from the cloud.")));
            out().println("Sign in with: kerbridge signin --user " + k.upn());
            return 0;
        } catch (DeviceException e) {
            throw DeviceOptions.error(e);
        } finally {
            Arrays.fill(pin, '\0');
            if (pw != null) {
                Arrays.fill(pw, '\0');
            }
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "The Hello keys on this device and their PIN state.")
    int list(@Mixin DeviceOptions dev) {
        try {
            HelloKeyStore store = HelloKeyStore.of(dev.dir(), DeviceKeyStore.open(dev.dir()));
            List<HelloKeyStore.Meta> keys = store.list();
            out().printf("%-32s %-46s %-22s %s%n", "USER", "KID", "CREATED", "PIN");
            for (HelloKeyStore.Meta m : keys) {
                HelloKeyStore.Attempts a = store.attempts(m.upn());
                out().printf("%-32s %-46s %-22s %s%n", m.upn(), m.kid(), m.createdAt().toString().replaceAll("\\.\\d+Z$", "Z"),
                        a.locked() ? "LOCKED" : a.failed() == 0 ? "ok" : a.failed() + " wrong");
            }
            return 0;
        } catch (DeviceException e) {
            throw DeviceOptions.error(e);
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true,
            description = {"Delete a user's Hello key from this device (like certutil -deletehellocontainer).",
                    "The cloud keeps the public key until the user or an administrator revokes it."})
    int delete(@Mixin DeviceOptions dev, @Option(names = "--user", required = true, paramLabel = "UPN") String user) {
        try {
            HelloKeyStore store = HelloKeyStore.of(dev.dir(), DeviceKeyStore.open(dev.dir()));
            var meta = store.meta(user).orElseThrow(() -> new CliError("no Hello key for " + user + " on this device"));
            store.delete(user);
            out().println("Deleted the Hello key " + meta.kid() + " of " + meta.upn() + " from this device.");
            out().println("The cloud still holds its public key; revoke it with DELETE /api/v1/" + meta.tenantId() + "/users/"
                    + meta.userId() + "/hello-keys/" + io.kerbridge.device.RsaKeyBlob.kidForPath(meta.kid()) + ".");
            return 0;
        } catch (DeviceException e) {
            throw DeviceOptions.error(e);
        }
    }
}
