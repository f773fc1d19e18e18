package io.kerbridge.bench.load;

import java.io.PrintStream;
import java.util.Set;

/**
 * The load generator ({@code bench/loadgen}): {@code as}, {@code tgs}, {@code exchange} against any KDC named in a
 * krb5.conf (ours or MIT's krb5kdc), {@code signin} against a running cloud service, and the two set-up commands
 * {@code dc-setup} and {@code signin-setup}. Prints a human line and a machine-readable {@code RESULT} line.
 */
public final class LoadGen {
    private static final Set<String> FLAGS = Set.of("tcp-keepalive", "platform-threads", "presign", "help");

    static final String USAGE = """
            usage: bench/loadgen MODE [options]
              as | tgs | exchange   --config KRB5.CONF [--realm R] [--user U] [--password-file F] [--service SPN]
                                    [--key-file DIR/loadgen.properties] (user, password, service, realm, and for
                                    exchange the krbtgt_<n> key) [--transport udp|tcp|auto] [--tcp-keepalive]
                                    [--etypes 18,20,...] [--timeout-ms 3000]
                                    A/B in one client JVM: [--b-config KRB5.CONF] [--b-key-file F] [--b-server-pid P]
                                    [--b-mode MODE] [--pairs 5] (--warmup is then once per side, before pair 1)
              signin                --creds FILE (from signin-setup) [--url https://127.0.0.1:PORT] [--presign]
                                    [--verify-every N]
              common:               [--clients 4] [--duration 10] [--warmup 5] [--count N] [--platform-threads]
                                    [--server-pid PID[,PID..]] (prints the server's CPU per operation)
              dc-setup              --dc-dir DIR (DC stopped) [--user loaduser] [--password-file F]
                                    [--service HTTP/files.example.test] [--accounts N] [--account-prefix H]
              probe                 in-process KdcService.handle: CPU and allocation per request (as, tgs,
                                    exchange) [--requests 20000] [--rounds 7] [--warmup-requests 60000]
              signin-setup          --cloud-dir DIR (cloud stopped; created if missing) --creds FILE
                                    [--users 8] [--domain example.test]
            """;

    private LoadGen() {}

    public static void main(String[] argv) throws Exception {
        PrintStream out = System.out;
        if (argv.length == 0 || argv[0].equals("--help") || argv[0].equals("help")) {
            out.print(USAGE);
            return;
        }
        String mode = argv[0];
        try {
            Args a = new Args(argv, 1, FLAGS);
            int rc = switch (mode) {
                case "as", "tgs", "exchange" -> KdcLoad.run(mode, a, out);
                case "signin" -> SigninLoad.run(a, out);
                case "dc-setup" -> DcSetup.run(a, out);
                case "signin-setup" -> SigninSetup.run(a, out);
                case "probe" -> HandleProbe.run(a, out);
                default -> throw new IllegalArgumentException("unknown mode " + mode);
            };
            System.exit(rc);
        } catch (IllegalArgumentException e) {
            System.err.println("loadgen: " + e.getMessage());
            System.err.print(USAGE);
            System.exit(2);
        }
    }
}
