package io.kerbridge.cloud.device;

import java.util.List;

/** The tenant's configured device-policy settings (SQL engine {@link SqlDevicePolicyStore}, migration V4). */
public interface DevicePolicyStore {
    /** The configured settings of a tenant (at most one per name). */
    List<DevicePolicySetting> settings(String tenantId);

    /** Replaces the whole policy of {@code tenantId} with {@code settings} in one transaction. */
    void replace(String tenantId, List<DevicePolicySetting> settings);
}
