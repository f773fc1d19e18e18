package io.kerbridge.cli;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import tools.jackson.databind.JsonNode;

/** {@code kerbridge user …}: users and computers through the DC admin API (Domain Admins write). */
@Command(name = "user", mixinStandardHelpOptions = true,
        description = "Manage users and computers on a domain controller (through its admin API).")
final class UserCommand {
    @Spec
    CommandSpec spec;

    @Mixin
    AdminOptions admin;

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    static String password(Path file) throws IOException {
        if (file == null) {
            if (System.console() == null) {
                throw new CliError("no password: give --password-file FILE");
            }
            char[] pw = System.console().readPassword("New password: ");
            char[] again = System.console().readPassword("Again: ");
            if (pw == null || again == null || !java.util.Arrays.equals(pw, again)) {
                throw new CliError("the passwords do not match");
            }
            return new String(pw);
        }
        if (!Files.isReadable(file)) {
            throw new CliError("cannot read the password file " + file);
        }
        return Files.readAllLines(file, StandardCharsets.UTF_8).stream().findFirst().orElse("");
    }

    private void show(JsonNode n, List<String> columns) {
        admin.print(spec.commandLine().getOut(), n, columns);
    }

    private JsonNode call(String method, String path, Object body) throws IOException {
        return admin.call(method, path, body);
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List users and computers.")
    void list() throws IOException {
        show(call("GET", "/api/v1/users", null), List.of("name", "type", "enabled", "lockedOut", "upn"));
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show one account.")
    void show(@Parameters(paramLabel = "NAME") String name) throws IOException {
        show(call("GET", "/api/v1/users/" + enc(name), null), List.of());
    }

    @Command(name = "add", mixinStandardHelpOptions = true, description = "Create a user (or a computer with --computer or a NAME ending in $).")
    void add(@Parameters(paramLabel = "NAME") String name,
            @Option(names = "--password-file", paramLabel = "FILE") Path passwordFile,
            @Option(names = "--upn") String upn, @Option(names = "--display-name") String displayName,
            @Option(names = "--must-change", description = "The user must change the password at next logon") boolean mustChange,
            @Option(names = "--computer") boolean computer,
            @Option(names = "--spn", paramLabel = "SPN", description = "Service principal name (repeatable)") List<String> spns)
            throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        boolean isComputer = computer || name.endsWith("$");
        if (!isComputer || passwordFile != null) {
            body.put("password", password(passwordFile));
        }
        body.put("computer", isComputer);
        if (upn != null) {
            body.put("upn", upn);
        }
        if (displayName != null) {
            body.put("displayName", displayName);
        }
        body.put("mustChangePassword", mustChange);
        if (spns != null) {
            body.put("spns", spns);
        }
        show(call("POST", "/api/v1/users", body), List.of());
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete an account.")
    void delete(@Parameters(paramLabel = "NAME") String name) throws IOException {
        show(call("DELETE", "/api/v1/users/" + enc(name), null), List.of());
    }

    @Command(name = "set-password", mixinStandardHelpOptions = true, description = "Set (reset) an account's password.")
    void setPassword(@Parameters(paramLabel = "NAME") String name,
            @Option(names = "--password-file", paramLabel = "FILE") Path passwordFile,
            @Option(names = "--must-change") boolean mustChange) throws IOException {
        show(call("POST", "/api/v1/users/" + enc(name) + "/password",
                Map.of("password", password(passwordFile), "mustChangePassword", mustChange)), List.of());
    }

    @Command(name = "unlock", mixinStandardHelpOptions = true, description = "Clear a lockout.")
    void unlock(@Parameters(paramLabel = "NAME") String name) throws IOException {
        show(call("POST", "/api/v1/users/" + enc(name) + "/unlock", null), List.of());
    }

    @Command(name = "enable", mixinStandardHelpOptions = true, description = "Enable an account.")
    void enable(@Parameters(paramLabel = "NAME") String name) throws IOException {
        show(call("POST", "/api/v1/users/" + enc(name) + "/enable", null), List.of());
    }

    @Command(name = "disable", mixinStandardHelpOptions = true, description = "Disable an account.")
    void disable(@Parameters(paramLabel = "NAME") String name) throws IOException {
        show(call("POST", "/api/v1/users/" + enc(name) + "/disable", null), List.of());
    }

    @Command(name = "groups", mixinStandardHelpOptions = true, description = "The groups an account is directly in.")
    void groups(@Parameters(paramLabel = "NAME") String name) throws IOException {
        show(call("GET", "/api/v1/users/" + enc(name) + "/groups", null), List.of("name", "scope", "sid"));
    }
}
