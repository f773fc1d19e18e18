package io.kerbridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.kerbridge.kerberos.testing.MitKdc;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * MS-KKDCP: {@code kerbridge kinit} and {@code kvno} over HTTPS through a real KDC proxy (Debian's
 * python3-kdcproxy, the FreeIPA implementation) in front of the MIT KDC, trusting the proxy's
 * certificate through MIT's {@code http_anchors} relation.
 */
@ExtendWith(MitKdc.Extension.class)
class KkdcpAgainstKdcproxyTest {
    static MitKdc kdc;
    static Process proxy;
    static Path conf;

    @BeforeAll
    static void startProxy(MitKdc mit) throws Exception {
        kdc = mit;
        Path dir = Files.createDirectories(kdc.dir().resolve("kkdcp"));
        run(List.of("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1", "-days", "1",
                "-keyout", dir.resolve("key.pem").toString(), "-out", dir.resolve("cert.pem").toString()));
        Files.writeString(dir.resolve("kdcproxy.conf"), "[global]\nuse_dns = false\n\n[EXAMPLE.TEST]\nkerberos = kerberos://127.0.0.1:"
                + kdc.port() + "\n");
        Path script = dir.resolve("serve.py");
        try (var in = KkdcpAgainstKdcproxyTest.class.getResourceAsStream("/kkdcp/serve.py")) {
            Files.write(script, in.readAllBytes());
        }
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        ProcessBuilder pb = new ProcessBuilder("/usr/bin/python3", script.toString(), Integer.toString(port),
                dir.resolve("cert.pem").toString(), dir.resolve("key.pem").toString()).redirectErrorStream(true);
        pb.environment().put("KDCPROXY_CONFIG", dir.resolve("kdcproxy.conf").toString());
        pb.environment().put("KRB5_CONFIG", kdc.krb5Conf().toString());
        proxy = pb.start();
        BufferedReader r = new BufferedReader(new InputStreamReader(proxy.getInputStream(), StandardCharsets.UTF_8));
        String first = r.readLine();
        assertThat(first).as("kdcproxy did not start (apt-get install python3-kdcproxy)").isEqualTo("ready");
        conf = dir.resolve("krb5.conf");
        Files.writeString(conf, """
                [libdefaults]
                    default_realm = EXAMPLE.TEST
                    dns_lookup_kdc = false
                [realms]
                    EXAMPLE.TEST = {
                        kdc = https://127.0.0.1:%d/KdcProxy
                        http_anchors = FILE:%s
                    }
                """.formatted(port, dir.resolve("cert.pem")));
    }

    @AfterAll
    static void stopProxy() throws Exception {
        if (proxy != null) {
            proxy.destroy();
            proxy.waitFor(5, TimeUnit.SECONDS);
        }
    }

    private static void run(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
    }

    @Test
    void kinitAndKvnoThroughTheKdcProxy() throws Exception {
        kdc.addUser("kbproxy", "proxy-Passw0rd", "aes256-cts-hmac-sha1-96:normal");
        Path pw = kdc.dir().resolve("kbproxy.pw");
        Files.writeString(pw, "proxy-Passw0rd\n");
        Path cc = kdc.dir().resolve("cc-proxy");
        CliRun kinit = CliRun.of("kinit", "--config", conf.toString(), "-c", cc.toString(), "--password-file",
                pw.toString(), "kbproxy");
        assertThat(kinit.exitCode()).as(kinit.err()).isZero();
        kdc.addService("HTTP/proxy.example.test");
        CliRun kvno = CliRun.of("kvno", "--config", conf.toString(), "-c", cc.toString(), "HTTP/proxy.example.test");
        assertThat(kvno.exitCode()).as(kvno.err()).isZero();
        assertThat(kdc.run(List.of("klist", "-c", cc.toString()), Map.of(), null).stdout())
                .contains("krbtgt/EXAMPLE.TEST@EXAMPLE.TEST").contains("HTTP/proxy.example.test@EXAMPLE.TEST");
    }
}
