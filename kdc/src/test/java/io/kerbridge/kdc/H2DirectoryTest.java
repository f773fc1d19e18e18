package io.kerbridge.kdc;

import static org.assertj.core.api.Assertions.assertThat;

import io.kerbridge.directory.testing.TestDirectories;
import io.kerbridge.kdc.testing.MitTools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Our KDC over the real (H2) directory: MIT kinit and kvno for the seeded CONTOSO.TEST users. */
class H2DirectoryTest {
    @TempDir
    Path tmp;

    @Test
    void kinitAndKvnoAgainstTheH2Directory() throws Exception {
        try (TestDirectories.Lab lab = TestDirectories.contoso(tmp.resolve("data"));
                Kdc kdc = Kdc.start(KdcConfig.loopback(), lab.directory().principalStore(),
                        lab.directory().accountEvents(), Clock.systemUTC())) {
            Path conf = tmp.resolve("krb5.conf");
            Files.writeString(conf, "[libdefaults]\n default_realm = CONTOSO.TEST\n dns_lookup_kdc = false\n"
                    + " rdns = false\n dns_canonicalize_hostname = false\n[realms]\n CONTOSO.TEST = {\n  kdc = 127.0.0.1:"
                    + kdc.port() + "\n }\n");
            Path cc = tmp.resolve("cc");
            MitTools.Result kinit = MitTools.run(conf, cc, TestDirectories.ALICE_PASSWORD + "\n", "kinit", "alice");
            assertThat(kinit.ok()).as(kinit.toString()).isTrue();
            MitTools.Result kvno = MitTools.run(conf, cc, null, "kvno", TestDirectories.FILES_SPN);
            assertThat(kvno.ok()).as(kvno.toString()).isTrue();
            MitTools.Result wrong = MitTools.run(conf, tmp.resolve("cc2"), "nope\n", "kinit", "alice");
            assertThat(wrong.ok()).isFalse();
        }
    }
}
