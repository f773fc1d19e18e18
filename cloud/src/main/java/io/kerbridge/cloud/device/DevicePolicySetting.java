// protocol-notes §3.4 (the Intune settings PassportForWork/{tenantId}/Policies/UseCloudTrustForOnPremAuth and
// Kerberos/CloudKerberosTicketRetrievalEnabled).
package io.kerbridge.cloud.device;

import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;

/**
 * One configured device-policy setting of a tenant: on or off, assigned to every device ({@code groupId} empty)
 * or to the devices whose owner (or, at sign-in, whose signing-in user) is a member of one group. A setting
 * without a row is "not configured", which means off.
 */
public record DevicePolicySetting(String tenantId, Name name, boolean enabled, Optional<String> groupId, Instant updatedAt,
        String updatedBy) {

    /** The settings, by their wire (Intune CSP) names. */
    public enum Name {
        USE_CLOUD_TRUST_FOR_ON_PREM_AUTH("UseCloudTrustForOnPremAuth"),
        CLOUD_KERBEROS_TICKET_RETRIEVAL_ENABLED("CloudKerberosTicketRetrievalEnabled");

        private final String wire;

        Name(String wire) {
            this.wire = wire;
        }

        public String wire() {
            return wire;
        }

        public static Optional<Name> fromWire(String s) {
            return Arrays.stream(values()).filter(n -> n.wire.equals(s)).findFirst();
        }
    }
}
