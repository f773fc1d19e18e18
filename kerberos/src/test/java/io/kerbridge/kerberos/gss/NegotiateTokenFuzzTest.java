package io.kerbridge.kerberos.gss;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.kerbridge.kerberos.Bytes;
import io.kerbridge.kerberos.msg.KrbCodec;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * Jazzer targets for the token decoders an HTTP server exposes to anyone. Without JAZZER_FUZZ they run in
 * regression mode over {@code src/test/resources/io/kerbridge/kerberos/gss/NegotiateTokenFuzzTestInputs/<method>/}
 * (written by {@link SeedCorpusGenerator}). Properties: every input is accepted or refused with an
 * {@link AcceptException}; what decodes re-encodes to something that decodes the same; nothing takes long.
 * The forged seeds verify under {@link #SEED_TIME} with the {@link FakeInitiator} key of seed
 * {@link #SEED_KEY}, so mutations reach the decoders behind the crypto too.
 */
class NegotiateTokenFuzzTest {
    static final Instant SEED_TIME = Instant.parse("2026-11-25T10:00:00Z");
    static final long SEED_KEY = 20261125;
    private static final long MAX_NANOS = 2_000_000_000L;
    private static final FakeInitiator INI = new FakeInitiator(SEED_KEY);

    static {
        // Class loading and JCE initialisation under Jazzer's instrumentation take seconds: not the decoder's time.
        try {
            new NegotiateAcceptor(INI.verifier().clock(Clock.fixed(SEED_TIME, ZoneOffset.UTC)).build())
                    .acceptToken(INI.req(SEED_TIME).spnegoToken());
        } catch (AcceptException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @FuzzTest(maxDuration = "2m")
    void initiatorToken(byte[] data) {
        long start = System.nanoTime();
        Bytes in = Bytes.of(data);
        try {
            NegotiateAcceptor.InitiatorToken t = NegotiateAcceptor.decode(in);
            Bytes apReq = KrbCodec.encodeApReq(t.krb5().apReq());
            GssTokens.Krb5ApReq again = GssTokens.decodeKrb5ApReq(GssTokens.encodeKrb5ApReq(t.krb5().mech(), apReq));
            assertThat(KrbCodec.encodeApReq(again.apReq())).isEqualTo(apReq);
            NegotiateAcceptor a = new NegotiateAcceptor(
                    INI.verifier().clock(Clock.fixed(SEED_TIME, ZoneOffset.UTC)).build());
            NegotiateAcceptor.Result r = a.acceptToken(in);
            assertThat(r.context().clientName()).isNotEmpty();
        } catch (AcceptException refused) {
            assertThat(refused.reason()).isNotNull();
        }
        assertThat(System.nanoTime() - start).isLessThan(MAX_NANOS);
    }

    @FuzzTest(maxDuration = "2m")
    void negotiationToken(byte[] data) {
        long start = System.nanoTime();
        try {
            Spnego.NegotiationToken t = Spnego.decodeNegotiationToken(Bytes.of(data));
            if (t instanceof Spnego.NegTokenResp resp) {
                assertThat(Spnego.decodeNegotiationToken(Spnego.encodeResp(resp))).isEqualTo(resp);
            } else if (t instanceof Spnego.NegTokenInit init) {
                assertThat(Spnego.decodeInitial(Spnego.encodeInitial(init))).isEqualTo(init);
            }
        } catch (AcceptException refused) {
            assertThat(refused.reason()).isNotNull();
        }
        assertThat(System.nanoTime() - start).isLessThan(MAX_NANOS);
    }
}
