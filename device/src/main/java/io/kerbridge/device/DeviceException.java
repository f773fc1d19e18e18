// protocol-notes §3.2a (clients show the server's refusal to the user), DESIGN.md §5 (one-line errors of the commands).
package io.kerbridge.device;

/**
 * A device-side failure whose message says what is wrong and what to do about it, in one line (the CLI prints it
 * as is). Subclasses carry what a caller may branch on: {@link CloudRefusal}, {@link HelloKeyStore.WrongPin},
 * {@link HelloKeyStore.Locked}.
 */
public class DeviceException extends Exception {
    public DeviceException(String message) {
        super(message, null, false, false);
    }

    public DeviceException(String message, Throwable cause) {
        super(message, cause, false, false);
    }
}
