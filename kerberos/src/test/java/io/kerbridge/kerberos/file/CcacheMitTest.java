package io.kerbridge.kerberos.file;

import static org.assertj.core.api.Assertions.assertThat;

import io.kerbridge.kerberos.Bytes;
import io.kerbridge.kerberos.testing.MitKdc;
import io.kerbridge.kerberos.types.AddressType;
import io.kerbridge.kerberos.types.EncType;
import io.kerbridge.kerberos.types.EncryptionKey;
import io.kerbridge.kerberos.types.HostAddress;
import io.kerbridge.kerberos.types.NameType;
import io.kerbridge.kerberos.types.PrincipalName;
import io.kerbridge.kerberos.types.TicketFlags;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Ccaches against MIT krb5: we read what kinit writes, and klist/kvno read what we write. */
@ExtendWith(MitKdc.Extension.class)
class CcacheMitTest {
    private static final Map<String, String> C_LOCALE = Map.of("TZ", "UTC", "LC_ALL", "C", "LANG", "C");
    private static final String TGS = "krbtgt/EXAMPLE.TEST@EXAMPLE.TEST";

    /** kinit {@code user} (created with only {@code enctype}) into a fresh ccache file; returns its path. */
    static Path kinit(MitKdc kdc, String user, String enctype) {
        String pw = "pw-" + user + "-Passw0rd";
        kdc.addUser(user, pw, enctype + ":normal");
        Path conf = kdc.writeKrb5Conf("krb5-" + user + ".conf", "default_tkt_enctypes = " + enctype);
        Path cc = kdc.dir().resolve("cc." + user);
        MitKdc.Result r = kdc.run(List.of("kinit", "-c", "FILE:" + cc, user),
                Map.of("KRB5_CONFIG", conf.toString()), pw + "\n");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        return cc;
    }

    @ParameterizedTest(name = "enctype {0}")
    @CsvSource({"17, aes128-cts-hmac-sha1-96, 16", "18, aes256-cts-hmac-sha1-96, 32",
            "19, aes128-cts-hmac-sha256-128, 16", "20, aes256-cts-hmac-sha384-192, 32"})
    void readsWhatKinitWritesAndWritesTheSameBytes(int etype, String name, int keyLength, MitKdc kdc) throws Exception {
        Instant before = Instant.now().minusSeconds(2);
        Path file = kinit(kdc, "kinit" + etype, name);
        Instant after = Instant.now().plusSeconds(2);

        byte[] mitBytes = Files.readAllBytes(file);
        Ccache cc = Ccache.read(file);
        assertThat(cc.version()).isEqualTo(Ccache.VERSION_4);
        assertThat(cc.kdcTimeOffset()).contains(KdcTimeOffset.ZERO);
        assertThat(cc.defaultPrincipal()).isEqualTo(PrincipalName.user("kinit" + etype));
        assertThat(cc.realm()).isEqualTo("EXAMPLE.TEST");

        assertThat(cc.credentials()).hasSize(1);
        Credential tgt = cc.initialTgt().orElseThrow();
        assertThat(tgt.client()).isEqualTo(PrincipalName.user("kinit" + etype));
        assertThat(tgt.clientRealm()).isEqualTo("EXAMPLE.TEST");
        assertThat(tgt.server()).isEqualTo(PrincipalName.krbtgt("EXAMPLE.TEST"));
        assertThat(tgt.server().type()).isEqualTo(NameType.NT_SRV_INST);
        assertThat(tgt.serverRealm()).isEqualTo("EXAMPLE.TEST");
        assertThat(tgt.key().type()).isEqualTo(EncType.of(etype));
        assertThat(tgt.key().length()).isEqualTo(keyLength);
        assertThat(tgt.authTime()).isBetween(before, after);
        assertThat(tgt.startTime()).isEqualTo(tgt.authTime());
        // MIT computes end and renew-till from the request time, which may be a second before authtime
        assertThat(Duration.between(tgt.startTime(), tgt.endTime()))
                .isBetween(Duration.ofHours(10).minusSeconds(2), Duration.ofHours(10)); // max_life
        assertThat(Duration.between(tgt.startTime(), tgt.renewTill()))
                .isBetween(Duration.ofDays(1).minusSeconds(2), Duration.ofDays(1)); // renew_lifetime
        assertThat(tgt.isSkey()).isFalse();
        TicketFlags f = tgt.flags();
        assertThat(List.of(f.has(TicketFlags.FORWARDABLE), f.has(TicketFlags.RENEWABLE), f.has(TicketFlags.INITIAL),
                f.has(TicketFlags.PRE_AUTHENT), f.has(TicketFlags.PROXIABLE), f.has(TicketFlags.FORWARDED)))
                .containsExactly(true, true, true, true, false, false);
        assertThat(tgt.addresses()).isEmpty();
        assertThat(tgt.authData()).isEmpty();
        assertThat(tgt.ticket().get(0)).isEqualTo((byte) 0x61); // [APPLICATION 1] Ticket
        assertThat(tgt.secondTicket().isEmpty()).isTrue();

        // MIT stores the FAST negotiation result and the pre-auth type (2 = ENC-TIMESTAMP) before the TGT
        assertThat(cc.entries()).hasSize(3);
        assertThat(cc.entries().get(0)).isEqualTo(ConfigEntry.fastAvail(TGS));
        assertThat(cc.entries().get(1)).isEqualTo(ConfigEntry.paType(TGS, 2));
        assertThat(cc.entries().get(2)).isEqualTo(tgt);

        // byte-exact: encode, and write through a file
        assertThat(cc.encode()).isEqualTo(mitBytes);
        Path copy = kdc.dir().resolve("copy." + etype);
        cc.write(copy);
        assertThat(Files.readAllBytes(copy)).isEqualTo(mitBytes);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(copy))).isEqualTo("rw-------");
        // and the built form gives the same bytes too
        Ccache rebuilt = new Ccache(cc.defaultPrincipal(), cc.realm(), cc.credentials(), cc.configEntries(),
                Optional.empty());
        assertThat(rebuilt.encode()).isEqualTo(mitBytes);
    }

    @Test
    void klistPrintsWhatWeWrite(MitKdc kdc) throws Exception {
        Ccache mit = Ccache.read(kinit(kdc, "klistuser", "aes256-cts-hmac-sha1-96"));
        Credential tgt = mit.initialTgt().orElseThrow();
        // a hand-built service credential (the ticket bytes are the TGT's, so klist can show its enctype)
        Instant auth = Instant.parse("2031-02-03T04:05:06Z");
        Credential svc = new Credential(tgt.client(), "EXAMPLE.TEST",
                PrincipalName.of(NameType.NT_SRV_HST, "HTTP", "files.example.test"), "EXAMPLE.TEST",
                new EncryptionKey(EncType.AES256_CTS_HMAC_SHA384_192, new byte[32]), auth,
                auth.plusSeconds(60), auth.plusSeconds(3600), null, false,
                TicketFlags.of(TicketFlags.FORWARDABLE, TicketFlags.PRE_AUTHENT, TicketFlags.OK_AS_DELEGATE),
                List.of(new HostAddress(AddressType.IPV4, Bytes.of((byte) 127, (byte) 0, (byte) 0, (byte) 1))),
                List.of(), tgt.ticket(), Bytes.EMPTY);
        Ccache ours = new Ccache(mit.defaultPrincipal(), mit.realm(), List.of(tgt, svc),
                List.of(ConfigEntry.fastAvail(TGS), ConfigEntry.paType(TGS, 2), ConfigEntry.startRealm("EXAMPLE.TEST"),
                        ConfigEntry.refreshTime(Instant.ofEpochSecond(1_900_000_000L))),
                Optional.of(new KdcTimeOffset(-5, 250_000)));
        Path file = kdc.dir().resolve("ours.ccache");
        ours.write(file);

        MitKdc.Result r = kdc.run(List.of("klist", "-e", "-f", "-a", "-n", "-c", file.toString()), C_LOCALE, null);
        assertThat(r.exitCode()).as(r.toString()).isZero();
        List<String> lines = r.stdout().lines().map(String::strip).toList();
        assertThat(lines).contains("Ticket cache: FILE:" + file, "Default principal: klistuser@EXAMPLE.TEST",
                "02/03/31 04:06:06  02/03/31 05:05:06  HTTP/files.example.test@EXAMPLE.TEST",
                "Flags: FAO, Etype (skey, tkt): aes256-cts-hmac-sha384-192, aes256-cts-hmac-sha1-96",
                "Addresses: 127.0.0.1",
                // the ticket is the TGT's, so its sname differs from the credential's server
                "Ticket server: " + TGS);
        assertThat(lines).anyMatch(l -> l.endsWith("  " + TGS));
        assertThat(lines).anyMatch(l -> l.startsWith("renew until ") && l.endsWith("Flags: FRIA"));
        assertThat(r.stdout()).doesNotContain("X-CACHECONF");

        // klist -C lists the configuration entries we wrote
        MitKdc.Result conf = kdc.run(List.of("klist", "-C", "-c", file.toString()), C_LOCALE, null);
        assertThat(conf.exitCode()).as(conf.toString()).isZero();
        assertThat(conf.stdout().lines().map(String::strip).toList()).contains(
                "config: fast_avail(" + TGS + ") = yes",
                "config: pa_type(" + TGS + ") = 2",
                "config: start_realm = EXAMPLE.TEST",
                "config: refresh_time = 1900000000");

        assertThat(Ccache.read(file).encode()).isEqualTo(ours.encode());
    }

    @Test
    void mitUsesOurTgtAndAppendsToOurFile(MitKdc kdc) throws Exception {
        kdc.addService("HTTP/kvno.example.test", "aes256-cts-hmac-sha1-96:normal");
        Ccache mit = Ccache.read(kinit(kdc, "kvnouser", "aes256-cts-hmac-sha1-96"));
        Ccache ours = new Ccache(mit.defaultPrincipal(), mit.realm(), mit.credentials(), mit.configEntries(),
                Optional.of(KdcTimeOffset.ZERO));
        Path file = kdc.dir().resolve("kvno.ccache");
        ours.write(file);

        MitKdc.Result r = kdc.run(List.of("kvno", "-c", file.toString(), "HTTP/kvno.example.test"), Map.of(), null);
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.stdout()).contains("HTTP/kvno.example.test@EXAMPLE.TEST: kvno = 1");

        Ccache after = Ccache.read(file);
        Credential st = after.find(PrincipalName.of(NameType.NT_SRV_HST, "HTTP", "kvno.example.test"), "EXAMPLE.TEST")
                .orElseThrow();
        assertThat(st.client()).isEqualTo(PrincipalName.user("kvnouser"));
        assertThat(st.flags().has(TicketFlags.INITIAL)).isFalse();
        assertThat(after.encode()).isEqualTo(Files.readAllBytes(file));
        assertThat(after.initialTgt()).contains(mit.initialTgt().orElseThrow());
    }
}
