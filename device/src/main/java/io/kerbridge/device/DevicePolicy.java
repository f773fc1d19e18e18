// protocol-notes §3.4 (UseCloudTrustForOnPremAuth: "use an Azure AD Kerberos ticket to authenticate to on-premises
// resources"; CloudKerberosTicketRetrievalEnabled for the cloud TGT), DESIGN.md §2.7 (pulled by the device; without
// it the device does not use the partial TGT).
package io.kerbridge.device;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * The device's effective policy as last fetched ({@code GET …/devices/{id}/policy} with the device proof), cached in
 * {@code policy.json} the way Windows keeps the last MDM sync: a sign-in uses a fresh copy when the cloud answers and
 * the cached one otherwise. Never fetched means off.
 */
public record DevicePolicy(String deviceId, boolean useCloudTrustForOnPremAuth, boolean cloudKerberosTicketRetrievalEnabled,
        Map<String, String> source, java.time.Instant fetchedAt) {
    public static final String FILE = "policy.json";
    public static final String USE_CLOUD_TRUST = "UseCloudTrustForOnPremAuth";
    public static final String CLOUD_TICKETS = "CloudKerberosTicketRetrievalEnabled";

    public static Optional<DevicePolicy> cached(Path dir) throws DeviceException {
        Path f = dir.resolve(FILE);
        if (!Files.exists(f)) {
            return Optional.empty();
        }
        try {
            return Optional.of(DeviceJson.MAPPER.readValue(PrivateFiles.read(f), DevicePolicy.class));
        } catch (JacksonException | IOException e) {
            throw new DeviceException("cannot read the cached policy " + f + " (run kerbridge device sync): " + e.getMessage(), e);
        }
    }

    /** Fetches the effective policy with the device proof and caches it. */
    public static DevicePolicy fetch(Path dir, DeviceState state, DeviceKeyStore keys, CloudClient cloud, Clock clock)
            throws DeviceException {
        JsonNode j = cloud.policy(state.tenantId(), state.deviceId(), keys.proof(state.tenantId(), clock.instant()));
        Map<String, String> source = new LinkedHashMap<>();
        JsonNode s = j.path("source");
        for (String k : new String[] {USE_CLOUD_TRUST, CLOUD_TICKETS}) {
            if (s.path(k).isString()) {
                source.put(k, s.get(k).asString());
            }
        }
        DevicePolicy p = new DevicePolicy(state.deviceId(), j.path(USE_CLOUD_TRUST).asBoolean(false),
                j.path(CLOUD_TICKETS).asBoolean(false), source, clock.instant());
        try {
            PrivateFiles.write(dir.resolve(FILE), DeviceJson.pretty(p));
        } catch (IOException e) {
            throw new DeviceException("cannot cache the policy in " + dir.resolve(FILE) + ": " + e.getMessage(), e);
        }
        return p;
    }

    public String sourceOf(String setting) {
        return source == null ? "unknown" : source.getOrDefault(setting, "unknown");
    }
}
