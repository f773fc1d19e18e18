package io.kerbridge.kerberos.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kerbridge.kerberos.Bytes;
import io.kerbridge.kerberos.types.AuthorizationDataEntry;
import io.kerbridge.kerberos.types.AuthzDataType;
import io.kerbridge.kerberos.types.EncType;
import io.kerbridge.kerberos.types.EncryptionKey;
import io.kerbridge.kerberos.types.NameType;
import io.kerbridge.kerberos.types.PrincipalName;
import io.kerbridge.kerberos.types.TicketFlags;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CcacheTest {
    static final PrincipalName ALICE = PrincipalName.user("alice");
    static final String TGS = "krbtgt/EXAMPLE.TEST@EXAMPLE.TEST";

    static byte[] resource(String name) throws Exception {
        try (InputStream in = CcacheTest.class.getResourceAsStream("/file/" + name)) {
            return in.readAllBytes();
        }
    }

    static Credential cred(PrincipalName server, Instant end) {
        Instant auth = Instant.parse("2030-01-01T00:00:00Z");
        return new Credential(ALICE, "EXAMPLE.TEST", server, "EXAMPLE.TEST",
                new EncryptionKey(EncType.AES256_CTS_HMAC_SHA1_96, new byte[32]), auth, null, end,
                Instant.parse("2106-02-07T06:28:15Z"), true, TicketFlags.of(TicketFlags.FORWARDABLE),
                List.of(), List.of(new AuthorizationDataEntry(AuthzDataType.AD_IF_RELEVANT, Bytes.fromHex("3000"))),
                Bytes.fromHex("6100"), Bytes.fromHex("6101"));
    }

    @Test
    void mitFileWithTwoTicketsRoundTripsByteExactly() throws Exception {
        byte[] mit = resource("mit-kinit-kvno.ccache");
        Ccache cc = Ccache.decode(mit);
        assertThat(cc.credentials()).extracting(c -> c.server().toString())
                .containsExactly("krbtgt/EXAMPLE.TEST", "HTTP/localhost");
        assertThat(cc.configEntries()).containsExactly(ConfigEntry.fastAvail(TGS), ConfigEntry.paType(TGS, 2));
        assertThat(cc.find(PrincipalName.parse("HTTP/localhost"), "EXAMPLE.TEST")).isPresent();
        assertThat(cc.find(PrincipalName.parse("HTTP/other"), "EXAMPLE.TEST")).isEmpty();
        assertThat(cc.encode()).isEqualTo(mit);
    }

    @Test
    void builtCacheRoundTripsAndKeepsOrder(@TempDir Path dir) throws Exception {
        Credential tgt = cred(PrincipalName.krbtgt("EXAMPLE.TEST"), Instant.parse("2030-01-01T10:00:00Z"));
        Ccache cc = new Ccache(ALICE, "EXAMPLE.TEST", List.of(tgt), List.of(ConfigEntry.startRealm("EXAMPLE.TEST")),
                Optional.of(new KdcTimeOffset(-3, 999_999)));
        Path f = dir.resolve("cc");
        cc.write(f);
        Ccache back = Ccache.read(f);
        assertThat(back.entries()).containsExactly(ConfigEntry.startRealm("EXAMPLE.TEST"), tgt);
        assertThat(back.kdcTimeOffset()).contains(new KdcTimeOffset(-3, 999_999));
        assertThat(back.encode()).isEqualTo(cc.encode());
        assertThat(back.credentials().get(0).renewTill()).isEqualTo(Instant.ofEpochSecond(0xFFFF_FFFFL));
        assertThat(back.credentials().get(0).startTime()).isNull();
        assertThat(back.credentials().get(0).validFrom()).isEqualTo(tgt.authTime());
    }

    @Test
    void withCredentialReplacesInPlaceOrAppends() throws Exception {
        Credential tgt = cred(PrincipalName.krbtgt("EXAMPLE.TEST"), Instant.parse("2030-01-01T10:00:00Z"));
        Ccache cc = new Ccache(ALICE, "EXAMPLE.TEST", List.of(tgt), List.of(ConfigEntry.paType(TGS, 2)), Optional.empty());
        Credential newer = cred(PrincipalName.krbtgt("EXAMPLE.TEST"), Instant.parse("2030-01-02T10:00:00Z"));
        Credential svc = cred(PrincipalName.parse("HTTP/a"), Instant.parse("2030-01-01T10:00:00Z"));
        Ccache next = cc.withCredential(newer).withCredential(svc).withConfig(ConfigEntry.paType(TGS, 138))
                .withConfig(ConfigEntry.fastAvail(TGS));
        assertThat(next.entries()).containsExactly(ConfigEntry.paType(TGS, 138), newer, svc, ConfigEntry.fastAvail(TGS));
        assertThat(next.config(ConfigEntry.PA_TYPE, TGS).orElseThrow().valueAsString()).isEqualTo("138");
        assertThat(cc.entries()).hasSize(2); // unchanged
        assertThat(next.withKdcTimeOffset(new KdcTimeOffset(7, 0)).kdcTimeOffset()).contains(new KdcTimeOffset(7, 0));
    }

    @Test
    void aConfigLikeEntryThatIsNotInMitFormIsKeptAsACredential() throws Exception {
        Credential odd = new ConfigEntry("x", null, Bytes.ascii("v")).toCredential(ALICE, "EXAMPLE.TEST");
        odd = new Credential(odd.client(), odd.clientRealm(), odd.server(), odd.serverRealm(), odd.key(),
                odd.authTime(), odd.startTime(), Instant.ofEpochSecond(5), odd.renewTill(), false, odd.flags(),
                odd.addresses(), odd.authData(), odd.ticket(), odd.secondTicket());
        Ccache cc = new Ccache(ALICE, "EXAMPLE.TEST", List.of(odd), List.of(), Optional.empty());
        Ccache back = Ccache.decode(cc.encode());
        assertThat(back.configEntries()).isEmpty();
        assertThat(back.credentials()).containsExactly(odd);
        assertThat(back.credentials().get(0).isConfigEntry()).isTrue();
        assertThat(back.encode()).isEqualTo(cc.encode());
    }

    @Test
    void readsAndWritesVersion3() throws Exception {
        ByteBuffer b = ByteBuffer.allocate(512);
        b.putShort((short) 0x0503);
        principal(b, 1, "EXAMPLE.TEST", "alice");
        principal(b, 1, "EXAMPLE.TEST", "alice");
        principal(b, 2, "EXAMPLE.TEST", "krbtgt", "EXAMPLE.TEST");
        int secondEnctypeAt = b.position() + 2;
        b.putShort((short) 17).putShort((short) 17).putInt(16).put(new byte[16]);
        b.putInt(100).putInt(0).putInt(200).putInt(0).put((byte) 0).putInt(0x40000000);
        b.putInt(0).putInt(0).putInt(2).put(new byte[] {0x61, 0}).putInt(0);
        byte[] v3 = java.util.Arrays.copyOf(b.array(), b.position());

        Ccache cc = Ccache.decode(v3);
        assertThat(cc.version()).isEqualTo(Ccache.VERSION_3);
        assertThat(cc.kdcTimeOffset()).isEmpty();
        assertThat(cc.initialTgt().orElseThrow().key().type()).isEqualTo(EncType.AES128_CTS_HMAC_SHA1_96);
        assertThat(cc.encode()).isEqualTo(v3);

        v3[secondEnctypeAt + 1] = 18; // the two enctypes differ
        assertThatThrownBy(() -> Ccache.decode(v3)).isInstanceOf(KerberosFileException.class);
    }

    @Test
    void timesBeyondTheFormatAreRejectedOnWrite() {
        Credential c = cred(PrincipalName.parse("HTTP/a"), Instant.parse("2107-01-01T00:00:00Z"));
        Ccache cc = new Ccache(ALICE, "EXAMPLE.TEST", List.of(c), List.of(), Optional.empty());
        assertThatThrownBy(cc::encode).isInstanceOfSatisfying(KerberosFileException.class,
                e -> assertThat(e.reason()).isEqualTo(KerberosFileException.Reason.NOT_ENCODABLE));
    }

    @Test
    void writeReplacesAtomicallyAndLeavesNoTempFiles(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("cc");
        Files.writeString(f, "old");
        Ccache cc = new Ccache(ALICE, "EXAMPLE.TEST", List.of(), List.of(), Optional.empty());
        cc.write(f);
        assertThat(Files.readAllBytes(f)).isEqualTo(cc.encode());
        try (var s = Files.list(dir)) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactly("cc");
        }
    }

    @Test
    void nameTypesAndUnicodeSurvive() throws Exception {
        PrincipalName ent = PrincipalName.of(NameType.NT_ENTERPRISE, "bj\u00f6rn@example.test");
        PrincipalName ms = PrincipalName.of(NameType.NT_MS_PRINCIPAL, "x");
        Ccache cc = new Ccache(ent, "EXAMPLE.TEST", List.of(cred(ms, Instant.EPOCH)), List.of(), Optional.empty());
        Ccache back = Ccache.decode(cc.encode());
        assertThat(back.defaultPrincipal()).isEqualTo(ent);
        assertThat(back.credentials().get(0).server()).isEqualTo(ms);
    }

    private static void principal(ByteBuffer b, int type, String realm, String... comps) {
        b.putInt(type).putInt(comps.length);
        byte[] r = realm.getBytes(StandardCharsets.UTF_8);
        b.putInt(r.length).put(r);
        for (String c : comps) {
            byte[] x = c.getBytes(StandardCharsets.UTF_8);
            b.putInt(x.length).put(x);
        }
    }
}
