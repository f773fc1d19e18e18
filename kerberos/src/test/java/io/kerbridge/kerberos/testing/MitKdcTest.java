package io.kerbridge.kerberos.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(MitKdc.Extension.class)
class MitKdcTest {
    @Test
    void kinitWithAPasswordOnStdinThenKlistShowsThePrincipal(MitKdc kdc) throws Exception {
        assertThat(kdc).isSameAs(MitKdc.shared());
        assertThat(Files.getPosixFilePermissions(kdc.dir()))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
                        PosixFilePermission.OWNER_EXECUTE);
        kdc.addUser("harness-user", "harness Passw0rd", "aes256-cts-hmac-sha1-96:normal");
        String cc = kdc.dir().resolve("cc.harness").toString();

        MitKdc.Result kinit = kdc.run(List.of("kinit", "-c", cc, "harness-user"), Map.of(), "harness Passw0rd\n");
        assertThat(kinit.exitCode()).as(kinit.toString()).isZero();

        MitKdc.Result klist = kdc.run("klist", "-c", cc);
        assertThat(klist.exitCode()).as(klist.toString()).isZero();
        assertThat(klist.stdout()).contains("Default principal: harness-user@EXAMPLE.TEST")
                .contains("krbtgt/EXAMPLE.TEST@EXAMPLE.TEST");
    }

    @Test
    void kadminFailuresThrowWithTheOutput(MitKdc kdc) {
        kdc.addService("host/dup.example.test");
        assertThatThrownBy(() -> kdc.addService("host/dup.example.test"))
                .hasMessageContaining("already exists");
    }

    @Test
    void exportKeytabKeepsTheKvno(MitKdc kdc) {
        kdc.addService("HTTP/kt.example.test", "aes128-cts-hmac-sha1-96:normal");
        var kt = kdc.exportKeytab("harness.keytab", "HTTP/kt.example.test");
        MitKdc.Result klist = kdc.run("klist", "-k", "-e", kt.toString());
        assertThat(klist.stdout()).contains("   1 HTTP/kt.example.test@EXAMPLE.TEST (aes128-cts-hmac-sha1-96)");
        assertThat(kdc.port()).isPositive();
        assertThat(kdc.krb5ConfText()).contains("kdc = 127.0.0.1:" + kdc.port());
    }
}
