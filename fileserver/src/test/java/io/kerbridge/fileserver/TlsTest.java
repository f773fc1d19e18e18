package io.kerbridge.fileserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With a TLS key store the server speaks HTTPS only, and Negotiate works the same inside it. */
class TlsTest {
    @TempDir
    Path dir;

    @Test
    void httpsWithAPkcs12KeyStore() throws Exception {
        Path p12 = dir.resolve("files.p12");
        Path pass = dir.resolve("p12.pass");
        Files.writeString(pass, "changeit-42\n");
        Process kt = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "files", "-keyalg", "EC", "-groupname", "secp256r1", "-dname",
                "CN=files.contoso.test", "-ext", "SAN=dns:files.contoso.test,ip:127.0.0.1", "-validity", "2",
                "-storetype", "PKCS12", "-keystore", p12.toString(), "-storepass", "changeit-42")
                .redirectErrorStream(true).start();
        String out = new String(kt.getInputStream().readAllBytes());
        assertThat(kt.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(kt.exitValue()).as(out).isZero();

        TestTickets kdc = new TestTickets();
        Path keytab = dir.resolve("files.keytab");
        kdc.writeKeytab(keytab);
        Path share = Files.createDirectories(dir.resolve("public"));
        Files.writeString(share.resolve("hello.txt"), "over TLS");
        FilesConfig cfg = new FilesConfig("127.0.0.1", 0, "HTTP/files.contoso.test", "CONTOSO.TEST", keytab.toString(),
                Optional.of(new FilesConfig.Tls("files.p12", "p12.pass")), false, 1024, List.of(
                        new FilesConfig.ShareConfig("Public", share.toString(), List.of("S-1-5-11"), List.of())));
        try (FileServer server = FileServer.start(cfg, dir, Clock.systemUTC())) {
            assertThat(server.url()).startsWith("https://127.0.0.1:");
            KeyStore trust = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(p12)) {
                trust.load(in, "changeit-42".toCharArray());
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext ssl = SSLContext.getInstance("TLS");
            ssl.init(null, tmf.getTrustManagers(), null);
            HttpClient https = HttpClient.newBuilder().sslContext(ssl).version(HttpClient.Version.HTTP_1_1).build();
            HttpResponse<String> r = https.send(HttpRequest.newBuilder(URI.create(server.url() + "Public/hello.txt"))
                    .header("Authorization", kdc.bob().header()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).isEqualTo("over TLS");
            HttpClient plain = HttpClient.newHttpClient();
            // plain HTTP to the TLS port is no handshake: the connection is closed
            assertThatThrownBy(() -> plain.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.port() + "/Public/hello.txt")).build(),
                    HttpResponse.BodyHandlers.ofString())).isInstanceOf(java.io.IOException.class);
        }
    }
}
