// protocol-notes §3.1 (the device's state and keys live on the device), DESIGN.md §5 (PIN prompted when no file).
package io.kerbridge.cli;

import io.kerbridge.device.DeviceException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import picocli.CommandLine.Option;

/** What the device commands share: the device directory, reading a PIN, and turning device errors into one line. */
final class DeviceOptions {
    static final String ENV = "KERBRIDGE_DEVICE_DIR";

    @Option(names = "--device-dir", paramLabel = "DIR",
            description = "The device's state (default: $KERBRIDGE_DEVICE_DIR, else ~/.kerbridge/device)")
    Path deviceDir;

    Path dir() {
        if (deviceDir != null) {
            return deviceDir;
        }
        String env = System.getenv(ENV);
        return env != null && !env.isBlank() ? Path.of(env) : Path.of(System.getProperty("user.home"), ".kerbridge", "device");
    }

    static CliError error(DeviceException e) {
        return new CliError(e.getMessage());
    }

    /** The first line of {@code file}; else a prompt on the terminal (twice when {@code confirm}); else a line of stdin. */
    static char[] pin(Path file, String prompt, boolean confirm) throws IOException {
        if (file != null) {
            if (!Files.isReadable(file)) {
                throw new CliError("cannot read the PIN file " + file);
            }
            return Files.readAllLines(file, StandardCharsets.UTF_8).stream().findFirst().orElse("").toCharArray();
        }
        if (System.console() != null) {
            char[] pin = System.console().readPassword("%s: ", prompt);
            if (pin == null) {
                throw new CliError("no PIN given");
            }
            if (confirm) {
                char[] again = System.console().readPassword("Confirm the PIN: ");
                if (again == null || !Arrays.equals(pin, again)) {
                    throw new CliError("the two PINs differ");
                }
            }
            return pin;
        }
        String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        if (line == null) {
            throw new CliError("no PIN on standard input (or use --pin-file FILE)");
        }
        return line.toCharArray();
    }
}
