package io.kerbridge.kerberos.gss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kerbridge.kerberos.Bytes;
import io.kerbridge.kerberos.gss.AcceptException.Reason;
import java.util.Base64;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Garbage, truncated and mutated tokens, before and behind the crypto: typed refusals only. */
class TokenRobustnessTest {
    private final FakeInitiator ini = new FakeInitiator(7);

    private NegotiateAcceptor acceptor() {
        return new NegotiateAcceptor(ini.verifier().build());
    }

    /** The forged fuzz seeds must get all the way through verification, or fuzzing never reaches behind the crypto. */
    @Test
    void forgedFuzzSeedsVerifyUnderTheSeedClock() throws Exception {
        FakeInitiator seedIni = new FakeInitiator(NegotiateTokenFuzzTest.SEED_KEY);
        java.nio.file.Path dir = java.nio.file.Path.of(getClass()
                .getResource("/io/kerbridge/kerberos/gss/NegotiateTokenFuzzTestInputs/initiatorToken").toURI());
        int n = 0;
        try (var files = java.nio.file.Files.list(dir)) {
            for (var f : files.filter(p -> p.getFileName().toString().startsWith("forged-")).toList()) {
                NegotiateAcceptor a = new NegotiateAcceptor(seedIni.verifier()
                        .clock(java.time.Clock.fixed(NegotiateTokenFuzzTest.SEED_TIME, java.time.ZoneOffset.UTC)).build());
                assertThat(a.acceptToken(Bytes.wrap(java.nio.file.Files.readAllBytes(f))).context().clientName())
                        .as(f.toString()).isEqualTo("alice@FAKE.TEST");
                n++;
            }
        }
        assertThat(n).isEqualTo(5);
    }

    @Test
    void headerParsing() {
        for (String h : new String[] {null, "", "Negotiate", "Negotiate ", "Basic YWxhZGRpbjpvcGVu", "Negotiate !!!",
                "Negotiate " + "A".repeat(NegotiateAcceptor.MAX_HEADER_CHARS), "NTLM TlRMTVNTUAAB"}) {
            assertThatThrownBy(() -> acceptor().accept(h)).isInstanceOfSatisfying(AcceptException.class,
                    e -> assertThat(e.reason()).isEqualTo(Reason.MALFORMED));
        }
    }

    @Test
    void randomGarbage() {
        Random rnd = new Random(1);
        NegotiateAcceptor a = acceptor();
        for (int i = 0; i < 2000; i++) {
            byte[] b = new byte[rnd.nextInt(200)];
            rnd.nextBytes(b);
            if (b.length > 0 && rnd.nextBoolean()) {
                b[0] = (byte) (rnd.nextBoolean() ? 0x60 : 0xA1);
            }
            Mutations.run(Bytes.wrap(b), 1, i, a::acceptToken);
            String header = "Negotiate " + Base64.getEncoder().encodeToString(b);
            try {
                a.accept(header);
            } catch (AcceptException expected) {
                assertThat(expected.reason()).isNotNull();
            }
        }
    }

    @Test
    void everyTruncationOfAValidToken() {
        Bytes token = ini.req().spnegoToken();
        NegotiateAcceptor a = acceptor();
        for (int n = 0; n < token.length(); n++) {
            Bytes t = token.slice(0, n);
            assertThatThrownBy(() -> a.acceptToken(t)).isInstanceOf(AcceptException.class);
        }
    }

    @Test
    void mutatedSpnegoAndKrb5Tokens() {
        NegotiateAcceptor a = acceptor();
        Mutations.run(ini.req().spnegoToken(Oid.MS_KRB5, Oid.KRB5, Oid.NTLMSSP), 3000, 11, a::acceptToken);
        Mutations.run(ini.req().krb5Token(), 3000, 12, a::acceptToken);
    }

    /** Valid encryption around mutated plaintexts: reaches the EncTicketPart/Authenticator/checksum decoders. */
    @Test
    void mutatedPlaintextsBehindValidCrypto() {
        NegotiateAcceptor a = acceptor();
        Random rnd = new Random(13);
        FakeInitiator.Req r = ini.req();
        r.delegation = java.util.Optional.of(r.krbCred(true));
        for (int i = 0; i < 1500; i++) {
            FakeInitiator.Req q = ini.req();
            q.delegation = r.delegation;
            q.sessionKey = r.sessionKey;
            if (i % 2 == 0) {
                q.ticketPlain = b -> Mutations.mutate(b, rnd);
            } else {
                q.authPlain = b -> Mutations.mutate(b, rnd);
            }
            Mutations.run(Bytes.EMPTY, 1, i, ignored -> a.acceptToken(q.krb5Token()));
        }
    }

    @Test
    void spnegoMechanismChoice() throws Exception {
        // MS-krb5 first (Windows, Chromium): selected as spelled, reply framed with the inner OID.
        NegotiateAcceptor.Result r = acceptor().acceptToken(ini.req().spnegoToken(Oid.MS_KRB5, Oid.KRB5));
        assertThat(r.mech()).isEqualTo(Oid.MS_KRB5);
        Spnego.NegTokenResp resp = (Spnego.NegTokenResp) Spnego.decodeNegotiationToken(header(r));
        assertThat(resp.negState()).contains(Spnego.NegState.ACCEPT_COMPLETED);
        assertThat(resp.supportedMech()).contains(Oid.MS_KRB5);
        assertThat(resp.mechListMic()).isEmpty();
        assertThat(GssTokens.unframe(resp.responseToken().orElseThrow()).mech()).isEqualTo(Oid.MS_KRB5);

        // Kerberos behind NTLM would need a second round: refused; no Kerberos at all: BAD_MECH.
        assertThatThrownBy(() -> acceptor().acceptToken(ini.req().spnegoToken(Oid.NTLMSSP, Oid.KRB5)))
                .isInstanceOfSatisfying(AcceptException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.UNSUPPORTED_TOKEN));
        assertThatThrownBy(() -> acceptor().acceptToken(ini.req().spnegoToken(Oid.NTLMSSP)))
                .isInstanceOfSatisfying(AcceptException.class, e -> assertThat(e.reason()).isEqualTo(Reason.BAD_MECH));
        // A NegTokenResp from the initiator: nothing to continue.
        Bytes resp2 = Spnego.encodeResp(new Spnego.NegTokenResp(java.util.Optional.empty(), java.util.Optional.empty(),
                java.util.Optional.of(Bytes.of((byte) 1)), java.util.Optional.empty()));
        assertThatThrownBy(() -> acceptor().acceptToken(resp2)).isInstanceOfSatisfying(AcceptException.class,
                e -> assertThat(e.reason()).isEqualTo(Reason.UNSUPPORTED_TOKEN));
    }

    @Test
    void rawKrb5WithoutMutualGetsNoReply() throws Exception {
        FakeInitiator.Req q = ini.req();
        q.gssFlags = GssFlags.INTEG;
        q.apOptions = 0;
        NegotiateAcceptor.Result r = acceptor().acceptToken(q.krb5Token());
        assertThat(r.wwwAuthenticate()).isEmpty();
        assertThat(r.spnego()).isFalse();
    }

    private static Bytes header(NegotiateAcceptor.Result r) {
        String h = r.wwwAuthenticate().orElseThrow();
        return Bytes.wrap(Base64.getDecoder().decode(h.substring("Negotiate ".length())));
    }
}
