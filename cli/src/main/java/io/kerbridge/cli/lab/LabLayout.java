package io.kerbridge.cli.lab;

import java.nio.file.Path;
import java.util.List;

/**
 * Where everything of a lab lives under its directory (README "The lab"):
 * <pre>
 * DIR/lab.json  DIR/krb5.conf  DIR/&lt;service&gt;.pid
 * DIR/contoso/ DIR/emea/      the two DCs' data directories (dc init)
 * DIR/cloud/                  the cloud service (cloud init)
 * DIR/files/                  the file server (files init; files.keytab)
 * DIR/shares/{public,finance} the shares' folders
 * DIR/device/                 the joined device (device join, hello provision)
 * DIR/secrets/                generated passwords, PINs, TOTP secrets, the cloud token (0700, files 0600)
 * DIR/sync/                   the sync agent's state, one file per domain
 * DIR/tickets/                credentials caches the walkthrough writes
 * DIR/logs/                   one log per service
 * DIR/.lab/                   state.json (steps done, ports), lock
 * </pre>
 */
record LabLayout(Path dir) {
    LabLayout {
        dir = dir.toAbsolutePath().normalize();
    }

    Path labJson() {
        return dir.resolve("lab.json");
    }

    Path krb5Conf() {
        return dir.resolve("krb5.conf");
    }

    Path stateDir() {
        return dir.resolve(".lab");
    }

    Path stateFile() {
        return stateDir().resolve("state.json");
    }

    Path lockFile() {
        return stateDir().resolve("lock");
    }

    Path dcDir(LabDomain d) {
        return dir.resolve(d.key());
    }

    Path cloudDir() {
        return dir.resolve("cloud");
    }

    Path filesDir() {
        return dir.resolve("files");
    }

    Path keytab() {
        return filesDir().resolve("files.keytab");
    }

    Path share(String name) {
        return dir.resolve("shares").resolve(name.toLowerCase(java.util.Locale.ROOT));
    }

    Path deviceDir() {
        return dir.resolve("device");
    }

    Path secrets() {
        return dir.resolve("secrets");
    }

    Path secret(String name) {
        return secrets().resolve(name);
    }

    Path passwordFile(String principal) {
        return secret(principal + ".password");
    }

    Path pinFile(String upn) {
        return secret(upn + ".pin");
    }

    Path totpFile(String upn) {
        return secret(upn + ".totp");
    }

    Path tokenFile() {
        return secret("cloud-token.json");
    }

    Path syncState(LabDomain d) {
        return dir.resolve("sync").resolve(d.key() + ".json");
    }

    Path tickets() {
        return dir.resolve("tickets");
    }

    Path ccache(String sam) {
        return tickets().resolve(sam + ".ccache");
    }

    Path logs() {
        return dir.resolve("logs");
    }

    Path log(String service) {
        return logs().resolve(service + ".log");
    }

    Path pidFile(String service) {
        return dir.resolve(service + ".pid");
    }

    List<Path> privateDirs() {
        return List.of(secrets(), stateDir(), tickets(), dir.resolve("sync"));
    }
}
