package io.kerbridge.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code kerbridge} command: one entry point for every Kerbridge tool (DESIGN.md §1). */
@Command(name = "kerbridge",
        mixinStandardHelpOptions = true,
        versionProvider = Kerbridge.Version.class,
        description = {"Kerbridge: cloud Kerberos trust, in the open.",
                "Passwordless sign-in to a cloud identity service, partial TGTs exchanged at your",
                "domain controller for full ones, and single sign-on for every Kerberos client.", ""},
        commandListHeading = "%nCommands:%n",
        subcommands = {KinitCommand.class, KvnoCommand.class, DcCommand.class, CloudCommand.class, UserCommand.class, GroupCommand.class,
                SyncCommand.class, KerberosServerCommand.class, PasswdCommand.class, FilesCommand.class, DeviceCommand.class, HelloCommand.class,
                SigninCommand.class, KlistCommand.class, DsregcmdCommand.class, io.kerbridge.cli.lab.LabCommand.class,
                SpnCommand.Spn.class, SpnCommand.KeytabCmd.class, CommandLine.HelpCommand.class})
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

    /** The command line with Kerbridge's error handling: user errors print one line, never a stack trace. */
    public static CommandLine newCommandLine() {
        CommandLine cl = new CommandLine(new Kerbridge());
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            String name = commandLine.getCommandSpec().qualifiedName();
            if (ex instanceof CliError) {
                commandLine.getErr().println(name + ": " + ex.getMessage());
            } else if (ex instanceof java.io.IOException) {
                commandLine.getErr().println(name + ": " + ex.getMessage());
            } else {
                commandLine.getErr().println(name + ": internal error: " + ex
                        + (System.getenv("KERBRIDGE_DEBUG") == null ? " (set KERBRIDGE_DEBUG=1 for details)" : ""));
                if (System.getenv("KERBRIDGE_DEBUG") != null) {
                    ex.printStackTrace(commandLine.getErr());
                }
            }
            return 1;
        });
        return cl;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Kerbridge.class.getPackage().getImplementationVersion();
            return new String[] {"kerbridge " + (v == null ? "dev" : v)};
        }
    }
}
