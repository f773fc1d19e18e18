package io.kerbridge.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code kerbridge} command: one entry point for every Kerbridge tool (DESIGN.md §1). */
@Command(name = "kerbridge",
        mixinStandardHelpOptions = true,
        versionProvider = Kerbridge.Version.class,
        description = {"Kerbridge: cloud Kerberos trust, in the open.", ""},
        subcommands = {CommandLine.HelpCommand.class})
public final class Kerbridge implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(newCommandLine().execute(args));
    }

    public static CommandLine newCommandLine() {
        return new CommandLine(new Kerbridge());
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Kerbridge.class.getPackage().getImplementationVersion();
            return new String[] {"kerbridge " + (v == null ? "dev" : v)};
        }
    }
}
