// protocol-notes §3.4 (UseCloudTrustForOnPremAuth: the device uses the partial TGT for on-premises sign-in;
// CloudKerberosTicketRetrievalEnabled: the device asks for the cloud TGT), DESIGN.md §2.7 (pulled by the device).
package io.kerbridge.cloud.device;

import io.kerbridge.cloud.device.DevicePolicySetting.Name;
import io.kerbridge.cloud.store.CloudStore;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@link DevicePolicies} over the tenant's stored policy ({@link DevicePolicyStore}). Per setting: not configured
 * → off ({@code notConfigured}); assigned to every device → its value ({@code allDevices}); assigned to a group →
 * its value when the device's owner, or the signing-in user when one is given, is a member of that group
 * ({@code group:<id>}), else off ({@code notAssigned}). Groups hold users, so the owner's membership stands for
 * an Intune device group and the user's for a user group; as in Intune, either one brings the device in scope.
 */
public final class DevicePolicyService implements DevicePolicies {
    public static final String NOT_CONFIGURED = "notConfigured";
    public static final String ALL_DEVICES = "allDevices";
    public static final String NOT_ASSIGNED = "notAssigned";

    /** One setting's outcome for a device, and why. */
    public record Decision(boolean value, String source) {}

    private final DevicePolicyStore policies;
    private final CloudStore.Groups groups;

    public DevicePolicyService(DevicePolicyStore policies, CloudStore.Groups groups) {
        this.policies = policies;
        this.groups = groups;
    }

    public DevicePolicyStore store() {
        return policies;
    }

    @Override
    public Effective effective(String tenantId, Device device, Optional<String> userId) {
        Map<Name, Decision> d = explain(tenantId, device, userId);
        return new Effective(d.get(Name.USE_CLOUD_TRUST_FOR_ON_PREM_AUTH).value(),
                d.get(Name.CLOUD_KERBEROS_TICKET_RETRIEVAL_ENABLED).value());
    }

    /** Every setting's decision for {@code device} (signed in by {@code userId} when given). */
    public Map<Name, Decision> explain(String tenantId, Device device, Optional<String> userId) {
        Map<Name, DevicePolicySetting> configured = new EnumMap<>(Name.class);
        if (device.tenantId().equals(tenantId)) { // another tenant's policy never applies
            policies.settings(tenantId).forEach(s -> configured.put(s.name(), s));
        }
        Set<String> inScopeGroups = configured.values().stream().anyMatch(s -> s.groupId().isPresent())
                ? memberships(device, userId) : Set.of();
        Map<Name, Decision> out = new EnumMap<>(Name.class);
        for (Name n : Name.values()) {
            out.put(n, decide(Optional.ofNullable(configured.get(n)), inScopeGroups));
        }
        return out;
    }

    /** The groups of the device's owner and of the signing-in user. */
    private Set<String> memberships(Device device, Optional<String> userId) {
        Set<String> ids = new HashSet<>(groups.groupsOf(device.ownerUserId()));
        userId.filter(u -> !u.equals(device.ownerUserId())).ifPresent(u -> ids.addAll(groups.groupsOf(u)));
        return ids;
    }

    static Decision decide(Optional<DevicePolicySetting> setting, Set<String> inScopeGroups) {
        if (setting.isEmpty()) {
            return new Decision(false, NOT_CONFIGURED);
        }
        DevicePolicySetting s = setting.get();
        if (s.groupId().isEmpty()) {
            return new Decision(s.enabled(), ALL_DEVICES);
        }
        return inScopeGroups.contains(s.groupId().get()) ? new Decision(s.enabled(), "group:" + s.groupId().get())
                : new Decision(false, NOT_ASSIGNED);
    }
}
