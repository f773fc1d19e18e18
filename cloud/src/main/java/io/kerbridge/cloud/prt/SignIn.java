// protocol-notes §3.2 (what a verified PRT request establishes: the tenant, the device, the user).
package io.kerbridge.cloud.prt;

import io.kerbridge.cloud.device.Device;
import io.kerbridge.cloud.store.Tenant;
import io.kerbridge.cloud.store.User;
import java.util.List;

/**
 * A verified PRT sign-in (or refresh): who, on which device, in which tenant, how ({@code amr}), and for
 * which client ({@code clientId}, the id_token's audience).
 */
public record SignIn(Tenant tenant, Device device, User user, List<String> amr, String clientId) {
    public SignIn {
        amr = List.copyOf(amr);
    }
}
