// protocol-notes §3.4 (UseCloudTrustForOnPremAuth, CloudKerberosTicketRetrievalEnabled).
package io.kerbridge.cloud.device;

import java.util.Optional;

/**
 * The tenant's device policy as it applies to one device (and, at sign-in, one user): the Intune settings
 * {@code UseCloudTrustForOnPremAuth} (the device trades the partial TGT at a DC) and
 * {@code CloudKerberosTicketRetrievalEnabled} (the cloud TGT and {@code kerberos_top_level_names} are returned).
 */
public interface DevicePolicies {
    record Effective(boolean useCloudTrustForOnPremAuth, boolean cloudKerberosTicketRetrievalEnabled) {
        public static final Effective NONE = new Effective(false, false);
    }

    /** What applies to {@code device}, signed in (when given) by {@code userId}. */
    Effective effective(String tenantId, Device device, Optional<String> userId);
}
