// protocol-notes §3.5 (dsregcmd /status: SSO State — AzureAdPrt, AzureAdPrtUpdateTime, AzureAdPrtExpiryTime,
// AzureAdPrtAuthority, AcquirePrtDiagnostics, EnterprisePrt, OnPremTgt, CloudTgt, KerbTopLevelNames; Ngc Prerequisite
// Check with OnPremTGT only on hybrid-joined devices), §3.6 (the partial-TGT prerequisite is not checked on
// Entra-joined devices), §3.4 (the policy), §3.1 (device id, TPM-bound keys on Windows). Field names from S10
// (troubleshoot-device-dsregcmd).
package io.kerbridge.device;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;

/** The sections of {@code dsregcmd /status} that apply to a Kerbridge device, in Windows' layout. */
public final class DsregcmdView {
    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    static final int NAME_WIDTH = 26;

    /** Everything the view shows; absent parts print as NO / blank. */
    public record Input(Optional<DeviceState> device, Optional<X509Certificate> certificate, Optional<DevicePolicy> policy,
            Optional<String> user, Optional<HelloKeyStore.Meta> hello, Optional<HelloKeyStore.Attempts> attempts,
            Optional<PrtState> prt, String deviceName, Instant now) {}

    private DsregcmdView() {}

    public static String render(Input in) {
        StringBuilder out = new StringBuilder();
        boolean joined = in.device().isPresent();
        section(out, "Device State");
        line(out, "AzureAdJoined", yes(joined));
        line(out, "EnterpriseJoined", "NO");
        line(out, "DomainJoined", "NO");
        line(out, "Device Name", in.device().map(DeviceState::displayName).orElse(in.deviceName()));
        if (joined) {
            DeviceState d = in.device().get();
            section(out, "Device Details");
            line(out, "DeviceId", d.deviceId());
            in.certificate().ifPresent(c -> {
                line(out, "Thumbprint", thumbprint(c));
                line(out, "DeviceCertificateValidity", "[ " + TIME.format(c.getNotBefore().toInstant()) + " -- "
                        + TIME.format(c.getNotAfter().toInstant()) + " ]");
            });
            line(out, "KeyProvider", "Kerbridge software key store (PKCS#12)");
            line(out, "TpmProtected", "NO");
            line(out, "DeviceJoinTime", TIME.format(d.joinedAt()));
            section(out, "Tenant Details");
            line(out, "TenantName", d.tenantDomain());
            line(out, "TenantId", d.tenantId());
            line(out, "AuthCodeUrl", d.cloudUrl() + "/" + d.tenantId() + "/oauth2/authorize");
            line(out, "AccessTokenUrl", d.cloudUrl() + "/" + d.tenantId() + "/oauth2/token");
            line(out, "DeviceRegistrationUrl", d.cloudUrl() + "/api/v1/" + d.tenantId() + "/devices");
            line(out, "KeySrvUrl", d.cloudUrl() + "/" + d.tenantId() + "/EnrollmentServer/key/");
        }
        section(out, "User State");
        line(out, "User", in.user().orElse(""));
        line(out, "NgcSet", yes(in.hello().isPresent()));
        in.hello().ifPresent(h -> line(out, "NgcKeyId", "{" + h.kid() + "}"));
        in.attempts().filter(a -> in.hello().isPresent()).ifPresent(a -> line(out, "NgcPinState", a.locked()
                ? "LOCKED (" + a.failed() + " wrong PINs; kerbridge hello reset-pin)"
                : a.failed() == 0 ? "OK" : a.failed() + " wrong PIN(s), " + (HelloKeyStore.MAX_ATTEMPTS - a.failed()) + " left"));
        line(out, "WorkplaceJoined", "NO");

        section(out, "SSO State");
        Optional<PrtState> prt = in.prt();
        boolean hasPrt = prt.map(PrtState::hasPrt).orElse(false) && prt.get().expiresAt().isAfter(in.now());
        line(out, "AzureAdPrt", yes(hasPrt));
        if (prt.map(PrtState::hasPrt).orElse(false)) {
            PrtState p = prt.get();
            line(out, "AzureAdPrtUpdateTime", TIME.format(p.updatedAt()));
            line(out, "AzureAdPrtExpiryTime", TIME.format(p.expiresAt()));
            line(out, "AzureAdPrtAuthority", p.authority());
        }
        prt.map(PrtState::lastAttempt).ifPresent(a -> {
            if (!a.success()) {
                line(out, "AcquirePrtDiagnostics", "PRESENT");
                line(out, "Previous Prt Attempt", TIME.format(a.time()));
                line(out, "Attempt Status", "FAILED");
                line(out, "User Identity", prt.get().upn());
                line(out, "Credential Type", a.credentialType());
                line(out, "Endpoint URI", a.endpoint());
                line(out, "HTTP Method", a.httpMethod());
                line(out, "HTTP Status", a.httpStatus() == null ? "" : Integer.toString(a.httpStatus()));
                line(out, "Server Error Code", nz(a.serverErrorCode()));
                line(out, "Server Error Description", nz(a.serverErrorDescription()));
            } else {
                line(out, "AcquirePrtDiagnostics", "NOT PRESENT");
            }
        });
        line(out, "EnterprisePrt", "NO");
        line(out, "OnPremTgt", yes(hasPrt && prt.get().onPremTgt()));
        line(out, "CloudTgt", yes(hasPrt && prt.get().cloudTgt()));
        line(out, "KerbTopLevelNames", prt.map(PrtState::kerbTopLevelNames).orElse(""));
        prt.map(PrtState::tgtNote).ifPresent(n -> line(out, "OnPremTgtNote", n));

        section(out, "Ngc Prerequisite Check");
        line(out, "IsDeviceJoined", yes(joined));
        line(out, "IsUserAzureAD", yes(in.user().isPresent()));
        line(out, "PolicyEnabled", "YES");
        line(out, "PostLogonEnabled", "YES");
        line(out, "DeviceEligible", yes(joined));
        line(out, "SessionIsNotRemote", "YES");
        line(out, "CertEnrollment", "none");
        line(out, "OnPremTGT", "Not Tested (Entra-joined device)");
        line(out, "CloudTrustPolicy", in.policy().map(p -> (p.useCloudTrustForOnPremAuth() ? "ENABLED" : "DISABLED")
                + " (" + DevicePolicy.USE_CLOUD_TRUST + ", " + p.sourceOf(DevicePolicy.USE_CLOUD_TRUST)
                + (p.fetchedAt() == null ? "" : ", fetched " + TIME.format(p.fetchedAt())) + ")")
                .orElse("NOT FETCHED (kerbridge device sync)"));
        line(out, "PreReqResult", !joined ? "WillNotProvision" : in.hello().isPresent() ? "AlreadyProvisioned" : "WillProvision");
        return out.append('\n').toString();
    }

    private static void section(StringBuilder out, String title) {
        String bar = "+" + "-".repeat(78) + "+";
        if (out.length() > 0 && !out.toString().endsWith("\n\n")) {
            out.append('\n');
        }
        out.append(bar).append('\n').append(String.format("| %-76s |%n", title)).append(bar).append("\n\n");
    }

    private static void line(StringBuilder out, String name, String value) {
        out.append(String.format("%" + NAME_WIDTH + "s : %s%n", name, value == null ? "" : value));
    }

    private static String yes(boolean b) {
        return b ? "YES" : "NO";
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    static String thumbprint(X509Certificate c) {
        try {
            return HexFormat.of().withUpperCase().formatHex(MessageDigest.getInstance("SHA-1").digest(c.getEncoded()));
        } catch (GeneralSecurityException e) {
            return "";
        }
    }

}
