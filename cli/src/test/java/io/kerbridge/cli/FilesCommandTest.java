package io.kerbridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.kerbridge.kerberos.crypto.Enctypes;
import io.kerbridge.kerberos.file.Keytab;
import io.kerbridge.kerberos.types.EncType;
import io.kerbridge.kerberos.types.PrincipalName;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code kerbridge files …} without a server: help, files.json editing and the one-line errors. */
class FilesCommandTest {
    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"files", "files init", "files start", "files share", "files share add", "files share remove",
            "files share list"})
    void helpReadsWell(String command) {
        List<String> args = new java.util.ArrayList<>(List.of(command.split(" ")));
        args.add("--help");
        CliRun r = CliRun.of(args.toArray(String[]::new));
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("Usage: kerbridge files").doesNotContain("Exception");
    }

    @Test
    void topLevelHelpListsFiles() {
        assertThat(CliRun.of("--help").out()).contains("files");
    }

    private Path keytab() throws Exception {
        Path kt = tmp.resolve("files.keytab");
        Keytab.empty().add(PrincipalName.parse("HTTP/files.contoso.test"), "CONTOSO.TEST", 1,
                Enctypes.find(EncType.AES256_CTS_HMAC_SHA1_96).orElseThrow().generateKey(new SecureRandom()),
                Instant.now()).write(kt);
        return kt;
    }

    @Test
    void initThenSharesThenErrorsAreOneLine() throws Exception {
        String dir = tmp.resolve("files").toString();
        CliRun init = CliRun.of("files", "init", "--dir", dir, "--keytab", keytab().toString(), "--spn",
                "HTTP/files.contoso.test", "--realm", "contoso.test", "--port", "0");
        assertThat(init.exitCode()).as(init.err()).isZero();
        assertThat(init.out()).contains("HTTP/files.contoso.test@CONTOSO.TEST");
        CliRun again = CliRun.of("files", "init", "--dir", dir, "--keytab", keytab().toString(), "--spn",
                "HTTP/files.contoso.test", "--realm", "CONTOSO.TEST");
        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.err()).contains("exists already");

        CliRun add = CliRun.of("files", "share", "add", "Team Docs", "--dir", dir, "--path", tmp.resolve("team").toString(),
                "--create", "--read", "Everyone,S-1-5-21-1-2-3-1105", "--write", "S-1-5-21-1-2-3-1105");
        assertThat(add.exitCode()).as(add.err()).isZero();
        assertThat(tmp.resolve("team")).isDirectory();
        CliRun list = CliRun.of("files", "share", "list", "--dir", dir);
        assertThat(list.out()).contains("Team Docs").contains("Everyone (S-1-1-0), S-1-5-21-1-2-3-1105");
        assertThat(Files.readString(tmp.resolve("files/files.json"))).contains("\"S-1-1-0\"");

        for (List<String> bad : List.of(
                List.of("files", "share", "add", "X", "--dir", dir, "--path", tmp.resolve("none").toString(), "--read", "Everyone"),
                List.of("files", "share", "add", "../x", "--dir", dir, "--path", tmp.toString(), "--read", "Everyone"),
                List.of("files", "share", "add", "Y", "--dir", dir, "--path", tmp.toString()),
                List.of("files", "share", "remove", "Nope", "--dir", dir),
                List.of("files", "share", "list", "--dir", tmp.resolve("nothing").toString()),
                List.of("files", "start", "--dir", tmp.resolve("nothing").toString()))) {
            CliRun r = CliRun.of(bad.toArray(String[]::new));
            assertThat(r.exitCode()).as(bad.toString()).isEqualTo(1);
            assertThat(r.err().strip().lines().count()).as(r.err()).isEqualTo(1);
            assertThat(r.err()).startsWith("kerbridge files").doesNotContain("Exception");
        }
        CliRun remove = CliRun.of("files", "share", "remove", "team docs", "--dir", dir);
        assertThat(remove.exitCode()).as(remove.err()).isZero();
        assertThat(CliRun.of("files", "share", "list", "--dir", dir).out()).contains("no shares");
        assertThat(tmp.resolve("team")).isDirectory();
    }
}
