package io.kerbridge.kerberos.gss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kerbridge.kerberos.Bytes;
import io.kerbridge.kerberos.file.Keytab;
import io.kerbridge.kerberos.gss.AcceptException.Reason;
import io.kerbridge.kerberos.testing.MitKdc;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.security.auth.Subject;
import javax.security.auth.login.AppConfigurationEntry;
import javax.security.auth.login.Configuration;
import javax.security.auth.login.LoginContext;
import org.ietf.jgss.GSSContext;
import org.ietf.jgss.GSSManager;
import org.ietf.jgss.GSSName;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Real initiators (curl, python-gssapi over MIT libgssapi_krb5, JDK JGSS) against a plain-HTTP server that
 * uses {@link NegotiateAcceptor}, with tickets from a private MIT KDC.
 */
@ExtendWith(MitKdc.Extension.class)
class NegotiateInteropTest {
    static final String HOST = "gss.example.test";
    static final String OTHER_HOST = "gss-other.example.test";
    static final String USER = "gss-alice";
    static final String PASSWORD = "gss Passw0rd!";

    static MitKdc kdc;
    static Path ccache;
    static Path script;
    static Keytab keytab;
    static NegotiateAcceptor acceptor;
    static NegotiateTestServer server;

    @BeforeAll
    static void setUp(MitKdc k) throws Exception {
        kdc = k;
        kdc.addUser(USER, PASSWORD);
        kdc.addService("HTTP/" + HOST);
        kdc.addService("HTTP/" + OTHER_HOST);
        keytab = Keytab.read(kdc.exportKeytab("gss-http.keytab", "HTTP/" + HOST));
        ccache = kdc.dir().resolve("cc.gss");
        MitKdc.Result kinit = kdc.run(List.of("kinit", "-f", "-c", "FILE:" + ccache, USER), Map.of(), PASSWORD + "\n");
        assertThat(kinit.ok()).as(kinit.toString()).isTrue();
        script = kdc.dir().resolve("gss-initiator.py");
        try (var in = NegotiateInteropTest.class.getResourceAsStream("/gss/initiator.py")) {
            Files.write(script, in.readAllBytes());
        }
        acceptor = new NegotiateAcceptor(ApReqVerifier.builder(keytab).build());
        server = new NegotiateTestServer(acceptor);
    }

    @AfterAll
    static void tearDown() {
        if (server != null) {
            server.close();
        }
    }

    static Map<String, String> env() {
        return Map.of("KRB5CCNAME", "FILE:" + ccache);
    }

    static MitKdc.Result curl(String... extra) {
        List<String> cmd = new ArrayList<>(List.of("curl", "-sS", "-f", "--negotiate", "-u", ":", "--noproxy", "*",
                "--resolve", HOST + ":" + server.port() + ":127.0.0.1"));
        cmd.addAll(List.of(extra));
        cmd.add("http://" + HOST + ":" + server.port() + "/whoami");
        return kdc.run(cmd, env(), null);
    }

    static MitKdc.Result python(String... args) {
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/python3", script.toString()));
        cmd.addAll(List.of(args));
        return kdc.run(cmd, env(), null);
    }

    /** A fresh initial token from MIT's GSS library for HTTP@host, base64. */
    static Bytes mitToken(String host, String mech) {
        MitKdc.Result r = python("token", host, mech);
        assertThat(r.ok()).as(r.toString()).isTrue();
        return Bytes.wrap(Base64.getDecoder().decode(r.stdout().strip()));
    }

    @Test
    void curlSpnegoWithMutualAuthentication() throws Exception {
        server.clear();
        MitKdc.Result r = curl();
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.stdout()).isEqualTo("hello gss-alice@EXAMPLE.TEST");
        NegotiateAcceptor.Result seen = server.next().result().orElseThrow();
        assertThat(seen.spnego()).isTrue();
        assertThat(seen.mech()).isEqualTo(Oid.KRB5);
        assertThat(seen.context().gssFlags().mutual()).isTrue();
        assertThat(seen.context().server().components()).containsExactly("HTTP", HOST);
        assertThat(seen.context().delegated()).isEmpty();
        // MIT 1.20+ KDCs put a PAC in service tickets; its server signature was verified with the keytab key.
        assertThat(seen.context().pac()).isPresent();
        assertThat(seen.wwwAuthenticate()).hasValueSatisfying(h -> assertThat(h).startsWith("Negotiate "));
    }

    /**
     * curl does not pass the token of a 200 response to gss_init_sec_context (curl KNOWN_BUGS, curl issue
     * #5235), so it cannot notice a bad AP-REP; MIT's library does, through python-gssapi.
     */
    @Test
    void mitInitiatorRefusesACorruptedMutualAuthenticationReply() throws Exception {
        server.clear();
        server.corruptReply = true;
        try {
            MitKdc.Result r = python("http", "http://127.0.0.1:" + server.port() + "/", HOST, "krb5");
            assertThat(r.exitCode()).as("MIT must check the AP-REP: " + r).isNotZero();
            assertThat(r.stdout()).contains("STATUS 200").doesNotContain("COMPLETE True");
        } finally {
            server.corruptReply = false;
        }
    }

    @Test
    void curlDelegatesCredentials() throws Exception {
        server.clear();
        MitKdc.Result r = curl("--delegation", "always");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        AcceptedContext ctx = server.next().result().orElseThrow().context();
        assertThat(ctx.gssFlags().delegation()).isTrue();
        DelegatedCredentials d = ctx.delegated().orElseThrow();
        assertThat(d.tickets()).hasSize(1);
        assertThat(d.tickets().get(0).sname().isKrbtgt()).isTrue();
        assertThat(d.encPart().ticketInfo().get(0).pname().orElseThrow().components()).containsExactly(USER);
    }

    @Test
    void pythonGssapiRawKrb5AndSpnego() throws Exception {
        for (String mech : List.of("krb5", "spnego")) {
            server.clear();
            MitKdc.Result r = python("http", "http://127.0.0.1:" + server.port() + "/", HOST, mech);
            assertThat(r.exitCode()).as(r.toString()).isZero();
            assertThat(r.stdout()).contains("STATUS 200", "BODY hello gss-alice@EXAMPLE.TEST", "COMPLETE True");
            NegotiateAcceptor.Result seen = server.next().result().orElseThrow();
            assertThat(seen.spnego()).isEqualTo(mech.equals("spnego"));
        }
    }

    @Test
    void jdkJgssSpnegoInitiator() throws Exception {
        // JGSS caches its krb5.conf per JVM; refreshKrb5Config below makes the login module reread it.
        String previous = System.setProperty("java.security.krb5.conf", kdc.krb5Conf().toString());
        try {
            jdkInitiator();
        } finally {
            if (previous == null) {
                System.clearProperty("java.security.krb5.conf");
            } else {
                System.setProperty("java.security.krb5.conf", previous);
            }
        }
    }

    private void jdkInitiator() throws Exception {
        Configuration jaas = new Configuration() {
            @Override
            public AppConfigurationEntry[] getAppConfigurationEntry(String name) {
                return new AppConfigurationEntry[] {new AppConfigurationEntry(
                        "com.sun.security.auth.module.Krb5LoginModule",
                        AppConfigurationEntry.LoginModuleControlFlag.REQUIRED,
                        Map.of("useTicketCache", "true", "ticketCache", ccache.toString(), "doNotPrompt", "true",
                                "refreshKrb5Config", "true", "principal", USER + "@" + MitKdc.REALM))};
            }
        };
        LoginContext lc = new LoginContext("gss-interop", new Subject(), null, jaas);
        lc.login();
        server.clear();
        Boolean established = Subject.callAs(lc.getSubject(), () -> {
            GSSManager m = GSSManager.getInstance();
            GSSName name = m.createName("HTTP@" + HOST, GSSName.NT_HOSTBASED_SERVICE);
            GSSContext c = m.createContext(name, new org.ietf.jgss.Oid("1.3.6.1.5.5.2"), null,
                    GSSContext.DEFAULT_LIFETIME);
            c.requestMutualAuth(true);
            byte[] token = c.initSecContext(new byte[0], 0, 0);
            HttpResponse<String> resp = HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY).build().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/"))
                            .header("Authorization", "Negotiate " + Base64.getEncoder().encodeToString(token))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(resp.statusCode()).isEqualTo(200);
            assertThat(resp.body()).isEqualTo("hello gss-alice@EXAMPLE.TEST");
            String reply = resp.headers().firstValue("WWW-Authenticate").orElseThrow();
            byte[] rep = Base64.getDecoder().decode(reply.substring("Negotiate ".length()));
            byte[] out = c.initSecContext(rep, 0, rep.length);
            assertThat(out == null || out.length == 0).as("no further token").isTrue();
            return c.isEstablished() && c.getMutualAuthState();
        });
        assertThat(established).isTrue();
        NegotiateAcceptor.Result seen = server.next().result().orElseThrow();
        assertThat(seen.spnego()).isTrue();
        assertThat(seen.context().clientName()).isEqualTo("gss-alice@EXAMPLE.TEST");
        lc.logout();
    }

    @Test
    void replayOfARealTokenIsRefused() throws Exception {
        Bytes token = mitToken(HOST, "spnego");
        NegotiateAcceptor a = new NegotiateAcceptor(ApReqVerifier.builder(keytab).build());
        assertThat(a.acceptToken(token).context().clientName()).isEqualTo("gss-alice@EXAMPLE.TEST");
        assertThatThrownBy(() -> a.acceptToken(token)).isInstanceOfSatisfying(AcceptException.class,
                e -> assertThat(e.reason()).isEqualTo(Reason.REPLAY));
    }

    @Test
    void tokenForAnotherServiceIsWrongServer() {
        Bytes token = mitToken(OTHER_HOST, "krb5");
        assertThatThrownBy(() -> acceptor.acceptToken(token)).isInstanceOfSatisfying(AcceptException.class,
                e -> assertThat(e.reason()).isEqualTo(Reason.WRONG_SERVER));
    }

    @Test
    void realTokenUnderASkewedClock() throws Exception {
        Bytes token = mitToken(HOST, "krb5");
        Instant now = Instant.now();
        for (Instant at : List.of(now.plusSeconds(600), now.minusSeconds(600), now.plusSeconds(86_400 * 2))) {
            NegotiateAcceptor a = new NegotiateAcceptor(ApReqVerifier.builder(keytab)
                    .clock(Clock.fixed(at, ZoneOffset.UTC)).build());
            assertThatThrownBy(() -> a.acceptToken(token)).isInstanceOfSatisfying(AcceptException.class,
                    e -> assertThat(e.reason()).isEqualTo(Reason.SKEW));
        }
        assertThat(new NegotiateAcceptor(ApReqVerifier.builder(keytab).build()).acceptToken(token)).isNotNull();
    }

    /** A real ticket whose PAC was altered (and re-encrypted with the service key): the server signature fails. */
    @Test
    void tamperedPacInARealTicketIsRefused() throws Exception {
        io.kerbridge.kerberos.msg.ApReq req = GssTokens.decodeKrb5ApReq(mitToken(HOST, "krb5")).apReq();
        var enc = req.ticket().encPart();
        var key = ServiceKeys.of(keytab).key(req.ticket().sname(), req.ticket().realm(), enc.kvno(), enc.etype())
                .orElseThrow();
        var et = io.kerbridge.kerberos.crypto.Enctypes.get(key.type());
        byte[] plain = et.decrypt(key, io.kerbridge.kerberos.types.KeyUsage.KDC_REP_TICKET, enc.cipher()).toByteArray();
        Bytes pac = io.kerbridge.kerberos.pac.TicketPac.extract(Bytes.wrap(plain));
        int at = indexOf(plain, pac.toByteArray());
        plain[at + 8] ^= 0x01; // the first PAC_INFO_BUFFER's type: still parses, no longer what was signed
        var forged = new io.kerbridge.kerberos.msg.Ticket(req.ticket().realm(), req.ticket().sname(),
                new io.kerbridge.kerberos.msg.EncryptedData(enc.etype(), enc.kvno(), et.encrypt(key,
                        io.kerbridge.kerberos.types.KeyUsage.KDC_REP_TICKET, Bytes.wrap(plain),
                        new java.security.SecureRandom())));
        var bad = new io.kerbridge.kerberos.msg.ApReq(req.apOptions(), forged, req.authenticator());
        assertThatThrownBy(() -> ApReqVerifier.builder(keytab).build().verify(bad))
                .isInstanceOfSatisfying(AcceptException.class, e -> assertThat(e.reason()).isEqualTo(Reason.BAD_PAC));
        assertThat(ApReqVerifier.builder(keytab).build().verify(req).pac()).isPresent();
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("PAC not found in the EncTicketPart");
    }

    /** Adds MIT-made tokens to the fuzz seed corpus; see {@link SeedCorpusGenerator}. */
    @Test
    @org.junit.jupiter.api.condition.EnabledIfSystemProperty(named = "gss.writeSeeds", matches = ".+")
    void writeMitSeeds() throws Exception {
        Path dir = Files.createDirectories(Path.of(System.getProperty("gss.writeSeeds"),
                "NegotiateTokenFuzzTestInputs", "initiatorToken"));
        Files.write(dir.resolve("mit-spnego"), mitToken(HOST, "spnego").toByteArray());
        Files.write(dir.resolve("mit-raw-krb5"), mitToken(HOST, "krb5").toByteArray());
    }

    @Test
    void mutatedRealTokensOnlyEverGiveTypedRefusals() {
        Bytes token = mitToken(HOST, "spnego");
        NegotiateAcceptor a = new NegotiateAcceptor(ApReqVerifier.builder(keytab).build());
        int accepted = Mutations.run(token, 3000, 7, t -> a.acceptToken(t));
        assertThat(accepted).isLessThanOrEqualTo(3000);
    }
}
