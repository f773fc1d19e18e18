// protocol-notes §1.2-§1.6 (Set/Get/Remove-AzureADKerberosServer: the AD objects, what is published to the
// cloud, the 14 fields of Get-AzureADKerberosServer, -RotateServerKey once per 24 h, dual key in the cloud),
// §7.4 (admin commands), DESIGN.md §4 (rotation: DC first, then cloud; a crash between leaves a state `get`
// reports and `set` repairs).
package io.kerbridge.cli;

import io.kerbridge.kerberos.Bytes;
import io.kerbridge.kerberos.keytransport.KeyContext;
import io.kerbridge.kerberos.keytransport.KeyEnvelope;
import io.kerbridge.kerberos.keytransport.TenantTransportKey;
import io.kerbridge.kerberos.types.EncType;
import io.kerbridge.kerberos.types.EncryptionKey;
import io.kerbridge.kerberos.keytransport.KeyTransportException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

/**
 * {@code kerbridge kerberos-server set|get|remove}: the Kerberos server object of one AD domain on both sides — the
 * {@code krbtgt_<n>} objects on the DC (admin API, a Domain Admin's Kerberos ticket or password) and the Kerberos
 * domain in the cloud tenant (a Hybrid Identity Administrator's token from {@code kerbridge cloud login}). The key
 * goes from the DC's answer straight into an envelope for the tenant's published transport key (ECDH P-256 +
 * AES-GCM, {@code io.kerbridge.kerberos.keytransport}); it is never printed or stored.
 */
@Command(name = "kerberos-server", mixinStandardHelpOptions = true,
        description = {"Create, inspect, rotate and remove the Kerberos server object of a domain (Set/Get/Remove-AzureADKerberosServer).",
                "Domain credential: your TGT (-c) or --domain-user/--domain-password-file; cloud credential: the token of",
                "kerbridge cloud login as a Hybrid Identity Administrator (--cloud-token-file)."},
        subcommands = {KerberosServerCommand.Set.class, KerberosServerCommand.Get.class, KerberosServerCommand.Remove.class})
final class KerberosServerCommand implements Runnable {
    static final String DC_API = "/api/v1/kerberos-server";

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** What both sides hold for one domain. */
    record State(String domain, Optional<JsonNode> ad, Optional<JsonNode> cloud) {
        long adVersion() {
            return ad.map(a -> a.get("KeyVersion").asLong()).orElse(-1L);
        }

        long cloudVersion() {
            return cloud.map(c -> c.get("CloudKeyVersion").asLong()).orElse(-1L);
        }

        boolean inSync() {
            return ad.isPresent() && cloud.isPresent() && adVersion() == cloudVersion()
                    && ad.get().get("Id").asInt() == cloud.get().get("CloudId").asInt();
        }
    }

    /** Options every subcommand takes. */
    static final class Common {
        @Option(names = "--domain", required = true, paramLabel = "DNS", description = "The AD domain, e.g. contoso.test")
        String domain;

        @Option(names = "--cloud-token-file", paramLabel = "FILE",
                description = "Cloud credential from kerbridge cloud login (default ~/.kerbridge/cloud-token.json)")
        Path cloudToken;

        @Mixin
        AdminOptions admin = new AdminOptions();

        String dns() {
            return domain.toLowerCase(Locale.ROOT);
        }
    }

    /** Connects to the DC and checks it serves {@code --domain}. */
    static AdminClient dc(Common c) throws IOException {
        AdminClient dc = c.admin.connect();
        String served = dc.call("GET", "/api/v1/domain", null).path("dnsName").asString("");
        if (!served.equalsIgnoreCase(c.dns())) {
            dc.close();
            throw new CliError("the DC at " + c.admin.dc + " serves " + served + ", not " + c.dns()
                    + "; give the --dc of a DC of " + c.dns());
        }
        return dc;
    }

    static State read(Common c, AdminClient dc, CloudSession cloud) throws IOException {
        AdminClient.Answer a = dc.send("GET", DC_API, null);
        if (a.status() != 200 && a.status() != 404) {
            throw new CliError("the DC refused to show the Kerberos server object: " + a.json().path("error").asString("HTTP " + a.status()));
        }
        CloudSession.Answer k = cloud.call("GET", "/kerberos-domains/" + c.dns(), null);
        if (!k.ok() && k.status() != 404) {
            throw new CliError("the cloud refused to show the Kerberos domain: " + k.reason());
        }
        return new State(c.dns(), a.status() == 200 ? Optional.of(a.json()) : Optional.empty(),
                k.ok() ? Optional.of(k.json()) : Optional.empty());
    }

    @Command(name = "set", mixinStandardHelpOptions = true,
            description = {"Create the object on the DC and publish its key to the cloud; re-running repairs a half-done set-up.",
                    "With --rotate-server-key: a new key on the DC, then in the cloud (which keeps the old key as",
                    "secondary); at most once per 24 h unless --force."})
    static final class Set implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        Common common = new Common();

        @Option(names = "--rotate-server-key", description = "Rotate the key (DC first, then cloud)")
        boolean rotate;

        @Option(names = "--force", description = "With --rotate-server-key: rotate even within 24 h of the last key")
        boolean force;

        @Override
        public Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            CloudSession cloud = CloudSession.load(common.cloudToken);
            try (AdminClient dc = dc(common)) {
                State s = read(common, dc, cloud);
                JsonNode keyed;
                if (s.ad().isEmpty()) {
                    out.println("Creating the Kerberos server object in " + common.dns() + " ...");
                    keyed = dc.call("POST", DC_API, Map.of());
                } else if (rotate) {
                    out.println("Rotating the key of " + s.ad().get().get("DisplayName").asString() + " on the DC ...");
                    keyed = dc.call("POST", DC_API + "/rotate", Map.of("force", force));
                } else if (s.inSync()) {
                    out.println("Nothing to do: " + s.ad().get().get("DisplayName").asString() + " key version "
                            + s.adVersion() + " is on the DC and in the cloud.");
                    return 0;
                } else {
                    // half-done set-up (created or rotated on the DC, never published): a fresh key is the only way to
                    // publish one (the DC hands a key out only when it makes it); the DC keeps the previous keys, so
                    // tickets the cloud issued under them still exchange
                    out.println("Repairing: the cloud " + (s.cloud().isEmpty() ? "has no Kerberos domain " + common.dns()
                            : "has key version " + s.cloudVersion() + ", the DC " + s.adVersion())
                            + "; rotating the DC key and publishing it ...");
                    keyed = dc.call("POST", DC_API + "/rotate", Map.of("force", true));
                }
                JsonNode published = publish(cloud, common.dns(), keyed);
                out.println("Published " + keyed.get("DisplayName").asString() + " key version " + keyed.get("KeyVersion").asLong()
                        + " to the cloud (" + cloud.url() + ")" + (published.hasNonNull("secondaryKeyVersion")
                        ? "; previous key version " + published.get("secondaryKeyVersion").asLong() + " kept as secondary" : "")
                        + ".");
                return 0;
            }
        }
    }

    /** Seals the DC's key for the tenant's transport key and PUTs it as the Kerberos domain (notes §1.3). */
    static JsonNode publish(CloudSession cloud, String dns, JsonNode keyed) throws IOException {
        CloudSession.Answer tenant = cloud.call("GET", "", null);
        CloudSession.Answer jwk = cloud.call("GET", "/kerberos-domains/transport-key", null);
        if (!tenant.ok() || !jwk.ok()) {
            throw new CliError("the cloud refused to show the tenant's transport key: " + (tenant.ok() ? jwk : tenant).reason()
                    + " (the cloud credential must be a Hybrid Identity Administrator)");
        }
        byte[] raw = Base64.getDecoder().decode(keyed.get("key").get("value").asString());
        EncryptionKey key = new EncryptionKey(EncType.AES256_CTS_HMAC_SHA1_96, raw);
        java.util.Arrays.fill(raw, (byte) 0);
        try {
            int id = keyed.get("Id").asInt();
            long version = keyed.get("KeyVersion").asLong();
            KeyContext ctx = new KeyContext(UUID.fromString(tenant.json().get("id").asString()), dns, id, version,
                    EncType.AES256_CTS_HMAC_SHA1_96);
            Bytes envelope = KeyEnvelope.seal(TenantTransportKey.fromJwk(jwk.json().toString()), ctx, key, new SecureRandom());
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("rodcNumber", id);
            body.put("keyVersion", version);
            body.put("keyUpdatedFrom", keyed.get("KeyUpdatedFrom").asString());
            body.put("envelope", Base64.getUrlEncoder().withoutPadding().encodeToString(envelope.toByteArray()));
            CloudSession.Answer r = cloud.call("PUT", "/kerberos-domains/" + dns, body);
            if (!r.ok()) {
                throw new CliError("the DC has the new key (version " + version + ") but the cloud refused it: " + r.reason()
                        + "; fix that and run kerbridge kerberos-server set --domain " + dns + " again (it repairs)");
            }
            return r.json();
        } catch (KeyTransportException e) {
            throw new CliError("the tenant's transport key is not usable: " + e.getMessage());
        } finally {
            key.destroy();
        }
    }

    @Command(name = "get", mixinStandardHelpOptions = true,
            description = "Print the object as Get-AzureADKerberosServer does (AD and cloud fields) and whether the two agree.")
    static final class Get implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        Common common = new Common();

        @Override
        public Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            CloudSession cloud = CloudSession.load(common.cloudToken);
            State s;
            try (AdminClient dc = dc(common)) {
                s = read(common, dc, cloud);
            }
            Map<String, Object> fields = fields(s);
            List<String> problems = problems(s);
            if (common.admin.json) {
                Map<String, Object> j = new LinkedHashMap<>(fields);
                j.put("InSync", problems.isEmpty());
                j.put("Problems", problems);
                Output.json(out, io.kerbridge.cloud.http.Json.MAPPER.valueToTree(j));
            } else {
                int w = fields.keySet().stream().mapToInt(String::length).max().orElse(0);
                fields.forEach((k, v) -> out.println(String.format("%-" + w + "s : %s", k, v == null ? "" : v)));
                out.println();
                problems.forEach(p -> out.println("WARNING: " + p));
                if (problems.isEmpty()) {
                    out.println("AD and the cloud agree: " + s.ad().get().get("DisplayName").asString() + ", key version "
                            + s.adVersion() + " (ticket kvno " + s.ad().get().get("kvno").asLong() + ").");
                }
            }
            return problems.isEmpty() ? 0 : 1;
        }
    }

    /** The 14 fields of Get-AzureADKerberosServer, in its order (protocol-notes §1.4); empty when absent. */
    static Map<String, Object> fields(State s) {
        Map<String, Object> m = new LinkedHashMap<>();
        JsonNode a = s.ad().orElse(null);
        JsonNode c = s.cloud().orElse(null);
        m.put("Id", a == null ? null : a.get("Id").asInt());
        for (String f : List.of("UserAccount", "ComputerAccount", "DisplayName", "DomainDnsName")) {
            m.put(f, a == null ? null : a.get(f).asString());
        }
        m.put("KeyVersion", a == null ? null : a.get("KeyVersion").asLong());
        m.put("KeyUpdatedOn", a == null ? null : a.get("KeyUpdatedOn").asString());
        m.put("KeyUpdatedFrom", a == null ? null : a.get("KeyUpdatedFrom").asString());
        m.put("CloudDisplayName", c == null ? null : c.get("CloudDisplayName").asString());
        m.put("CloudDomainDnsName", c == null ? null : c.get("CloudDomainDnsName").asString());
        m.put("CloudId", c == null ? null : c.get("CloudId").asInt());
        m.put("CloudKeyVersion", c == null ? null : c.get("CloudKeyVersion").asLong());
        m.put("CloudKeyUpdatedOn", c == null ? null : c.get("CloudKeyUpdatedOn").asString());
        m.put("CloudTrustDisplay", null);
        return m;
    }

    /** Where AD and the cloud disagree, each with what it breaks and the fix. */
    static List<String> problems(State s) {
        List<String> p = new ArrayList<>();
        String fix = "kerbridge kerberos-server set --domain " + s.domain();
        if (s.ad().isEmpty() && s.cloud().isEmpty()) {
            p.add("no Kerberos server object in " + s.domain() + " on either side; create it with " + fix);
        } else if (s.ad().isEmpty()) {
            p.add("the cloud has a Kerberos domain " + s.domain() + " but the DC has no object: partial TGTs cannot be"
                    + " exchanged; run kerbridge kerberos-server remove --domain " + s.domain() + ", then " + fix);
        } else if (s.cloud().isEmpty()) {
            p.add("the DC has " + s.ad().get().get("DisplayName").asString() + " but the cloud has no Kerberos domain "
                    + s.domain() + ": no partial TGTs are issued (status 28); publish it with " + fix);
        } else if (s.ad().get().get("Id").asInt() != s.cloud().get().get("CloudId").asInt()) {
            p.add("Id " + s.ad().get().get("Id").asInt() + " on the DC but CloudId " + s.cloud().get().get("CloudId").asInt()
                    + " in the cloud: the DC cannot decrypt the cloud's tickets; run " + fix);
        } else if (s.adVersion() != s.cloudVersion()) {
            p.add("KeyVersion " + s.adVersion() + " on the DC but CloudKeyVersion " + s.cloudVersion() + " in the cloud"
                    + (s.adVersion() > s.cloudVersion() ? " (a rotation that did not reach the cloud): tickets still exchange"
                            + " while the DC keeps the old key; run " + fix + " to publish a current key"
                            : ": the cloud is ahead of the DC; run kerbridge kerberos-server remove and " + fix));
        }
        return p;
    }

    @Command(name = "remove", mixinStandardHelpOptions = true,
            description = "Remove the Kerberos domain from the cloud (no more partial TGTs), then the object from the DC.")
    static final class Remove implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        Common common = new Common();

        @Override
        public Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            CloudSession cloud = CloudSession.load(common.cloudToken);
            try (AdminClient dc = dc(common)) {
                State s = read(common, dc, cloud);
                if (s.ad().isEmpty() && s.cloud().isEmpty()) {
                    throw new CliError("there is no Kerberos server object in " + common.dns() + " on either side");
                }
                if (s.cloud().isPresent()) {
                    CloudSession.Answer r = cloud.call("DELETE", "/kerberos-domains/" + common.dns(), null);
                    if (!r.ok() && r.status() != 404) {
                        throw new CliError("the cloud refused to remove the Kerberos domain: " + r.reason());
                    }
                    out.println("Removed the Kerberos domain " + common.dns() + " from the cloud.");
                }
                if (s.ad().isPresent()) {
                    dc.call("DELETE", DC_API, null);
                    out.println("Removed " + s.ad().get().get("DisplayName").asString() + " and AzureADKerberos from "
                            + common.dns() + ".");
                }
                return 0;
            }
        }
    }
}
