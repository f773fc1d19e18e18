package io.kerbridge.cloud.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.kerbridge.cloud.ApiException;
import io.kerbridge.cloud.device.BcryptRsaKeyBlob;
import io.kerbridge.cloud.prt.CompactJws;
import io.kerbridge.cloud.prt.FormBody;
import io.kerbridge.cloud.prt.OAuthException;
import io.kerbridge.cloud.prt.PrtError;
import io.kerbridge.kerberos.phs.PasswordHashSync;
import java.security.interfaces.RSAPublicKey;

/**
 * Jazzer targets for the cloud's own decoders of untrusted input (the brief: every decoder bounded and fuzzed):
 * the BCRYPT_RSAKEY_BLOB of Hello and transport keys, the OAuth form body of the token endpoint, the compact JWS of
 * PRT requests and Hello assertions, and the password hash sync verifier. Each either decodes or refuses with its
 * typed 4xx error — never another exception. In the test command they run their seeds (regression mode); a campaign:
 * {@code JAZZER_FUZZ=1 mvn -pl kerberos,cloud test -Dtest=CloudDecodersFuzzTest}.
 */
class CloudDecodersFuzzTest {
    @FuzzTest(maxDuration = "30s")
    void bcryptBlob(byte[] data) {
        try {
            RSAPublicKey k = BcryptRsaKeyBlob.decode(data);
            assertThat(BcryptRsaKeyBlob.decode(BcryptRsaKeyBlob.encode(k))).isEqualTo(k);
        } catch (ApiException e) {
            assertThat(e.status()).isEqualTo(400);
        }
    }

    @FuzzTest(maxDuration = "30s")
    void formBody(byte[] data) {
        try {
            FormBody.parse(data);
        } catch (OAuthException e) {
            assertThat(e.status()).isBetween(400, 499);
        }
    }

    @FuzzTest(maxDuration = "30s")
    void compactJws(FuzzedDataProvider in) {
        try {
            CompactJws.parse(in.consumeRemainingAsString(), PrtError.MALFORMED_REQUEST, "request");
        } catch (OAuthException e) {
            assertThat(e.status()).isBetween(400, 499);
        }
    }

    @FuzzTest(maxDuration = "30s")
    void passwordHashSync(FuzzedDataProvider in) {
        String password = in.consumeString(64);
        String verifier = in.consumeRemainingAsString();
        if (PasswordHashSync.matches(password.toCharArray(), verifier)) {
            assertThat(PasswordHashSync.wellFormed(verifier)).isTrue();
        }
    }
}
