package io.kerbridge.cli;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import tools.jackson.databind.JsonNode;

/** {@code kerbridge group …}: groups and memberships through the DC admin API. */
@Command(name = "group", mixinStandardHelpOptions = true,
        description = "Manage groups and memberships on a domain controller.")
final class GroupCommand {
    @Spec
    CommandSpec spec;

    @Mixin
    AdminOptions admin;

    private void show(JsonNode n, List<String> columns) {
        admin.print(spec.commandLine().getOut(), n, columns);
    }

    private JsonNode call(String method, String path, Object body) throws IOException {
        return admin.call(method, path, body);
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List groups.")
    void list() throws IOException {
        show(call("GET", "/api/v1/groups", null), List.of("name", "scope", "sid"));
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show a group.")
    void show(@Parameters(paramLabel = "NAME") String name) throws IOException {
        show(call("GET", "/api/v1/groups/" + UserCommand.enc(name), null), List.of());
    }

    @Command(name = "add", mixinStandardHelpOptions = true, description = "Create a group.")
    void add(@Parameters(paramLabel = "NAME") String name,
            @Option(names = "--scope", defaultValue = "global", description = "global, universal or domain-local") String scope,
            @Option(names = "--description", defaultValue = "") String description) throws IOException {
        show(call("POST", "/api/v1/groups", Map.of("name", name, "scope", scope, "description", description)), List.of());
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete a group.")
    void delete(@Parameters(paramLabel = "NAME") String name) throws IOException {
        show(call("DELETE", "/api/v1/groups/" + UserCommand.enc(name), null), List.of());
    }

    @Command(name = "members", mixinStandardHelpOptions = true, description = "List a group's direct members.")
    void members(@Parameters(paramLabel = "NAME") String name) throws IOException {
        show(call("GET", "/api/v1/groups/" + UserCommand.enc(name) + "/members", null), List.of("name", "sid"));
    }

    @Command(name = "add-member", mixinStandardHelpOptions = true, description = "Add an account, a group or a SID to a group.")
    void addMember(@Parameters(paramLabel = "GROUP") String group, @Parameters(paramLabel = "MEMBER") String member)
            throws IOException {
        show(call("POST", "/api/v1/groups/" + UserCommand.enc(group) + "/members", Map.of("member", member)), List.of());
    }

    @Command(name = "remove-member", mixinStandardHelpOptions = true, description = "Remove a member from a group.")
    void removeMember(@Parameters(paramLabel = "GROUP") String group, @Parameters(paramLabel = "MEMBER") String member)
            throws IOException {
        show(call("DELETE", "/api/v1/groups/" + UserCommand.enc(group) + "/members/" + UserCommand.enc(member), null),
                List.of());
    }
}
