// protocol-notes §2.1 (the sign-in log carries the Kerberos status codes), §3.5 (what diagnostics show).
package io.kerbridge.cloud.prt;

import io.kerbridge.cloud.store.Tenant;
import java.util.Optional;

/**
 * What is known so far about one token request, for its sign-in log entry: filled in by the checks as they
 * pass (tenant, device, user), read once when the request ends, whatever the outcome. One per request, used
 * by one thread.
 */
final class Attempt {
    private Optional<Tenant> tenant;
    private String deviceId;
    private String upn;

    Attempt(Optional<Tenant> tenant) {
        this.tenant = tenant;
    }

    Optional<Tenant> tenant() {
        return tenant;
    }

    void tenant(Tenant t) {
        tenant = Optional.of(t);
    }

    void deviceId(String id) {
        deviceId = id;
    }

    void upn(String u) {
        upn = u;
    }

    /** The UPN when the user is known, else the device id, else "unknown". */
    String actor() {
        return upn != null ? upn : deviceId != null ? deviceId : "unknown";
    }

    String target() {
        return deviceId != null ? deviceId : "unknown";
    }
}
