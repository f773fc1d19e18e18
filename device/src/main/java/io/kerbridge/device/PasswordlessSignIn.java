// protocol-notes §3.2 (PRT with the Hello key, tgt=true), §2.2 (tgt_ad → partial TGT), §2.4 (exchange at a writable DC
// of the user's realm for a full TGT), §3.4 (UseCloudTrustForOnPremAuth: without it the device does not use the
// partial TGT), §3.5 (what is kept for dsregcmd), §3.7 (password expired ⇒ passwordless sign-in blocked until reset),
// §5.1 (tgt_cloud: the cloud TGT), DESIGN.md §5 (the full TGT lands in an MIT ccache that klist/kvno/curl use).
package io.kerbridge.device;

import io.kerbridge.kerberos.client.CcacheCredentials;
import io.kerbridge.kerberos.client.KdcClient;
import io.kerbridge.kerberos.client.KdcErrorException;
import io.kerbridge.kerberos.client.KdcReply;
import io.kerbridge.kerberos.client.KdcTransport;
import io.kerbridge.kerberos.client.KerberosClientException;
import io.kerbridge.kerberos.client.KrbConfig;
import io.kerbridge.kerberos.file.Ccache;
import io.kerbridge.kerberos.file.Credential;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Arrays;
import java.util.Optional;

/**
 * {@code kerbridge signin}: unlock the Hello key with the PIN, get a PRT (and the partial and cloud TGTs) from the
 * cloud, and — when the device policy says so — trade the partial TGT at the user's DC for a full TGT in an MIT ccache.
 * The cloud TGT, when the cloud sends one, goes to a second ccache, {@code <ccache>.cloud}: its client is in the
 * cloud realm, and an MIT ccache has one default principal.
 */
public final class PasswordlessSignIn {
    public static final String CLOUD_CCACHE_SUFFIX = ".cloud";
    public static final String PARTIAL_TGT = "partial-tgt.ccache";
    public static final String CREDENTIAL_TYPE = "NGC";
    public static final String FIDO_CREDENTIAL_TYPE = "FIDO";

    /** What the sign-in produced; {@code onPremNote} says why there is no full TGT when there is none. */
    public record Outcome(String upn, PrtState prt, DevicePolicy policy, boolean policyFetched, Optional<Credential> fullTgt,
            Optional<Path> ccache, Optional<String> kdcCalled, Optional<Credential> cloudTgt, Optional<Path> cloudCcache,
            Optional<String> onPremNote) {}

    private final Path dir;
    private final KrbConfig krb5;
    private final Clock clock;
    private final SecureRandom random;

    public PasswordlessSignIn(Path dir, KrbConfig krb5, Clock clock, SecureRandom random) {
        this.dir = dir;
        this.krb5 = krb5;
        this.clock = clock;
        this.random = random;
    }

    public Outcome signIn(String upn, char[] pin, Path ccache) throws DeviceException {
        DeviceState state = DeviceState.load(dir);
        DeviceKeyStore keys = DeviceKeyStore.open(dir);
        String u = HelloKeyStore.normalizeUpn(upn);
        HelloKeyStore.Unlocked hello = HelloKeyStore.of(dir, keys).unlock(u, pin);
        return signIn(state, keys, u, hello.meta().userId(), CREDENTIAL_TYPE,
                (prtClient, cloud) -> prtClient.signIn(state.tenantId(), keys, hello, u), ccache);
    }

    /** Signs a nonce with a FIDO2 security key (through the cloud's sign-in page); gives the WebAuthn assertion. */
    @FunctionalInterface
    public interface SecurityKey {
        tools.jackson.databind.JsonNode sign(String nonce) throws DeviceException;
    }

    /**
     * Sign-in with a FIDO2 security key instead of the Hello PIN: a nonce from the cloud, the key's assertion over it
     * (from {@code securityKey}), the device-signed PRT request carrying it; then the same partial-TGT exchange.
     */
    public Outcome signInWithSecurityKey(String upn, SecurityKey securityKey, Path ccache) throws DeviceException {
        DeviceState state = DeviceState.load(dir);
        DeviceKeyStore keys = DeviceKeyStore.open(dir);
        String u = HelloKeyStore.normalizeUpn(upn);
        return signIn(state, keys, u, null, FIDO_CREDENTIAL_TYPE, (prtClient, cloud) -> {
            String nonce = cloud.nonce();
            return prtClient.signInWithSecurityKey(state.tenantId(), keys, u, nonce, securityKey.sign(nonce));
        }, ccache);
    }

    @FunctionalInterface
    private interface PrtRequest {
        PrtClient.Result send(PrtClient client, CloudClient cloud) throws DeviceException;
    }

    private Outcome signIn(DeviceState state, DeviceKeyStore keys, String u, String knownUserId, String credentialType,
            PrtRequest request, Path ccache) throws DeviceException {
        CloudClient cloud = state.client();
        DevicePolicy policy;
        boolean fetched;
        try {
            policy = DevicePolicy.fetch(dir, state, keys, cloud, clock);
            fetched = true;
        } catch (DeviceException e) {
            policy = DevicePolicy.cached(dir).orElse(new DevicePolicy(state.deviceId(), false, false,
                    java.util.Map.of(), null));
            fetched = false;
        }
        Optional<PrtState> before = PrtState.load(dir, u);
        PrtClient.Result prt;
        try {
            prt = request.send(new PrtClient(cloud, clock), cloud);
        } catch (CloudRefusal r) {
            PrtState.Attempt a = new PrtState.Attempt(clock.instant(), false, credentialType,
                    cloud.tokenUri(state.tenantId()).toString(), "POST", r.status(), r.code().orElse(null), r.serverMessage());
            before.orElse(empty(u, state)).withAttempt(a).save(dir);
            throw explain(u, r);
        }
        try {
            return finish(state, keys, u, knownUserId, credentialType, prt, policy, fetched, ccache, cloud);
        } finally {
            Arrays.fill(prt.sessionKey(), (byte) 0);
        }
    }

    private Outcome finish(DeviceState state, DeviceKeyStore keys, String u, String knownUserId, String credentialType,
            PrtClient.Result prt, DevicePolicy policy, boolean fetched, Path ccache, CloudClient cloud) throws DeviceException {
        Optional<Credential> full = Optional.empty();
        Optional<String> kdcCalled = Optional.empty();
        Optional<String> note = Optional.empty();
        String realm = null;
        Optional<PrtClient.Tgt> ad = prt.tgtAd();
        DeviceException exchangeFailure = null;
        if (ad.isEmpty()) {
            note = Optional.of("the cloud sent no partial TGT (tgt_ad) with the PRT");
        } else if (!ad.get().present()) {
            note = Optional.of("the cloud issued no partial TGT: " + ad.get().error().orElse("no reason given"));
        } else if (!policy.useCloudTrustForOnPremAuth()) {
            note = Optional.of("the device policy " + DevicePolicy.USE_CLOUD_TRUST + " is off (" + policy.sourceOf(
                    DevicePolicy.USE_CLOUD_TRUST) + "), so the partial TGT from the cloud was not used");
        } else {
            KdcReply partial = ad.get().ticket().get();
            realm = partial.ticket().realm();
            savePartial(u, partial);
            kdcCalled = Tickets.kdcFor(krb5, realm);
            try {
                KdcReply tgt = Tickets.exchange(new KdcClient(new KdcTransport(krb5), clock, random), partial);
                Ccache cache = Tickets.newCache(tgt, kdcCalled);
                cache.write(ccache);
                full = Optional.of(CcacheCredentials.from(tgt));
            } catch (KerberosClientException e) {
                note = Optional.of("the domain controller of " + realm + " did not exchange the partial TGT: " + e.getMessage());
                exchangeFailure = new DeviceException(note.get() + explainKdc(e));
            } catch (IOException e) {
                throw new DeviceException("cannot write the credentials cache " + ccache + ": " + e.getMessage(), e);
            }
        }
        Optional<Credential> cloudTgt = Optional.empty();
        Optional<Path> cloudCcache = Optional.empty();
        if (prt.tgtCloud().isPresent() && prt.tgtCloud().get().present()) {
            KdcReply c = prt.tgtCloud().get().ticket().get();
            Path p = Path.of(ccache.toString() + CLOUD_CCACHE_SUFFIX);
            try {
                Tickets.newCache(c, Optional.empty()).write(p);
            } catch (IOException e) {
                throw new DeviceException("cannot write the cloud TGT to " + p + ": " + e.getMessage(), e);
            }
            cloudTgt = Optional.of(CcacheCredentials.from(c));
            cloudCcache = Optional.of(p);
        }
        PrtState.Attempt attempt = new PrtState.Attempt(prt.issuedAt(), true, credentialType,
                cloud.tokenUri(state.tenantId()).toString(), "POST", 200, null, null);
        String sealContext = "prt:" + u + ":" + state.deviceId();
        PrtState saved = new PrtState(u, prt.userId().orElse(knownUserId), state.tenantId(), state.deviceId(),
                cloud.baseUrl() + "/" + state.tenantId(),
                keys.seal(prt.refreshToken().getBytes(StandardCharsets.US_ASCII), sealContext + ":rt", random),
                keys.seal(prt.sessionKey(), sealContext + ":sk", random), prt.issuedAt(), prt.expiresOn(), full.isPresent(),
                cloudTgt.isPresent(), realm, prt.kerberosTopLevelNames().orElse(null),
                full.isPresent() ? ccache.toAbsolutePath().toString() : null,
                cloudCcache.map(p -> p.toAbsolutePath().toString()).orElse(null), note.orElse(null), attempt);
        saved.save(dir);
        if (exchangeFailure != null) {
            throw exchangeFailure;
        }
        return new Outcome(u, saved, policy, fetched, full, full.map(x -> ccache), kdcCalled, cloudTgt, cloudCcache, note);
    }

    /** The partial TGT, kept for {@code klist get krbtgt} (a re-exchange without a new sign-in, within its 8 hours). */
    private void savePartial(String upn, KdcReply partial) throws DeviceException {
        Path p = HelloKeyStore.userDir(dir, upn).resolve(PARTIAL_TGT);
        try {
            Tickets.newCache(partial, Optional.empty()).write(p);
        } catch (IOException e) {
            throw new DeviceException("cannot keep the partial TGT in " + p + ": " + e.getMessage(), e);
        }
    }

    /** The partial TGT the last sign-in of {@code upn} kept, if any. */
    public static Optional<Path> partialTgt(Path deviceDir, String upn) throws DeviceException {
        Path p = HelloKeyStore.userDir(deviceDir, upn).resolve(PARTIAL_TGT);
        return java.nio.file.Files.exists(p) ? Optional.of(p) : Optional.empty();
    }

    /** The user who signed in last on this device (newest prt.json), if any. */
    public static Optional<String> lastUser(Path deviceDir) {
        Path users = deviceDir.resolve(HelloKeyStore.USERS);
        if (!java.nio.file.Files.isDirectory(users)) {
            return Optional.empty();
        }
        try (var s = java.nio.file.Files.list(users)) {
            return s.filter(p -> java.nio.file.Files.exists(p.resolve(PrtState.FILE)))
                    .max(java.util.Comparator.comparing(p -> {
                        try {
                            return java.nio.file.Files.getLastModifiedTime(p.resolve(PrtState.FILE));
                        } catch (IOException e) {
                            return java.nio.file.attribute.FileTime.fromMillis(0);
                        }
                    }))
                    .map(p -> p.getFileName().toString());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static PrtState empty(String upn, DeviceState s) {
        return new PrtState(upn, null, s.tenantId(), s.deviceId(), s.cloudUrl() + "/" + s.tenantId(), null, null, null, null,
                false, false, null, null, null, null, null, null);
    }

    /** The cloud's refusals a user can act on, in words (§3.7: an expired password blocks passwordless sign-in). */
    static DeviceException explain(String upn, CloudRefusal r) {
        String code = r.code().orElse("");
        String said = " (the cloud said: " + r.serverMessage() + ")";
        return switch (code) {
            case "password_expired" -> new DeviceException("the password has expired and must be reset first: change it "
                    + "on-premises (for example with MIT kpasswd) and let the sync agent run, then sign in again" + said);
            case "user_disabled" -> new DeviceException("the account " + upn + " is disabled" + said);
            case "hello_key_not_found", "hello_key_other_user", "hello_key_other_device" -> new DeviceException(
                    "the cloud does not accept this device's Hello key for " + upn + " (revoked?); run kerbridge hello reset-pin --user "
                            + upn + said);
            case "device_not_found", "device_disabled", "device_certificate_mismatch", "invalid_device_certificate" ->
                new DeviceException("the cloud does not accept this device (deleted, disabled or re-registered?); an "
                        + "administrator can check it, or run kerbridge device leave and join again" + said);
            default -> new DeviceException("the cloud refused the sign-in of " + upn + ": " + r.serverMessage()
                    + (r.code().isPresent() ? " [" + code + "]" : ""));
        };
    }

    private static String explainKdc(KerberosClientException e) {
        if (e instanceof KdcErrorException k) {
            return switch (k.code().value()) {
                case 20 -> " (the DC refuses this account's partial TGTs: a never-reveal group such as Domain Admins, or a "
                        + "revoked ticket)";
                case 23 -> " (the password has expired; change it, e.g. with MIT kpasswd)";
                case 7 -> " (the DC does not know this Kerberos server object: was it removed or re-created? run kerbridge "
                        + "kerberos-server get)";
                default -> "";
            };
        }
        return "";
    }
}
