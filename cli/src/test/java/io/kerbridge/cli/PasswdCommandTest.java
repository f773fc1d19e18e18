package io.kerbridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.kerbridge.dc.DcInit;
import io.kerbridge.dc.DomainController;
import io.kerbridge.directory.NewAccount;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kerbridge passwd} against our DC's kpasswd (RFC 3244): an expired password (must change at next logon) is
 * changed with the old one, after which MIT kinit works with the new one; a policy refusal and a wrong old password
 * are one clear line each.
 */
class PasswdCommandTest {
    static final String PW = "Us3r-Passw0rd!";
    @TempDir
    static Path tmp;
    static Path dcDir;
    static DomainController dc;

    @BeforeAll
    static void start() throws Exception {
        dcDir = tmp.resolve("contoso");
        DcInit.init(new DcInit.Spec(dcDir, "contoso.test", "CONTOSO", "dc1.contoso.test", "127.0.0.1", Tools.freePort(),
                Tools.freePort(), Tools.freePort(), "Adm1n-Passw0rd!".toCharArray(), Optional.empty()));
        dc = DomainController.start(dcDir, Clock.systemUTC());
        dc.directory().users().create(NewAccount.user("carol", PW.toCharArray()).withMustChangePassword(true));
    }

    @AfterAll
    static void stop() {
        if (dc != null) {
            dc.close();
        }
    }

    static Path file(String name, String content) throws Exception {
        Path f = tmp.resolve(name);
        Files.writeString(f, content + "\n");
        return f;
    }

    static CliRun passwd(String user, String oldPw, String newPw) throws Exception {
        return CliRun.of("passwd", user, "--config", dcDir.resolve("krb5.conf").toString(), "--old-password-file",
                file("old", oldPw).toString(), "--new-password-file", file("new", newPw).toString());
    }

    @Test
    void anExpiredPasswordIsChangedAndTheNewOneWorks() throws Exception {
        Tools.Result before = Tools.run(List.of("kinit", "carol"), Map.of("KRB5_CONFIG", dcDir.resolve("krb5.conf").toString(),
                "KRB5CCNAME", "FILE:" + tmp.resolve("cc0")), PW + "\n");
        assertThat(before.exitCode()).as("MIT kinit refuses the expired password (it would prompt for a new one)").isNotZero();

        CliRun weak = passwd("carol", PW, "short");
        assertThat(weak.exitCode()).isNotZero();
        assertThat(weak.err()).startsWith("kerbridge passwd: password not changed: ").doesNotContain("Exception");

        CliRun wrong = passwd("carol", "Wrong-Passw0rd!", "N3w-Passw0rd-42!");
        assertThat(wrong.exitCode()).isNotZero();
        assertThat(wrong.err()).contains("cannot authenticate as carol@CONTOSO.TEST with the current password");

        CliRun ok = passwd("carol@CONTOSO.TEST", PW, "N3w-Passw0rd-42!");
        assertThat(ok.exitCode()).as(ok.err()).isZero();
        assertThat(ok.out()).contains("Password changed for carol@CONTOSO.TEST.");
        Tools.Result after = Tools.run(List.of("kinit", "carol"), Map.of("KRB5_CONFIG", dcDir.resolve("krb5.conf").toString(),
                "KRB5CCNAME", "FILE:" + tmp.resolve("cc1")), "N3w-Passw0rd-42!\n");
        assertThat(after.exitCode()).as(after.toString()).isZero();
    }
}
