// protocol-notes §3.5 (dsregcmd SSO state: AzureAdPrt, AzureAdPrtUpdateTime/ExpiryTime/Authority,
// AcquirePrtDiagnostics — previous attempt, status, user identity, credential type, endpoint URI, HTTP method and
// status, server error code and description — OnPremTgt, CloudTgt, KerbTopLevelNames), §3.2 step 6 (the client
// keeps the PRT and protects the session key; on Windows in the TPM).
package io.kerbridge.device;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import tools.jackson.core.JacksonException;

/**
 * {@code users/<upn>/prt.json}: the user's PRT on this device — refresh token and session key, both sealed
 * (AES-256-GCM) with a key derived from the device key store's secret and bound to the user — its times, which
 * Kerberos tickets the last sign-in produced, and the last attempt's diagnostics. A failed attempt keeps the earlier
 * PRT and records only the attempt, as Windows does.
 */
public record PrtState(String upn, String userId, String tenantId, String deviceId, String authority, String sealedRefreshToken,
        String sealedSessionKey, Instant updatedAt, Instant expiresAt, boolean onPremTgt, boolean cloudTgt,
        String onPremRealm, String kerbTopLevelNames, String ccache, String cloudCcache, String tgtNote, Attempt lastAttempt) {
    public static final String FILE = "prt.json";

    /** One PRT request, for AcquirePrtDiagnostics. */
    public record Attempt(Instant time, boolean success, String credentialType, String endpoint, String httpMethod,
            Integer httpStatus, String serverErrorCode, String serverErrorDescription) {}

    public boolean hasPrt() {
        return sealedRefreshToken != null && expiresAt != null;
    }

    public static Optional<PrtState> load(Path deviceDir, String upn) throws DeviceException {
        Path f = HelloKeyStore.userDir(deviceDir, upn).resolve(FILE);
        if (!Files.exists(f)) {
            return Optional.empty();
        }
        try {
            return Optional.of(DeviceJson.MAPPER.readValue(PrivateFiles.read(f), PrtState.class));
        } catch (JacksonException | IOException e) {
            throw new DeviceException("cannot read " + f + ": " + e.getMessage(), e);
        }
    }

    void save(Path deviceDir) throws DeviceException {
        Path f;
        try {
            f = HelloKeyStore.userDir(deviceDir, upn).resolve(FILE);
            PrivateFiles.write(f, DeviceJson.pretty(this));
        } catch (IOException e) {
            throw new DeviceException("cannot save the PRT state: " + e.getMessage(), e);
        }
    }

    PrtState withAttempt(Attempt a) {
        return new PrtState(upn, userId, tenantId, deviceId, authority, sealedRefreshToken, sealedSessionKey, updatedAt, expiresAt,
                onPremTgt, cloudTgt, onPremRealm, kerbTopLevelNames, ccache, cloudCcache, tgtNote, a);
    }
}
