package io.kerbridge.fileserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FilesConfigTest {
    @TempDir
    Path dir;

    static FilesConfig base(String listen) {
        return new FilesConfig(listen, 8080, "HTTP/files.contoso.test", "CONTOSO.TEST", "files.keytab",
                Optional.empty(), false, FilesConfig.DEFAULT_MAX_UPLOAD, List.of());
    }

    @Test
    void roundTripsThroughFilesJson() throws IOException {
        FilesConfig c = base("127.0.0.1").withShare(new FilesConfig.ShareConfig("Public", "/srv/public",
                List.of("S-1-5-11"), List.of("S-1-5-11")));
        c = c.withShare(new FilesConfig.ShareConfig("public", "/srv/public2", List.of("S-1-1-0"), List.of()));
        c.save(dir);
        FilesConfig back = FilesConfig.load(dir);
        assertThat(back).isEqualTo(c);
        assertThat(back.shares()).hasSize(1);
        assertThat(back.share("PUBLIC").orElseThrow().path()).isEqualTo("/srv/public2");
        assertThat(back.servicePrincipal()).isEqualTo("HTTP/files.contoso.test@CONTOSO.TEST");
        assertThat(Files.readString(dir.resolve("files.json"))).contains("\"listenAddress\"").contains("\"shares\"");
    }

    @Test
    void plainHttpOnlyOnLoopbackUnlessAllowed() {
        base("127.0.0.1").validate();
        base("::1").validate();
        assertThatThrownBy(() -> base("0.0.0.0").validate()).hasMessageContaining("plain HTTP");
        new FilesConfig("0.0.0.0", 8080, "HTTP/files.contoso.test", "CONTOSO.TEST", "kt", Optional.empty(), true,
                1, List.of()).validate();
        new FilesConfig("0.0.0.0", 8443, "HTTP/files.contoso.test", "CONTOSO.TEST", "kt",
                Optional.of(new FilesConfig.Tls("tls.p12", "tls.pass")), false, 1, List.of()).validate();
    }

    @Test
    void refusesBadValues() throws IOException {
        assertThatThrownBy(() -> base("127.0.0.1").withShare(new FilesConfig.ShareConfig("../x", "/p", List.of(),
                List.of())).validate()).hasMessageContaining("share name");
        assertThatThrownBy(() -> base("127.0.0.1").withShare(new FilesConfig.ShareConfig("X", "/p", List.of("Finance"),
                List.of())).validate()).hasMessageContaining("share X").hasMessageContaining("neither a SID");
        assertThatThrownBy(() -> new FilesConfig("127.0.0.1", 1, "HTTP/x@R", "R", "k", Optional.empty(), false, 1,
                List.of()).validate()).hasMessageContaining("service principal");
        assertThatThrownBy(() -> new FilesConfig("127.0.0.1", 1, "HTTP/x", "contoso.test", "k", Optional.empty(),
                false, 1, List.of()).validate()).hasMessageContaining("upper case");
        Files.writeString(dir.resolve("files.json"), "{\"listenAddress\":\"127.0.0.1\",\"bogus\":1}");
        assertThatThrownBy(() -> FilesConfig.load(dir)).isInstanceOf(IOException.class)
                .hasMessageContaining("not a valid file server configuration");
        assertThatThrownBy(() -> FilesConfig.load(dir.resolve("none"))).hasMessageContaining("files init");
    }
}
