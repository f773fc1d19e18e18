package io.kerbridge.cli;

import java.io.IOException;
import java.util.Base64;
import java.util.Map;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import tools.jackson.databind.JsonNode;

/** {@code kerbridge spn …} (setspn) and {@code kerbridge keytab export} (ktpass) through the admin API. */
final class SpnCommand {
    private SpnCommand() {}

    @Command(name = "spn", mixinStandardHelpOptions = true, description = "Manage service principal names (like setspn).")
    static final class Spn {
        @Spec
        CommandSpec spec;

        @Mixin
        AdminOptions admin;

        private JsonNode call(String method, String path, Object body) throws IOException {
            return admin.call(method, path, body);
        }

        @Command(name = "list", mixinStandardHelpOptions = true, description = "The SPNs of an account.")
        void list(@Parameters(paramLabel = "ACCOUNT") String account) throws IOException {
            JsonNode a = call("GET", "/api/v1/users/" + UserCommand.enc(account), null);
            var out = spec.commandLine().getOut();
            if (admin.json) {
                Output.json(out, a.get("servicePrincipalNames"));
                return;
            }
            out.println("Registered ServicePrincipalNames for " + a.get("name").asString() + ":");
            a.get("servicePrincipalNames").forEach(s -> out.println("        " + s.asString()));
        }

        @Command(name = "add", mixinStandardHelpOptions = true, description = "Add an SPN to an account (unique in the domain).")
        void add(@Parameters(paramLabel = "ACCOUNT") String account, @Parameters(paramLabel = "SPN") String spn)
                throws IOException {
            call("POST", "/api/v1/users/" + UserCommand.enc(account) + "/spns", Map.of("spn", spn));
            spec.commandLine().getOut().println("added " + spn + " to " + account);
        }

        @Command(name = "remove", mixinStandardHelpOptions = true, description = "Remove an SPN from an account.")
        void remove(@Parameters(paramLabel = "ACCOUNT") String account, @Parameters(paramLabel = "SPN") String spn)
                throws IOException {
            call("DELETE", "/api/v1/users/" + UserCommand.enc(account) + "/spns/" + UserCommand.enc(spn), null);
            spec.commandLine().getOut().println("removed " + spn + " from " + account);
        }
    }

    @Command(name = "keytab", mixinStandardHelpOptions = true, description = "Export an account's keys to a keytab (like ktpass).")
    static final class KeytabCmd {
        @Spec
        CommandSpec spec;

        @Mixin
        AdminOptions admin;

        @Command(name = "export", mixinStandardHelpOptions = true, description = "Write the account's current and previous keys, under its name and SPNs, to FILE (mode 0600).")
        void export(@Parameters(paramLabel = "ACCOUNT") String account,
                @Option(names = {"-k", "--keytab"}, paramLabel = "FILE", required = true) Path file) throws IOException {
            JsonNode r = admin.call("POST", "/api/v1/users/" + UserCommand.enc(account) + "/keytab", null);
            byte[] kt = Base64.getDecoder().decode(r.get("keytab").asString());
            io.kerbridge.kerberos.file.Keytab tab = io.kerbridge.kerberos.file.Keytab.decode(kt);
            tab.write(file);
            spec.commandLine().getOut().println("wrote " + tab.entries().size() + " keys for " + account + " to " + file);
        }
    }
}
