// W3C WebAuthn Level 2 §5.5 (PublicKeyCredentialRequestOptions) and §7.2 (Verifying an Authentication
// Assertion), with webauthn4j-core running steps 10-22; protocol-notes §2.1 and §3.2 (the assertion signs the PRT
// request_nonce: the challenge is the nonce's UTF-8 bytes).
package io.kerbridge.cloud.fido;

import com.webauthn4j.WebAuthnManager;
import com.webauthn4j.converter.AttestedCredentialDataConverter;
import com.webauthn4j.converter.util.ObjectConverter;
import com.webauthn4j.credential.CredentialRecord;
import com.webauthn4j.credential.CredentialRecordImpl;
import com.webauthn4j.data.AuthenticationData;
import com.webauthn4j.data.AuthenticationParameters;
import com.webauthn4j.data.AuthenticationRequest;
import com.webauthn4j.data.AuthenticatorTransport;
import com.webauthn4j.data.attestation.statement.NoneAttestationStatement;
import com.webauthn4j.data.client.challenge.DefaultChallenge;
import com.webauthn4j.server.ServerProperty;
import com.webauthn4j.verifier.exception.VerificationException;
import io.kerbridge.cloud.ApiException;
import io.kerbridge.cloud.store.CloudStore;
import io.kerbridge.cloud.store.Tenant;
import io.kerbridge.cloud.store.User;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;

/**
 * Sign-in with a security key: {@link #requestOptions} for the sign-in page, and {@link #verify} (the
 * {@link Fido2Assertions} the PRT endpoint calls). Failures: 400 for undecodable input, 401 otherwise, each with
 * its own code (unknown_credential, user_handle_mismatch, wrong_challenge, wrong_origin, wrong_rp_id,
 * user_not_verified, bad_signature, counter_regression, ...). Account state (disabled, password expired) is the
 * caller's check, as for Hello keys.
 */
public final class FidoAssertionVerifier implements Fido2Assertions {
    static final int MIN_NONCE = 16;
    static final int MAX_NONCE = 1024;

    private final FidoCredentialStore store;
    private final CloudStore.Users users;
    private final RelyingParty rp;
    private final Clock clock;
    private final WebAuthnManager webAuthn;
    private final AttestedCredentialDataConverter acdConverter;

    public FidoAssertionVerifier(FidoCredentialStore store, CloudStore.Users users, RelyingParty rp, Clock clock,
            ObjectConverter converter) {
        this.store = store;
        this.users = users;
        this.rp = rp;
        this.clock = clock;
        this.webAuthn = WebAuthnManager.createNonStrictWebAuthnManager(converter); // assertions use no attestation verifier
        this.acdConverter = new AttestedCredentialDataConverter(converter);
    }

    /**
     * §5.5 options for signing the PRT nonce: challenge = UTF-8 bytes of the nonce; allowCredentials = the named
     * user's keys for this RP ID, or empty (a discoverable credential chooses the user). An unknown user name gets
     * the empty list too, so the answer does not say whether the account exists.
     */
    public Map<String, Object> requestOptions(Tenant tenant, String rpId, String nonce, Optional<String> username)
            throws ApiException {
        byte[] challenge = nonceBytes(nonce);
        if (challenge.length < MIN_NONCE || challenge.length > MAX_NONCE) {
            throw ApiException.badRequest("bad_nonce", "the nonce must have " + MIN_NONCE + " to " + MAX_NONCE + " bytes");
        }
        List<Map<String, Object>> allow = username.flatMap(u -> users.find(tenant.id(), u))
                .map(u -> store.forUser(tenant.id(), u.id()).stream().filter(c -> c.rpId().equals(rpId))
                        .map(FidoRegistration::descriptor).toList())
                .orElse(List.of());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("challenge", WebAuthnJson.encode(challenge));
        out.put("rpId", rpId);
        out.put("timeout", RegistrationChallenges.TTL.toMillis());
        out.put("allowCredentials", allow);
        out.put("userVerification", "required");
        return out;
    }

    @Override
    public String verify(Tenant tenant, String expectedNonce, JsonNode assertion) throws ApiException {
        byte[] challenge = nonceBytes(expectedNonce);
        WebAuthnJson.Assertion in = WebAuthnJson.assertion(assertion);
        AuthenticationData data = decode(in);
        FidoCredential cred = credential(tenant, in);
        checkUserHandle(in, cred);
        CredentialRecord record = record(cred);
        verifySteps(data, cred, record, challenge);
        advanceCounter(cred, data.getAuthenticatorData().getSignCount());
        return cred.userId();
    }

    private static byte[] nonceBytes(String nonce) throws ApiException {
        if (nonce == null || nonce.isEmpty()) {
            throw ApiException.badRequest("missing_nonce", "a nonce is required");
        }
        return nonce.getBytes(StandardCharsets.UTF_8);
    }

    /** §7.2 steps 7-9: clientDataJSON is JSON, authenticatorData decodes (webauthn4j); else 400. */
    private AuthenticationData decode(WebAuthnJson.Assertion in) throws ApiException {
        try {
            AuthenticationData data = webAuthn.parse(new AuthenticationRequest(WebAuthnJson.decode(in.credentialId()),
                    in.userHandle().orElse(null), in.authenticatorData(), in.clientDataJSON(), null, in.signature()));
            if (data.getCollectedClientData() == null || data.getAuthenticatorData() == null) {
                throw WebAuthnJson.malformed(WebAuthnJson.MALFORMED_ASSERTION, "the assertion lacks client or authenticator data");
            }
            return data;
        } catch (RuntimeException e) { // DataConversionException, or a decoder choking on garbage
            throw WebAuthnJson.malformed(WebAuthnJson.MALFORMED_ASSERTION,
                    "clientDataJSON (JSON) or authenticatorData (binary/CBOR) cannot be decoded");
        }
    }

    /** §7.2 step 6: the credential is registered in this tenant to a user who still exists. */
    private FidoCredential credential(Tenant tenant, WebAuthnJson.Assertion in) throws ApiException {
        Optional<FidoCredential> c = store.find(tenant.id(), in.credentialId());
        Optional<User> owner = c.flatMap(k -> users.find(tenant.id(), k.userId())).filter(u -> u.id().equals(c.get().userId()));
        if (owner.isEmpty()) {
            throw ApiException.unauthorized("unknown_credential", "this security key is not registered in this tenant");
        }
        return c.get();
    }

    /** §7.2 step 6: a userHandle, if sent, must be the credential owner's user handle. */
    private static void checkUserHandle(WebAuthnJson.Assertion in, FidoCredential cred) throws ApiException {
        if (in.userHandle().isPresent()
                && !Arrays.equals(in.userHandle().get(), cred.userId().getBytes(StandardCharsets.UTF_8))) {
            throw ApiException.unauthorized("user_handle_mismatch", "the userHandle is not the key owner's");
        }
    }

    /** The stored key as webauthn4j's credential record (public key, counter, flags, transports). */
    private CredentialRecord record(FidoCredential c) {
        return new CredentialRecordImpl(new NoneAttestationStatement(), c.uvInitialized(), c.backupEligible(),
                c.backupState(), c.signCount(), acdConverter.convert(c.attestedCredentialData()), null, null, null,
                c.transports().stream().map(AuthenticatorTransport::create).collect(Collectors.toSet()));
    }

    /** §7.2 steps 10-22 by webauthn4j: type, challenge, origin, rpIdHash, UP, UV, BE/BS, signature, counter. */
    private void verifySteps(AuthenticationData data, FidoCredential cred, CredentialRecord record, byte[] challenge)
            throws ApiException {
        ServerProperty server = ServerProperty.builder().origins(rp.origins()).rpId(cred.rpId())
                .challenge(new DefaultChallenge(challenge)).build();
        try {
            webAuthn.verify(data, new AuthenticationParameters(server, record, null, true, true));
        } catch (VerificationException e) {
            throw WebAuthnFailures.of(e, 401);
        }
    }

    /** §7.2 step 24: store the new counter; a concurrent use of the same counter value loses (compare-and-set). */
    private void advanceCounter(FidoCredential cred, long presented) throws ApiException {
        long next = Math.max(presented, cred.signCount());
        if (!store.recordUse(cred.tenantId(), cred.credentialId(), cred.signCount(), next, clock.instant())) {
            throw ApiException.unauthorized("counter_regression", "the security key was used concurrently with this assertion");
        }
    }
}
