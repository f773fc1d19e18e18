package io.kerbridge.cli;

import io.kerbridge.kerberos.client.KrbConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Where the Kerberos client tools find their configuration and credentials cache (MIT conventions). */
final class ClientEnvironment {
    private ClientEnvironment() {}

    /** {@code --config FILE}, else KRB5_CONFIG, else /etc/krb5.conf. */
    static KrbConfig config(Path explicit) {
        try {
            if (explicit != null) {
                if (!Files.isReadable(explicit)) {
                    throw new CliError("cannot read the configuration file " + explicit
                            + " (check the path given to --config)");
                }
                return KrbConfig.load(explicit);
            }
            return KrbConfig.fromEnvironment();
        } catch (KrbConfig.ConfigException e) {
            throw new CliError("bad Kerberos configuration: " + e.getMessage());
        }
    }

    /** {@code --ccache FILE}, else KRB5CCNAME (FILE: type only), else /tmp/krb5cc_UID as MIT does. */
    static Path ccache(Path explicit) {
        if (explicit != null) {
            return explicit;
        }
        String env = System.getenv("KRB5CCNAME");
        if (env != null && !env.isBlank()) {
            if (env.startsWith("FILE:")) {
                return Path.of(env.substring(5));
            }
            if (env.contains(":") && !env.startsWith("/")) {
                throw new CliError("KRB5CCNAME=" + env + " is not a FILE: cache; use --ccache FILE");
            }
            return Path.of(env);
        }
        return Path.of("/tmp/krb5cc_" + uid());
    }

    private static long uid() {
        try {
            return new com.sun.security.auth.module.UnixSystem().getUid();
        } catch (Throwable e) {
            return 0;
        }
    }

    static String realm(KrbConfig config, Optional<String> given) {
        return given.or(config::defaultRealm).orElseThrow(() -> new CliError(
                "no realm: write NAME@REALM, or set default_realm in [libdefaults] of krb5.conf"));
    }
}
