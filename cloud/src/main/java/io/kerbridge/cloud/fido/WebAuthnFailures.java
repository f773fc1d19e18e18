// W3C WebAuthn Level 2 §7.1 (registration) and §7.2 (assertion): each verification step that webauthn4j runs
// fails with its own exception; this table gives each its own stable API error code.
package io.kerbridge.cloud.fido;

import com.webauthn4j.verifier.exception.BadAlgorithmException;
import com.webauthn4j.verifier.exception.BadBackupEligibleFlagException;
import com.webauthn4j.verifier.exception.BadChallengeException;
import com.webauthn4j.verifier.exception.BadOriginException;
import com.webauthn4j.verifier.exception.BadRpIdException;
import com.webauthn4j.verifier.exception.BadSignatureException;
import com.webauthn4j.verifier.exception.BadTopOriginException;
import com.webauthn4j.verifier.exception.CrossOriginException;
import com.webauthn4j.verifier.exception.CredentialIdTooLongException;
import com.webauthn4j.verifier.exception.IllegalBackupStateException;
import com.webauthn4j.verifier.exception.InconsistentClientDataTypeException;
import com.webauthn4j.verifier.exception.MaliciousCounterValueException;
import com.webauthn4j.verifier.exception.MissingChallengeException;
import com.webauthn4j.verifier.exception.NotAllowedAlgorithmException;
import com.webauthn4j.verifier.exception.NotAllowedCredentialIdException;
import com.webauthn4j.verifier.exception.UserNotPresentException;
import com.webauthn4j.verifier.exception.UserNotVerifiedException;
import com.webauthn4j.verifier.exception.VerificationException;
import io.kerbridge.cloud.ApiException;
import java.util.List;

/** Maps a webauthn4j verification failure to an {@link ApiException} with a code that names the failed step. */
final class WebAuthnFailures {
    private record Rule(Class<? extends VerificationException> type, String code, String message) {}

    private static final List<Rule> RULES = List.of(
            new Rule(InconsistentClientDataTypeException.class, "wrong_client_data_type",
                    "clientDataJSON.type is not the one of this ceremony (§7.1 step 7, §7.2 step 10)"),
            new Rule(BadChallengeException.class, "wrong_challenge",
                    "the client data's challenge is not the expected one (§7.1 step 8, §7.2 step 11)"),
            new Rule(MissingChallengeException.class, "wrong_challenge", "the client data carries no challenge"),
            new Rule(BadOriginException.class, "wrong_origin",
                    "the client data's origin is not one of this service's https origins (§7.1 step 9, §7.2 step 12)"),
            new Rule(CrossOriginException.class, "wrong_origin", "cross-origin (iframe) use is not allowed"),
            new Rule(BadTopOriginException.class, "wrong_origin", "cross-origin (iframe) use is not allowed"),
            new Rule(BadRpIdException.class, "wrong_rp_id",
                    "the authenticator data's rpIdHash is not this service's RP ID (§7.1 step 12, §7.2 step 15)"),
            new Rule(UserNotPresentException.class, "user_not_present",
                    "the authenticator did not report user presence (UP) (§7.1 step 13, §7.2 step 16)"),
            new Rule(UserNotVerifiedException.class, "user_not_verified",
                    "the authenticator did not verify the user (UV flag; PIN or biometrics required) (§7.1 step 14,"
                            + " §7.2 step 17)"),
            new Rule(NotAllowedAlgorithmException.class, "unsupported_algorithm",
                    "the key's algorithm is not ES256 or RS256 (§7.1 step 15)"),
            new Rule(BadAlgorithmException.class, "unsupported_algorithm", "the key's algorithm is not usable"),
            new Rule(CredentialIdTooLongException.class, "malformed_credential", "the credential id is too long"),
            new Rule(NotAllowedCredentialIdException.class, "unknown_credential",
                    "the credential is not one of the allowed credentials (§7.2 step 5)"),
            new Rule(BadBackupEligibleFlagException.class, "backup_flags_changed",
                    "the authenticator's backup-eligible flag differs from registration (§7.2 step 19)"),
            new Rule(IllegalBackupStateException.class, "backup_flags_changed",
                    "the authenticator reports backup state without backup eligibility (§7.2 step 18)"),
            new Rule(BadSignatureException.class, "bad_signature",
                    "the assertion signature does not verify with the registered public key (§7.2 step 21)"),
            new Rule(MaliciousCounterValueException.class, "counter_regression",
                    "the signature counter did not increase: a replayed assertion or a cloned key (§7.2 step 22)"));

    private WebAuthnFailures() {}

    /** The API error for a failed step; {@code status} is 400 for registration and 401 for sign-in. */
    static ApiException of(VerificationException e, int status) {
        for (Rule r : RULES) {
            if (r.type().isInstance(e)) {
                return new ApiException(status, r.code(), r.message());
            }
        }
        return new ApiException(status, "verification_failed", "the WebAuthn response does not verify");
    }
}
