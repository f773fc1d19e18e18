package io.kerbridge.kerberos.gss;

import io.kerbridge.kerberos.Bytes;
import io.kerbridge.kerberos.gss.Spnego.NegState;
import io.kerbridge.kerberos.gss.Spnego.NegTokenResp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Writes the forged part of the {@link NegotiateTokenFuzzTest} seed corpus. Run on demand:
 * {@code -Dtest=SeedCorpusGenerator -Dgss.writeSeeds=kerberos/src/test/resources/io/kerbridge/kerberos/gss}.
 * The mit-* seeds are tokens MIT's libgssapi_krb5 (python-gssapi, curl) produced against the test KDC.
 */
@EnabledIfSystemProperty(named = "gss.writeSeeds", matches = ".+")
class SeedCorpusGenerator {
    @Test
    void write() throws Exception {
        Path base = Path.of(System.getProperty("gss.writeSeeds"), "NegotiateTokenFuzzTestInputs");
        Path init = Files.createDirectories(base.resolve("initiatorToken"));
        Path neg = Files.createDirectories(base.resolve("negotiationToken"));
        FakeInitiator ini = new FakeInitiator(NegotiateTokenFuzzTest.SEED_KEY);
        Files.write(init.resolve("forged-spnego-krb5"),
                ini.req(NegotiateTokenFuzzTest.SEED_TIME).spnegoToken().toByteArray());
        Files.write(init.resolve("forged-spnego-mskrb5-first"), ini.req(NegotiateTokenFuzzTest.SEED_TIME)
                .spnegoToken(Oid.MS_KRB5, Oid.KRB5, Oid.NTLMSSP).toByteArray());
        Files.write(init.resolve("forged-raw-krb5"), ini.req(NegotiateTokenFuzzTest.SEED_TIME).krb5Token().toByteArray());
        FakeInitiator.Req d = ini.req(NegotiateTokenFuzzTest.SEED_TIME);
        d.delegation = Optional.of(d.krbCred(true));
        Files.write(init.resolve("forged-raw-krb5-delegation"), d.krb5Token().toByteArray());
        FakeInitiator.Req p = ini.req(NegotiateTokenFuzzTest.SEED_TIME);
        p.delegation = Optional.of(p.krbCred(false));
        p.subkey = false;
        Files.write(init.resolve("forged-raw-krb5-plain-krbcred-no-subkey"), p.krb5Token().toByteArray());

        Files.write(neg.resolve("negtokenresp-accept-completed"), Spnego.encodeResp(new NegTokenResp(
                Optional.of(NegState.ACCEPT_COMPLETED), Optional.of(Oid.KRB5),
                Optional.of(GssTokens.encodeKrb5ApRep(Oid.KRB5, Bytes.ascii("x"))), Optional.empty())).toByteArray());
        Files.write(neg.resolve("negtokenresp-request-mic"), Spnego.encodeResp(new NegTokenResp(
                Optional.of(NegState.REQUEST_MIC), Optional.of(Oid.MS_KRB5), Optional.empty(),
                Optional.of(Bytes.ascii("mic")))).toByteArray());
        // NegTokenInit2 as a Windows acceptor sends it (MS-SPNG 2.2.1): negHints in [3].
        Files.write(neg.resolve("negtokeninit2-neghints"), Base64.getDecoder().decode(
                "oEkwR6AZMBcGCSqGSIb3EgECAgYKKwYBBAGCNwICCqMqMCigJhskbm90X2RlZmluZWRfaW5fUkZDNDE3OEBwbGVhc2VfaWdub3Jl"));
        var spnego = GssTokens.unframe(ini.req(NegotiateTokenFuzzTest.SEED_TIME).spnegoToken(Oid.MS_KRB5, Oid.KRB5));
        Files.write(neg.resolve("negtokeninit-forged"), spnego.inner().toByteArray());
    }
}
