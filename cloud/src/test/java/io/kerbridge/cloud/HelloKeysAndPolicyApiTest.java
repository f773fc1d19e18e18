package io.kerbridge.cloud;

import static io.kerbridge.cloud.DevicesApiTest.expect;
import static org.assertj.core.api.Assertions.assertThat;

import io.kerbridge.cloud.device.DevicePolicies;
import io.kerbridge.cloud.device.Device;
import io.kerbridge.cloud.store.Tenant;
import java.nio.file.Path;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Hello key provisioning (MS-KPP style, protocol-notes §3.1) and the device policy (§3.4) on a real service over
 * TLS; the last test restarts the service and finds devices, keys and policy again.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HelloKeysAndPolicyApiTest extends DeviceApiFixture {
    String admin;
    String[] alice;
    String[] bob;
    Dev aliceDevice;
    Dev bobDevice;
    String keptKid;
    String pilotGroupId;

    @BeforeAll
    void start(@TempDir Path tmp) throws Exception {
        startService(tmp);
        admin = adminToken();
        alice = createUser(admin, "alice@contoso.test");
        bob = createUser(admin, "bob@contoso.test");
        aliceDevice = register(aliceToken(), "ALICE-PC");
        bobDevice = register(bobToken(), "BOB-PC");
        Res g = call("POST", base() + "/groups", admin, json(map("displayName", "Cloud trust pilot")));
        assertThat(g.status()).as(g.raw()).isEqualTo(201);
        pilotGroupId = g.json().get("id").asString();
        assertThat(call("PUT", base() + "/groups/" + pilotGroupId + "/members/" + alice[0], admin, null).status()).isEqualTo(200);
    }

    @BeforeEach
    void freshAdminToken() throws Exception {
        admin = adminToken(); // the tests move the clock by more than a token's lifetime
    }

    @AfterAll
    void stop() {
        stopService();
    }

    String aliceToken() throws Exception {
        return token("alice@contoso.test", USER_PW, alice[1]);
    }

    String bobToken() throws Exception {
        return token("bob@contoso.test", USER_PW, bob[1]);
    }

    Res enroll(String path, String token, String deviceProof, byte[] blob) throws Exception {
        String body = json(map("kngc", b64(blob)));
        return deviceProof == null ? call("POST", root() + "/" + tenantId + path, token, body)
                : call("POST", root() + "/" + tenantId + path, token, body, "X-Device-Authorization", "Device " + deviceProof);
    }

    Res enroll(String token, Dev device, byte[] blob) throws Exception {
        return enroll("/EnrollmentServer/key/?api-version=1.0", token, proof(device), blob);
    }

    byte[] newHelloKey() throws Exception {
        return blob((RSAPublicKey) rsa(2048).getPublic());
    }

    @Test
    @Order(1)
    void aFreshlySignedInUserProvisionsAHelloKeyBoundToUserAndDevice() throws Exception {
        byte[] blob = newHelloKey();
        Res r = enroll(aliceToken(), aliceDevice, blob);
        assertThat(r.status()).as(r.raw()).isEqualTo(201);
        assertThat(r.json().get("kid").asString()).isEqualTo(kid(blob));
        assertThat(r.json().get("userId").asString()).isEqualTo(alice[0]);
        assertThat(r.json().get("deviceId").asString()).isEqualTo(aliceDevice.id());
        assertThat(r.json().get("createdAt").asString()).isEqualTo(clock.instant().toString());
        keptKid = kid(blob);
        // MS-KPP's path without the trailing slash and without api-version works too
        byte[] second = newHelloKey();
        Res r2 = enroll("/EnrollmentServer/key", aliceToken(), proof(aliceDevice), second);
        assertThat(r2.status()).as(r2.raw()).isEqualTo(201);
        assertThat(auditActivities(admin, "UserManagement"))
                .contains("Register Windows Hello for Business key | alice@contoso.test on device " + aliceDevice.id());
    }

    @Test
    @Order(2)
    void provisioningRefusals() throws Exception {
        String fresh = aliceToken();
        // stale multi-factor sign-in: the token is still valid (15 min) but the sign-in is 11 minutes old
        clock.advance(Duration.ofMinutes(11));
        expect(enroll(fresh, aliceDevice, newHelloKey()), 401, "fresh_mfa_required");
        String t = aliceToken();
        expect(enroll("/EnrollmentServer/key/", null, proof(aliceDevice), newHelloKey()), 401, "missing_token");
        expect(enroll("/EnrollmentServer/key/", t, null, newHelloKey()), 401, "missing_device_proof");
        // alice's device certificate with a signature by bob's device key
        long now = clock.instant().getEpochSecond();
        String forged = proof(bobDevice.deviceKey().getPrivate(), aliceDevice.certificate(), false, "RS256", tenantId, now,
                now + 300);
        expect(enroll("/EnrollmentServer/key/", t, forged, newHelloKey()), 401, "invalid_device_signature");
        expect(enroll(t, aliceDevice, blob((RSAPublicKey) aliceDevice.deviceKey().getPublic())), 400, "hello_key_is_device_key");
        expect(enroll(t, aliceDevice, blob((RSAPublicKey) rsa(1024).getPublic())), 400, "invalid_key_blob");
        expect(enroll("/EnrollmentServer/key/?api-version=2.0", t, proof(aliceDevice), newHelloKey()), 400,
                "unsupported_api_version");
        expect(call("POST", root() + "/" + tenantId + "/EnrollmentServer/key/", t, json(map("kngc", b64(newHelloKey()),
                "kid", "x")), "X-Device-Authorization", "Device " + proof(aliceDevice)), 400, "unknown_field");
        // duplicate kid
        byte[] blob = newHelloKey();
        assertThat(enroll(t, aliceDevice, blob).status()).isEqualTo(201);
        expect(enroll(t, aliceDevice, blob), 409, "hello_key_exists");
        expect(enroll(bobToken(), bobDevice, blob), 409, "hello_key_exists");
        // a disabled device cannot take keys
        assertThat(call("PATCH", base() + "/devices/" + aliceDevice.id(), admin, json(map("accountEnabled", false))).status())
                .isEqualTo(200);
        expect(enroll(t, aliceDevice, newHelloKey()), 403, "device_disabled");
        assertThat(call("PATCH", base() + "/devices/" + aliceDevice.id(), admin, json(map("accountEnabled", true))).status())
                .isEqualTo(200);
        assertThat(enroll(t, aliceDevice, newHelloKey()).status()).isEqualTo(201);
    }

    @Test
    @Order(3)
    void aUserMayProvisionOnAnotherUsersDeviceWithThatDevicesProof() throws Exception {
        Res r = enroll(aliceToken(), bobDevice, newHelloKey());
        assertThat(r.status()).as(r.raw()).isEqualTo(201);
        assertThat(r.json().get("userId").asString()).isEqualTo(alice[0]);
        assertThat(r.json().get("deviceId").asString()).isEqualTo(bobDevice.id());
    }

    @Test
    @Order(4)
    void listingAndRevokingIsForTheUserThemselfOrAnAdmin() throws Exception {
        String a = aliceToken();
        Res mine = call("GET", base() + "/users/" + alice[0] + "/hello-keys", a, null);
        assertThat(mine.status()).as(mine.raw()).isEqualTo(200);
        List<String> kids = mine.json().get("value").findValuesAsString("kid");
        assertThat(kids).hasSize(5).contains(keptKid);
        assertThat(mine.json().get("value").findValuesAsString("userId")).containsOnly(alice[0]);
        assertThat(mine.json().get("value").findValuesAsString("deviceId")).containsOnly(aliceDevice.id(), bobDevice.id());
        assertThat(call("GET", base() + "/users/alice@contoso.test/hello-keys", a, null).json().get("value").size()).isEqualTo(5);
        assertThat(call("GET", base() + "/users/" + alice[0] + "/hello-keys", admin, null).json().get("value").size()).isEqualTo(5);
        String b = bobToken();
        expect(call("GET", base() + "/users/" + alice[0] + "/hello-keys", b, null), 403, "forbidden");

        String victim = kids.stream().filter(k -> !k.equals(keptKid)).findFirst().orElseThrow();
        String victimPath = base() + "/users/" + alice[0] + "/hello-keys/" + b64url(java.util.Base64.getDecoder().decode(victim));
        expect(call("DELETE", victimPath, b, null), 403, "forbidden");
        assertThat(call("DELETE", victimPath, a, null).status()).isEqualTo(204);
        expect(call("DELETE", victimPath, a, null), 404, "not_found");
        expect(call("DELETE", base() + "/users/" + alice[0] + "/hello-keys/not-a-kid", a, null), 400, "invalid_kid");
        // bob's path with alice's kid: not bob's key
        String another = kids.stream().filter(k -> !k.equals(keptKid) && !k.equals(victim)).findFirst().orElseThrow();
        String anotherUrl = b64url(java.util.Base64.getDecoder().decode(another));
        expect(call("DELETE", base() + "/users/" + bob[0] + "/hello-keys/" + anotherUrl, admin, null), 404, "not_found");
        assertThat(call("DELETE", base() + "/users/" + alice[0] + "/hello-keys/" + anotherUrl, admin, null).status())
                .isEqualTo(204);
        assertThat(call("GET", base() + "/users/" + alice[0] + "/hello-keys", a, null).json().get("value")
                .findValuesAsString("kid")).hasSize(3).doesNotContain(victim, another);
        assertThat(auditActivities(admin, "UserManagement")).contains(
                "Delete Windows Hello for Business key | alice@contoso.test on device " + aliceDevice.id());
    }

    @Test
    @Order(5)
    void devicePolicyAssignedToAllOrToAGroupReachesTheDevicesInScope() throws Exception {
        Res none = call("GET", base() + "/device-policy", admin, null);
        assertThat(none.status()).isEqualTo(200);
        assertThat(none.json().get("UseCloudTrustForOnPremAuth").isNull()).isTrue();
        Res before = devicePolicy(aliceDevice.id(), "Device " + proof(aliceDevice));
        assertThat(before.json().get("UseCloudTrustForOnPremAuth").asBoolean()).isFalse();
        assertThat(before.json().get("source").get("UseCloudTrustForOnPremAuth").asString()).isEqualTo("notConfigured");

        Res put = call("PUT", base() + "/device-policy", admin, json(map(
                "UseCloudTrustForOnPremAuth", map("enabled", true, "assignedTo", "allDevices"),
                "CloudKerberosTicketRetrievalEnabled", map("enabled", true, "assignedTo", "group", "groupId",
                        "Cloud trust pilot"))));
        assertThat(put.status()).as(put.raw()).isEqualTo(200);
        JsonNode ck = put.json().get("CloudKerberosTicketRetrievalEnabled");
        assertThat(ck.get("groupId").asString()).isEqualTo(pilotGroupId);
        assertThat(ck.get("groupName").asString()).isEqualTo("Cloud trust pilot");
        assertThat(ck.get("updatedBy").asString()).isEqualTo(ADMIN);
        assertThat(call("GET", base() + "/device-policy", admin, null).json()).isEqualTo(put.json());

        // alice (the owner of ALICE-PC) is in the group, bob is not
        Res a = devicePolicy(aliceDevice.id(), "Device " + proof(aliceDevice));
        assertThat(a.status()).as(a.raw()).isEqualTo(200);
        assertThat(a.json().get("deviceId").asString()).isEqualTo(aliceDevice.id());
        assertThat(a.json().get("UseCloudTrustForOnPremAuth").asBoolean()).isTrue();
        assertThat(a.json().get("CloudKerberosTicketRetrievalEnabled").asBoolean()).isTrue();
        assertThat(a.json().get("source").get("UseCloudTrustForOnPremAuth").asString()).isEqualTo("allDevices");
        assertThat(a.json().get("source").get("CloudKerberosTicketRetrievalEnabled").asString()).isEqualTo("group:" + pilotGroupId);
        Res b = devicePolicy(bobDevice.id(), "Device " + proof(bobDevice));
        assertThat(b.json().get("UseCloudTrustForOnPremAuth").asBoolean()).isTrue();
        assertThat(b.json().get("CloudKerberosTicketRetrievalEnabled").asBoolean()).isFalse();
        assertThat(b.json().get("source").get("CloudKerberosTicketRetrievalEnabled").asString()).isEqualTo("notAssigned");

        // at sign-in, the signing-in user's membership brings bob's device in scope (the PRT endpoint's view)
        DevicePolicies policies = service.devicePolicies();
        Device bobPc = service.devices().authenticator().authenticate(tenant(), "Device " + proof(bobDevice));
        assertThat(policies.effective(tenantId, bobPc, Optional.of(alice[0]))).isEqualTo(new DevicePolicies.Effective(true, true));
        assertThat(policies.effective(tenantId, bobPc, Optional.of(bob[0]))).isEqualTo(new DevicePolicies.Effective(true, false));

        // turned off for the group: a disabled setting in scope is off, and says where it comes from
        assertThat(call("PUT", base() + "/device-policy", admin, json(map(
                "UseCloudTrustForOnPremAuth", map("enabled", false, "assignedTo", "group", "groupId", pilotGroupId)))).status())
                .isEqualTo(200);
        Res off = devicePolicy(aliceDevice.id(), "Device " + proof(aliceDevice));
        assertThat(off.json().get("UseCloudTrustForOnPremAuth").asBoolean()).isFalse();
        assertThat(off.json().get("source").get("UseCloudTrustForOnPremAuth").asString()).isEqualTo("group:" + pilotGroupId);
        assertThat(off.json().get("source").get("CloudKerberosTicketRetrievalEnabled").asString()).isEqualTo("notConfigured");
        assertThat(auditActivities(admin, "Policy")).hasSize(2).allMatch(s -> s.startsWith("Update device policy"));
    }

    @Test
    @Order(6)
    void policyRefusals() throws Exception {
        expect(call("PUT", base() + "/device-policy", aliceToken(), json(map("UseCloudTrustForOnPremAuth",
                map("enabled", true, "assignedTo", "allDevices")))), 403, "forbidden");
        expect(call("GET", base() + "/device-policy", bobToken(), null), 403, "forbidden");
        expect(call("PUT", base() + "/device-policy", admin, json(map("UseCloudTrustForOnPremAuth",
                map("enabled", true, "assignedTo", "group", "groupId", "No such group")))), 400, "unknown_group");
        expect(call("PUT", base() + "/device-policy", admin, json(map("UseCloudTrustForOnPremAuth",
                map("enabled", true, "assignedTo", "everyone")))), 400, "invalid_field");
        expect(call("PUT", base() + "/device-policy", admin, json(map("UseCloudTrustForOnPremAuth",
                map("enabled", true, "assignedTo", "allDevices", "groupId", pilotGroupId)))), 400, "invalid_field");
        expect(call("PUT", base() + "/device-policy", admin, json(map("UseCloudTrustForOnPremAuth",
                map("assignedTo", "allDevices")))), 400, "missing_field");
        expect(call("PUT", base() + "/device-policy", admin, json(map("UseCloudTrust", map("enabled", true)))), 400,
                "unknown_field");
        expect(call("PUT", base() + "/device-policy", admin, "[]"), 400, "invalid_body");
        // nothing of that changed the policy of test 5
        assertThat(call("GET", base() + "/device-policy", admin, null).json().get("UseCloudTrustForOnPremAuth").get("groupId")
                .asString()).isEqualTo(pilotGroupId);
    }

    @Test
    @Order(7)
    void aRestartKeepsDevicesKeysAndPolicy() throws Exception {
        JsonNode devices = call("GET", base() + "/devices", admin, null).json();
        JsonNode keys = call("GET", base() + "/users/" + alice[0] + "/hello-keys", admin, null).json();
        JsonNode policy = call("GET", base() + "/device-policy", admin, null).json();
        JsonNode alicePolicy = devicePolicy(aliceDevice.id(), "Device " + proof(aliceDevice)).json();
        restart();
        admin = adminToken();
        assertThat(call("GET", base() + "/devices", admin, null).json()).isEqualTo(devices);
        assertThat(call("GET", base() + "/users/" + alice[0] + "/hello-keys", admin, null).json()).isEqualTo(keys);
        assertThat(call("GET", base() + "/device-policy", admin, null).json()).isEqualTo(policy);
        assertThat(devicePolicy(aliceDevice.id(), "Device " + proof(aliceDevice)).json()).isEqualTo(alicePolicy);
        assertThat(keys.get("value").findValuesAsString("kid")).contains(keptKid);
    }

    @Test
    @Order(8)
    void disabledOrDeletedDevicesCannotReadPolicyAndDeletionTakesTheirKeys() throws Exception {
        assertThat(call("PATCH", base() + "/devices/" + bobDevice.id(), admin, json(map("accountEnabled", false))).status())
                .isEqualTo(200);
        expect(devicePolicy(bobDevice.id(), "Device " + proof(bobDevice)), 403, "device_disabled");
        assertThat(call("DELETE", base() + "/devices/" + bobDevice.id(), admin, null).status()).isEqualTo(204);
        expect(devicePolicy(bobDevice.id(), "Device " + proof(bobDevice)), 401, "unknown_device");
        assertThat(call("GET", base() + "/users/" + alice[0] + "/hello-keys", admin, null).json().get("value")
                .findValuesAsString("deviceId")).containsOnly(aliceDevice.id());
    }

    @Test
    @Order(9)
    void noTokenOrDeviceProofReachesTheLog() {
        assertNoSecretsLogged();
    }

    Tenant tenant() {
        return new Tenant(tenantId, "Contoso", List.of("contoso.test"), clock.instant());
    }
}
