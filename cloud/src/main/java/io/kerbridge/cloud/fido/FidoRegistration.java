// W3C WebAuthn Level 2 §5.4 (PublicKeyCredentialCreationOptions) and §7.1 (Registering a New Credential), with
// webauthn4j-core running steps 5-21; protocol-notes §2.1 (a FIDO2 key signs in like a Hello key).
package io.kerbridge.cloud.fido;

import com.webauthn4j.WebAuthnManager;
import com.webauthn4j.converter.AttestedCredentialDataConverter;
import com.webauthn4j.converter.util.ObjectConverter;
import com.webauthn4j.data.PublicKeyCredentialParameters;
import com.webauthn4j.data.PublicKeyCredentialType;
import com.webauthn4j.data.RegistrationData;
import com.webauthn4j.data.RegistrationParameters;
import com.webauthn4j.data.RegistrationRequest;
import com.webauthn4j.data.attestation.authenticator.AttestedCredentialData;
import com.webauthn4j.data.attestation.authenticator.AuthenticatorData;
import com.webauthn4j.data.attestation.statement.COSEAlgorithmIdentifier;
import com.webauthn4j.data.client.challenge.Challenge;
import com.webauthn4j.data.client.challenge.DefaultChallenge;
import com.webauthn4j.server.ServerProperty;
import com.webauthn4j.verifier.exception.VerificationException;
import io.kerbridge.cloud.ApiException;
import io.kerbridge.cloud.store.Tenant;
import io.kerbridge.cloud.store.User;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Registers a user's security key: {@link #options} makes the creation options (random single-use challenge,
 * RP ID = the page's host, user handle = the user id, resident key preferred, user verification required,
 * ES256 or RS256, no attestation wanted); {@link #finish} verifies the browser's answer and stores the key.
 * Attestation is not evaluated (conveyance "none": the key is trusted because the signed-in user made it).
 */
public final class FidoRegistration {
    /** §5.3 pubKeyCredParams, in order of preference: ES256 (-7), RS256 (-257). */
    static final List<PublicKeyCredentialParameters> ALGORITHMS = List.of(
            new PublicKeyCredentialParameters(PublicKeyCredentialType.PUBLIC_KEY, COSEAlgorithmIdentifier.ES256),
            new PublicKeyCredentialParameters(PublicKeyCredentialType.PUBLIC_KEY, COSEAlgorithmIdentifier.RS256));
    static final int MAX_NAME = 64;

    private final FidoCredentialStore store;
    private final RelyingParty rp;
    private final RegistrationChallenges challenges;
    private final Clock clock;
    private final WebAuthnManager webAuthn;
    private final AttestedCredentialDataConverter acdConverter;

    public FidoRegistration(FidoCredentialStore store, RelyingParty rp, Clock clock, SecureRandom random,
            ObjectConverter converter) {
        this.store = store;
        this.rp = rp;
        this.challenges = new RegistrationChallenges(clock, random);
        this.clock = clock;
        // "non-strict": attestation statements are parsed but not chained to a trust anchor (we ask for "none")
        this.webAuthn = WebAuthnManager.createNonStrictWebAuthnManager(converter);
        this.acdConverter = new AttestedCredentialDataConverter(converter);
    }

    /** §5.4 PublicKeyCredentialCreationOptions in their JSON form (binary members base64url). */
    public Map<String, Object> options(Tenant tenant, User user, String rpId) throws ApiException {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("rp", ordered("id", rpId, "name", tenant.displayName()));
        out.put("user", ordered("id", userHandle(user.id()), "name", user.upn(), "displayName", user.displayName()));
        out.put("challenge", challenges.issue(tenant.id(), user.id(), rpId));
        out.put("pubKeyCredParams", ALGORITHMS.stream()
                .map(a -> ordered("type", "public-key", "alg", a.getAlg().getValue())).toList());
        out.put("timeout", RegistrationChallenges.TTL.toMillis());
        out.put("excludeCredentials", store.forUser(tenant.id(), user.id()).stream()
                .filter(c -> c.rpId().equals(rpId)).map(FidoRegistration::descriptor).toList());
        out.put("authenticatorSelection", ordered("residentKey", "preferred", "requireResidentKey", false,
                "userVerification", "required"));
        out.put("attestation", "none");
        return out;
    }

    /** A JSON object with members in the given order (key, value, key, value, ...). */
    static Map<String, Object> ordered(Object... keyValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put((String) keyValues[i], keyValues[i + 1]);
        }
        return m;
    }

    /** §5.8.3 PublicKeyCredentialDescriptor in JSON form. */
    static Map<String, Object> descriptor(FidoCredential c) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("type", "public-key");
        d.put("id", c.credentialId());
        if (!c.transports().isEmpty()) {
            d.put("transports", c.transports());
        }
        return d;
    }

    /** §5.4.3 user.id: the user handle is the UTF-8 user id (a UUID, so 36 bytes of at most 64). */
    static String userHandle(String userId) {
        return WebAuthnJson.encode(userId.getBytes(StandardCharsets.UTF_8));
    }

    /** §7.1: verifies the credential made from {@link #options} and stores it; the stored key is returned. */
    public FidoCredential finish(Tenant tenant, User user, WebAuthnJson.Registration in, Optional<String> name)
            throws ApiException {
        String displayName = displayName(name);
        RegistrationData data = decode(in);
        RegistrationChallenges.Pending p = pendingFor(data, tenant, user);
        verify(data, p);
        AuthenticatorData<?> authData = data.getAttestationObject().getAuthenticatorData();
        AttestedCredentialData acd = authData.getAttestedCredentialData();
        if (!WebAuthnJson.encode(acd.getCredentialId()).equals(in.credentialId())) {
            throw WebAuthnJson.malformed(WebAuthnJson.MALFORMED_CREDENTIAL,
                    "rawId differs from the credential id in the authenticator data");
        }
        FidoCredential cred = new FidoCredential(in.credentialId(), tenant.id(), user.id(), p.rpId(),
                acdConverter.convert(acd), acd.getAaguid().getValue().toString(), authData.getSignCount(),
                authData.isFlagUV(), authData.isFlagBE(), authData.isFlagBS(), in.transports(), displayName,
                clock.instant(), Optional.empty());
        // §7.1 step 22: a credential id registered already (to anyone) is refused
        if (!store.insert(cred)) {
            throw ApiException.conflict("credential_in_use", "this security key credential is already registered");
        }
        return cred;
    }

    private static String displayName(Optional<String> name) throws ApiException {
        String n = name.map(String::strip).filter(s -> !s.isEmpty()).orElse("Security key");
        if (n.length() > MAX_NAME || n.chars().anyMatch(Character::isISOControl)) {
            throw ApiException.badRequest("invalid_display_name",
                    "displayName must have at most " + MAX_NAME + " characters and no control characters");
        }
        return n;
    }

    /** §7.1 steps 5-6 and the CBOR decoding of step 11: undecodable input is a 400. */
    private RegistrationData decode(WebAuthnJson.Registration in) throws ApiException {
        try {
            RegistrationData data = webAuthn.parse(new RegistrationRequest(in.attestationObject(), in.clientDataJSON(),
                    new HashSet<>(in.transports())));
            if (data.getAttestationObject() == null || data.getCollectedClientData() == null
                    || data.getAttestationObject().getAuthenticatorData().getAttestedCredentialData() == null) {
                throw WebAuthnJson.malformed(WebAuthnJson.MALFORMED_CREDENTIAL, "the response lacks attested credential data");
            }
            return data;
        } catch (RuntimeException e) { // webauthn4j's DataConversionException, or a decoder choking on garbage
            throw WebAuthnJson.malformed(WebAuthnJson.MALFORMED_CREDENTIAL,
                    "clientDataJSON or attestationObject cannot be decoded (JSON / CBOR)");
        }
    }

    /** §7.1 step 8: the challenge is one we issued, unused, unexpired, for this tenant and user. */
    private RegistrationChallenges.Pending pendingFor(RegistrationData data, Tenant tenant, User user) throws ApiException {
        Challenge c = data.getCollectedClientData().getChallenge();
        Optional<RegistrationChallenges.Pending> p = c == null ? Optional.empty()
                : challenges.take(WebAuthnJson.encode(c.getValue()));
        if (p.isEmpty() || !p.get().tenantId().equals(tenant.id()) || !p.get().userId().equals(user.id())) {
            throw ApiException.badRequest("wrong_challenge",
                    "the challenge is unknown, used, expired or not yours; ask for new registration options");
        }
        return p.get();
    }

    /**
     * §7.1 steps 7-21 by webauthn4j: type, origin, rpIdHash, UP, UV, algorithm, attestation format. The challenge
     * (step 8) was already matched to one we issued by {@link #pendingFor}, so it is handed over as is.
     */
    private void verify(RegistrationData data, RegistrationChallenges.Pending p) throws ApiException {
        ServerProperty server = ServerProperty.builder().origins(rp.origins()).rpId(p.rpId())
                .challenge(new DefaultChallenge(data.getCollectedClientData().getChallenge().getValue())).build();
        try {
            webAuthn.verify(data, new RegistrationParameters(server, ALGORITHMS, true, true));
        } catch (VerificationException e) {
            throw WebAuthnFailures.of(e, 400);
        }
    }
}
