package io.kerbridge.cli.lab;

import io.kerbridge.cli.CliError;
import io.kerbridge.cli.Kerbridge;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import picocli.CommandLine;

/** Runs a {@code kerbridge} command in this process (the lab drives the same commands a person types). */
final class Kb {
    private Kb() {}

    record Result(int exit, String out, String err) {
        boolean ok() {
            return exit == 0;
        }

        String text() {
            return out + err;
        }
    }

    static Result run(List<String> args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Kerbridge.newCommandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args.toArray(String[]::new));
        return new Result(code, out.toString(), err.toString());
    }

    /** Runs the command; a failure becomes a CliError that says what the lab was doing and what the command said. */
    static Result ok(String doing, List<String> args) {
        Result r = run(args);
        if (!r.ok()) {
            if (r.err().contains("Unmatched argument") && r.err().contains("index 0")) {
                throw new CliError(doing + " failed: this kerbridge has no '" + args.get(0) + "' command (built without it?)");
            }
            String said = r.err().isBlank() ? r.out().strip() : r.err().strip();
            throw new CliError(doing + " failed: " + said);
        }
        return r;
    }
}
