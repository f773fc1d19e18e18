// protocol-notes §3.2 (the cloud checks device, key, nonce, account state), DESIGN.md §2 flow 3 ("checks device,
// key, nonce, account state and password expiry"), §2.6 (the DC refuses an expired password with
// KDC_ERR_KEY_EXPIRED; the cloud refuses it first so the user learns why).
package io.kerbridge.cloud.prt;

import io.kerbridge.cloud.device.Device;
import io.kerbridge.cloud.device.DeviceStore;
import io.kerbridge.cloud.store.User;
import java.time.Instant;

/** The device and account checks shared by a PRT sign-in and a PRT refresh; each throws its own refusal. */
final class AccountChecks {
    private AccountChecks() {}

    /** AADSTS700003: the device must be registered in this tenant. */
    static Device registeredDevice(DeviceStore devices, String tenantId, String deviceId) throws OAuthException {
        return devices.find(tenantId, deviceId).orElseThrow(() -> PrtError.DEVICE_NOT_FOUND.with(
                "Device object was not found in the tenant's directory (device " + deviceId + ")."));
    }

    /** AADSTS135011. */
    static void deviceEnabled(Device d) throws OAuthException {
        if (!d.enabled()) {
            throw PrtError.DEVICE_DISABLED.with("Device used during the authentication is disabled (device " + d.id() + ").");
        }
    }

    /** AADSTS50057. */
    static void userEnabled(User u) throws OAuthException {
        if (!u.enabled()) {
            throw PrtError.USER_DISABLED.with("The user account " + u.upn() + " is disabled.");
        }
    }

    /**
     * AADSTS50055: a synced user whose on-premises password has expired gets no PRT and no partial TGT (the DC
     * would refuse the exchange anyway); the message says how to get out of it.
     */
    static void passwordNotExpired(User u, Instant now) throws OAuthException {
        boolean expired = u.passwordExpiredAt(now);
        if (expired) {
            throw PrtError.PASSWORD_EXPIRED.with("The password of " + u.upn() + " has expired. Passwordless sign-in is"
                    + " refused until the password is reset on-premises (for example with 'kerbridge passwd' or MIT"
                    + " 'kpasswd') and the change has synced.");
        }
    }
}
