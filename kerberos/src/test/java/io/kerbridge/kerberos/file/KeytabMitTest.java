package io.kerbridge.kerberos.file;

import static org.assertj.core.api.Assertions.assertThat;

import io.kerbridge.kerberos.testing.MitKdc;
import io.kerbridge.kerberos.types.EncType;
import io.kerbridge.kerberos.types.EncryptionKey;
import io.kerbridge.kerberos.types.NameType;
import io.kerbridge.kerberos.types.PrincipalName;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Keytabs against MIT krb5: we read what kadmin.local and ktutil write; klist -k and kinit -k read ours. */
@ExtendWith(MitKdc.Extension.class)
class KeytabMitTest {
    private static final Map<String, String> C_LOCALE = Map.of("TZ", "UTC", "LC_ALL", "C", "LANG", "C");
    private static final String[] ALL = {"aes128-cts-hmac-sha1-96:normal", "aes256-cts-hmac-sha1-96:normal",
            "aes128-cts-hmac-sha256-128:normal", "aes256-cts-hmac-sha384-192:normal"};
    private static final int RODC_KVNO = (30775 << 16) | 1;

    @Test
    void readsKtaddNorandkeyOutputAndWritesTheSameBytes(MitKdc kdc) throws Exception {
        kdc.addService("HTTP/ktadd.example.test", ALL);
        kdc.addService("host/ktadd.example.test", "aes256-cts-hmac-sha1-96:normal");
        Instant before = Instant.now().minusSeconds(2);
        Path file = kdc.exportKeytab("ktadd.keytab", "HTTP/ktadd.example.test", "host/ktadd.example.test");

        Keytab kt = Keytab.read(file);
        assertThat(kt.entries()).hasSize(5);
        PrincipalName http = PrincipalName.of(NameType.NT_PRINCIPAL, "HTTP", "ktadd.example.test");
        List<KeytabEntry> httpKeys = kt.keysFor(http, "EXAMPLE.TEST");
        assertThat(httpKeys).extracting(e -> e.key().type().value()).containsExactlyInAnyOrder(17, 18, 19, 20);
        assertThat(httpKeys).allSatisfy(e -> {
            assertThat(e.kvno()).isEqualTo(1);
            assertThat(e.principal().type()).isEqualTo(NameType.NT_PRINCIPAL);
            assertThat(e.timestamp()).isAfter(before);
            assertThat(e.key().length()).isEqualTo(Set.of(17, 19).contains(e.key().type().value()) ? 16 : 32);
        });
        assertThat(kt.keysFor(PrincipalName.parse("host/ktadd.example.test"), "EXAMPLE.TEST")).hasSize(1);
        assertThat(kt.keysFor(http, "OTHER.TEST")).isEmpty();

        byte[] mit = Files.readAllBytes(file);
        assertThat(kt.encode()).isEqualTo(mit);
        Path copy = kdc.dir().resolve("ktadd-copy.keytab");
        kt.write(copy);
        assertThat(Files.readAllBytes(copy)).isEqualTo(mit);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(copy))).isEqualTo("rw-------");
    }

    @Test
    void readsKtutilPasswordKeysWhichMatchTheKdcKeys(MitKdc kdc) throws Exception {
        String pw = "ktutil-Passw0rd";
        kdc.addUser("ktutiluser", pw, ALL);
        Keytab fromKdc = Keytab.read(kdc.exportKeytab("ktutiluser-kdc.keytab", "ktutiluser"));

        Path file = kdc.dir().resolve("ktutil.keytab");
        StringBuilder script = new StringBuilder();
        int[] kvnos = {1, 300, RODC_KVNO, 1};
        String[] enctypes = {"aes128-cts-hmac-sha1-96", "aes256-cts-hmac-sha1-96", "aes128-cts-hmac-sha256-128",
                "aes256-cts-hmac-sha384-192"};
        for (int i = 0; i < 4; i++) {
            script.append("addent -password -p ktutiluser@EXAMPLE.TEST -k ").append(kvnos[i]).append(" -e ")
                    .append(enctypes[i]).append('\n').append(pw).append('\n');
        }
        script.append("wkt ").append(file).append("\nquit\n");
        MitKdc.Result r = kdc.run(List.of("ktutil"), Map.of(), script.toString());
        assertThat(r.exitCode()).as(r.toString()).isZero();

        Keytab kt = Keytab.read(file);
        assertThat(kt.entries()).extracting(KeytabEntry::kvno).containsExactly(1, 300, RODC_KVNO, 1);
        PrincipalName user = PrincipalName.user("ktutiluser");
        for (KeytabEntry e : kt.entries()) {
            assertThat(e.principal()).isEqualTo(user);
            assertThat(e.realm()).isEqualTo("EXAMPLE.TEST");
            // same password and default salt as the KDC's keys
            assertThat(fromKdc.key(user, "EXAMPLE.TEST", 1, e.key().type())).contains(e.key());
        }
        assertThat(kt.encode()).isEqualTo(Files.readAllBytes(file));
    }

    @Test
    void skipsTheHolesKtremoveLeaves(MitKdc kdc) throws Exception {
        kdc.addService("HTTP/hole1.example.test", "aes256-cts-hmac-sha1-96:normal");
        kdc.addService("HTTP/hole2.example.test", "aes256-cts-hmac-sha1-96:normal");
        Path file = kdc.exportKeytab("holes.keytab", "HTTP/hole1.example.test", "HTTP/hole2.example.test");
        kdc.kadmin("ktremove -k " + file + " HTTP/hole1.example.test all");
        byte[] raw = Files.readAllBytes(file);
        assertThat(raw[2]).as("first record is a hole").isNegative();

        Keytab kt = Keytab.read(file);
        assertThat(kt.entries()).singleElement()
                .satisfies(e -> assertThat(e.principal().components()).containsExactly("HTTP", "hole2.example.test"));
    }

    @Test
    void klistAndKinitReadKeytabsWeWrite(MitKdc kdc) throws Exception {
        kdc.addUser("ourkt", "ourkt-Passw0rd", ALL);
        Keytab mit = Keytab.read(kdc.exportKeytab("ourkt-mit.keytab", "ourkt"));
        Instant ts = Instant.parse("2030-06-07T08:09:10Z");
        List<KeytabEntry> entries = new ArrayList<>();
        for (KeytabEntry e : mit.entries()) {
            entries.add(new KeytabEntry(e.principal(), e.realm(), ts, e.kvno(), e.key()));
        }
        Keytab ours = new Keytab(entries)
                .add(PrincipalName.of(NameType.NT_SRV_HST, "HTTP", "big.example.test"), "EXAMPLE.TEST", 300,
                        new EncryptionKey(EncType.AES256_CTS_HMAC_SHA1_96, new byte[32]), ts)
                .add(PrincipalName.of(NameType.NT_SRV_HST, "HTTP", "rodc.example.test"), "EXAMPLE.TEST", RODC_KVNO,
                        new EncryptionKey(EncType.AES256_CTS_HMAC_SHA384_192, new byte[32]), ts)
                .add(PrincipalName.of(NameType.NT_SRV_HST, "HTTP", "neg.example.test"), "EXAMPLE.TEST", 0x8000_0001,
                        new EncryptionKey(EncType.AES128_CTS_HMAC_SHA256_128, new byte[16]), ts);
        Path file = kdc.dir().resolve("ours.keytab");
        ours.write(file);

        MitKdc.Result r = kdc.run(List.of("klist", "-k", "-t", "-e", file.toString()), C_LOCALE, null);
        assertThat(r.exitCode()).as(r.toString()).isZero();
        List<String> lines = r.stdout().lines().map(String::strip).toList();
        assertThat(lines).contains("Keytab name: FILE:" + file,
                "1 06/07/30 08:09:10 ourkt@EXAMPLE.TEST (aes128-cts-hmac-sha1-96)",
                "1 06/07/30 08:09:10 ourkt@EXAMPLE.TEST (aes256-cts-hmac-sha1-96)",
                "1 06/07/30 08:09:10 ourkt@EXAMPLE.TEST (aes128-cts-hmac-sha256-128)",
                "1 06/07/30 08:09:10 ourkt@EXAMPLE.TEST (aes256-cts-hmac-sha384-192)",
                "300 06/07/30 08:09:10 HTTP/big.example.test@EXAMPLE.TEST (aes256-cts-hmac-sha1-96)",
                RODC_KVNO + " 06/07/30 08:09:10 HTTP/rodc.example.test@EXAMPLE.TEST (aes256-cts-hmac-sha384-192)",
                // MIT prints the kvno as a signed int
                "-2147483647 06/07/30 08:09:10 HTTP/neg.example.test@EXAMPLE.TEST (aes128-cts-hmac-sha256-128)");

        // MIT kinit authenticates with the keys from our file
        Path cc = kdc.dir().resolve("cc.ourkt");
        MitKdc.Result kinit = kdc.run(List.of("kinit", "-k", "-t", file.toString(), "-c", cc.toString(), "ourkt"),
                Map.of(), null);
        assertThat(kinit.exitCode()).as(kinit.toString()).isZero();
        assertThat(Ccache.read(cc).defaultPrincipal()).isEqualTo(PrincipalName.user("ourkt"));

        Keytab back = Keytab.read(file);
        assertThat(back.entries()).isEqualTo(ours.entries());
        assertThat(back.entries().stream().map(e -> Integer.toUnsignedString(e.kvno())).collect(Collectors.toList()))
                .contains("300", "2016870401", "2147483649");
    }
}
