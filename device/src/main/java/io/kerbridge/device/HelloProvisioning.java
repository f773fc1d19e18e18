// protocol-notes §3.1 (MS-KPP: POST /EnrollmentServer/key/?api-version=1.0 {"kngc": base64 BCRYPT_RSAKEY_BLOB} after
// a multi-factor sign-in), §3.6 (provisioning; the key works immediately), §3.7 (MFA for provisioning),
// §3.2a (kid = base64 SHA-256 of the blob).
package io.kerbridge.device;

import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/** {@code kerbridge hello provision} and {@code hello reset-pin}: a Hello key made here, registered in the cloud. */
public final class HelloProvisioning {
    /** What was done: the new key, and for a reset the old key's revocation ({@code revoked} false: the cloud had none). */
    public record Result(HelloKeyStore.Meta key, Optional<String> oldKid, boolean revoked, Optional<String> warning) {}

    private HelloProvisioning() {}

    /**
     * Provisions a Hello key for {@code upn}: the PIN rules are checked before anything is sent; a fresh password +
     * one-time-code sign-in; a new RSA-2048 key; its public half registered with this device's proof; the private key
     * stored under the PIN. With {@code reset} an existing key is replaced (new key and PIN) and the old key revoked
     * in the cloud; without it an existing key is an error.
     */
    public static Result provision(Path dir, String upn, char[] password, String totp, char[] pin, boolean reset, Clock clock,
            SecureRandom random) throws DeviceException {
        DeviceState state = DeviceState.load(dir);
        DeviceKeyStore keys = DeviceKeyStore.open(dir);
        HelloKeyStore store = HelloKeyStore.of(dir, keys);
        String u = HelloKeyStore.normalizeUpn(upn);
        Optional<HelloKeyStore.Meta> old = store.meta(u);
        if (old.isPresent() && !reset) {
            throw new DeviceException(u + " already has a Hello key on this device (kid " + old.get().kid() + "); use "
                    + "kerbridge hello reset-pin to replace it and its PIN");
        }
        HelloKeyStore.checkPin(pin);
        CloudClient cloud = state.client();
        CloudClient.Login login = cloud.login(state.tenantId(), u, password, totp);
        KeyPair key = KeyMaterial.newRsaKey(random);
        RSAPublicKey pub = (RSAPublicKey) key.getPublic();
        JsonNode enrolled = cloud.enrollHelloKey(login, keys.proof(state.tenantId(), clock.instant()), RsaKeyBlob.encode(pub));
        String kid = RsaKeyBlob.kid(pub);
        if (!kid.equals(enrolled.path("kid").asString(kid))) {
            throw Jose.protocol("the cloud filed the Hello key under kid " + enrolled.path("kid").asString() + ", expected " + kid);
        }
        HelloKeyStore.Meta meta = store.store(key, pin, new HelloKeyStore.Meta(u, login.userId(), state.tenantId(),
                state.deviceId(), null, null, null, 0, null), random);
        if (old.isEmpty() || old.get().kid().equals(kid)) {
            return new Result(meta, Optional.empty(), false, Optional.empty());
        }
        try {
            boolean revoked = cloud.revokeHelloKey(login, old.get().kid());
            return new Result(meta, Optional.of(old.get().kid()), revoked, Optional.empty());
        } catch (DeviceException e) {
            return new Result(meta, Optional.of(old.get().kid()), false, Optional.of("the old key " + old.get().kid()
                    + " could not be revoked (" + e.getMessage() + "); revoke it with DELETE /api/v1/" + state.tenantId()
                    + "/users/" + login.userId() + "/hello-keys/" + RsaKeyBlob.kidForPath(old.get().kid())));
        }
    }
}
