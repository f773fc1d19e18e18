package io.kerbridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every command builds and prints usable help; an unknown option is one clear line. */
class HelpTest {
    @ParameterizedTest
    @ValueSource(strings = {"", "kinit", "kvno", "dc", "dc init", "dc start", "dc trust", "user", "user add", "group",
            "group add-member", "spn", "keytab export", "cloud", "cloud init", "cloud start", "cloud login", "cloud log", "sync",
            "device", "device join", "device leave", "device sync", "device status", "hello", "hello provision", "hello reset-pin",
            "hello list", "hello delete", "signin", "klist", "klist get", "klist purge", "dsregcmd"})
    void helpReadsWell(String command) {
        List<String> args = new java.util.ArrayList<>(command.isEmpty() ? List.of() : List.of(command.split(" ")));
        args.add("--help");
        CliRun r = CliRun.of(args.toArray(String[]::new));
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("Usage: kerbridge").doesNotContain("Exception");
    }

    @Test
    void topLevelHelpListsTheCommands() {
        assertThat(CliRun.of("--help").out()).contains("kinit").contains("kvno").contains("dc").contains("user")
                .contains("group").contains("spn").contains("keytab")
                .contains("device").contains("hello").contains("signin").contains("klist").contains("dsregcmd");
    }

    @Test
    void unknownOptionsAreNamed() {
        CliRun r = CliRun.of("kinit", "--no-such-option", "alice");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("Unknown option: '--no-such-option'");
    }
}
