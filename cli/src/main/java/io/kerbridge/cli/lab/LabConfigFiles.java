package io.kerbridge.cli.lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** The two files a lab leaves for people and scripts: {@code DIR/krb5.conf} and {@code DIR/lab.json} (README "lab.json"). */
final class LabConfigFiles {
    static final String FILES_HOST = "files.contoso.test";
    static final String FILES_SPN = "HTTP/" + FILES_HOST;
    static final int LAB_JSON_VERSION = 1;

    private LabConfigFiles() {}

    /**
     * Both realms with their KDC and kpasswd, and the host-to-realm map. No {@code include} (the JDK refuses one after a
     * section), no DNS lookups, no reverse DNS: MIT tools (KRB5_CONFIG), the JDK (java.security.krb5.conf) and Kerbridge
     * all read it.
     */
    static String krb5Conf(LabPorts p) {
        StringBuilder b = new StringBuilder();
        b.append("# Written by kerbridge lab up: the lab's realms on 127.0.0.1. Use it with KRB5_CONFIG=").append("<this file>\n");
        b.append("[libdefaults]\n");
        b.append("    default_realm = ").append(LabDomain.CONTOSO.realm()).append('\n');
        b.append("    dns_lookup_kdc = false\n    dns_lookup_realm = false\n    rdns = false\n    dns_canonicalize_hostname = false\n");
        b.append("    forwardable = true\n");
        b.append("\n[realms]\n");
        for (LabDomain d : LabDomain.ALL) {
            b.append("    ").append(d.realm()).append(" = {\n");
            b.append("        kdc = 127.0.0.1:").append(p.get(d.kdcPortName())).append('\n');
            b.append("        kpasswd_server = 127.0.0.1:").append(p.get(d.kpasswdPortName())).append('\n');
            b.append("        admin_server = 127.0.0.1:").append(p.get(d.kpasswdPortName())).append('\n');
            b.append("    }\n");
        }
        b.append("\n[domain_realm]\n");
        b.append("    ").append(FILES_HOST).append(" = ").append(LabDomain.CONTOSO.realm()).append('\n');
        // the child first: MIT picks the longest matching suffix anyway, but people read top-down
        for (LabDomain d : List.of(LabDomain.EMEA, LabDomain.CONTOSO)) {
            b.append("    .").append(d.dns()).append(" = ").append(d.realm()).append('\n');
            b.append("    ").append(d.dns()).append(" = ").append(d.realm()).append('\n');
        }
        return b.toString();
    }

    static String filesUrl(LabPorts p) {
        return "http://" + FILES_HOST + ":" + p.get("files");
    }

    /** lab.json: see README "The lab's lab.json". Paths are absolute. */
    static void writeLabJson(LabLayout l, LabState s, LabCloud cloud) throws IOException {
        LabPorts p = s.ports();
        ObjectNode n = LabState.JSON.createObjectNode();
        n.put("version", LAB_JSON_VERSION);
        n.put("dir", l.dir().toString());
        n.put("krb5Conf", l.krb5Conf().toString());
        ArrayNode realms = n.putArray("realms");
        for (LabDomain d : LabDomain.ALL) {
            ObjectNode r = realms.addObject();
            r.put("realm", d.realm());
            r.put("domain", d.dns());
            r.put("netbios", d.netbios());
            r.put("sid", s.value("sid:" + d.key()));
            if (d == LabDomain.EMEA) {
                r.put("parentRealm", LabDomain.CONTOSO.realm());
            } else {
                r.putNull("parentRealm");
            }
            ObjectNode dc = r.putObject("dc");
            dc.put("service", d.service());
            dc.put("host", d.host());
            dc.put("kdc", "127.0.0.1:" + p.get(d.kdcPortName()));
            dc.put("kpasswd", "127.0.0.1:" + p.get(d.kpasswdPortName()));
            dc.put("adminUrl", "https://127.0.0.1:" + p.get(d.adminPortName()));
            dc.put("adminSpn", d.adminSpn());
            dc.put("adminCaCert", l.dcDir(d).resolve("tls-cert.pem").toString());
            dc.put("dataDir", l.dcDir(d).toString());
            ObjectNode adm = r.putObject("administrator");
            adm.put("principal", d.administrator());
            adm.put("passwordFile", l.passwordFile(d.administrator()).toString());
        }
        ObjectNode c = n.putObject("cloud");
        c.put("service", "cloud");
        c.put("url", cloud.url());
        c.put("caCert", cloud.caCert().toString());
        c.put("tenantId", s.value("tenantId"));
        ArrayNode doms = c.putArray("verifiedDomains");
        LabDomain.ALL.forEach(d -> doms.add(d.dns()));
        c.put("dataDir", l.cloudDir().toString());
        ObjectNode ca = c.putObject("admin");
        ca.put("upn", LabCloud.ADMIN);
        ArrayNode roles = ca.putArray("roles");
        roles.add("GlobalAdministrator").add("HybridIdentityAdministrator");
        ca.put("passwordFile", l.passwordFile(LabCloud.ADMIN).toString());
        ca.put("totpSecretFile", l.totpFile(LabCloud.ADMIN).toString());
        ca.put("tokenFile", l.tokenFile().toString());
        ObjectNode f = n.putObject("fileServer");
        f.put("service", "files");
        f.put("url", filesUrl(p));
        f.put("address", "127.0.0.1:" + p.get("files"));
        f.put("curlResolve", FILES_HOST + ":" + p.get("files") + ":127.0.0.1");
        f.put("spn", FILES_SPN);
        f.put("realm", LabDomain.CONTOSO.realm());
        f.put("serviceAccount", "FILES$");
        f.put("keytab", l.keytab().toString());
        f.put("dataDir", l.filesDir().toString());
        ArrayNode shares = f.putArray("shares");
        ObjectNode pub = shares.addObject();
        pub.put("name", "Public");
        pub.put("url", filesUrl(p) + "/Public/");
        pub.put("path", l.share("Public").toString());
        pub.putArray("read").add("S-1-5-11");
        pub.putArray("write").add("S-1-5-11");
        pub.put("access", "Authenticated Users");
        ObjectNode fin = shares.addObject();
        fin.put("name", "Finance");
        fin.put("url", filesUrl(p) + "/Finance/");
        fin.put("path", l.share("Finance").toString());
        fin.putArray("read").add(s.value("sid:finance"));
        fin.putArray("write").add(s.value("sid:finance"));
        fin.put("access", "CONTOSO\\Finance");
        ObjectNode dev = n.putObject("device");
        dev.put("dir", l.deviceDir().toString());
        dev.put("name", LabUp.DEVICE_NAME);
        dev.put("deviceId", s.value("deviceId"));
        dev.put("joinedBy", LabUser.owner().upn());
        ObjectNode pol = dev.putObject("policy");
        pol.put("UseCloudTrustForOnPremAuth", true);
        pol.put("CloudKerberosTicketRetrievalEnabled", true);
        ArrayNode users = n.putArray("users");
        for (LabUser u : LabUser.ALL) {
            ObjectNode j = users.addObject();
            j.put("upn", u.upn());
            j.put("samAccountName", u.sam());
            j.put("principal", u.principal());
            j.put("domain", u.domain().dns());
            j.put("realm", u.domain().realm());
            j.put("sid", s.value("sid:" + u.upn()));
            j.put("displayName", u.displayName());
            j.put("role", u.role());
            ArrayNode g = j.putArray("groups");
            if (u.role().equals(LabUser.FINANCE)) {
                g.add("Finance");
            }
            if (u.role().equals(LabUser.DOMAIN_ADMIN)) {
                g.add("Domain Admins");
            }
            j.put("passwordFile", l.passwordFile(u.upn()).toString());
            j.put("pinFile", l.pinFile(u.upn()).toString());
            j.put("totpSecretFile", l.totpFile(u.upn()).toString());
            j.put("helloProvisioned", true);
            j.put("passwordlessSignIn", switch (u.role()) {
                case LabUser.EXPIRED -> "refused by the cloud: the password has expired";
                case LabUser.DOMAIN_ADMIN -> "the DC refuses the exchange: Domain Admins are never revealed";
                default -> "full TGT";
            });
        }
        ArrayNode svc = n.putArray("services");
        for (LabService x : LabService.all(l, p, cloud.url(), filesUrl(p))) {
            ObjectNode j = svc.addObject();
            j.put("name", x.name());
            j.put("title", x.title());
            j.put("pidFile", l.pidFile(x.name()).toString());
            j.put("log", l.log(x.name()).toString());
            j.put("address", x.address());
        }
        ObjectNode ports = n.putObject("ports");
        p.ports().forEach(ports::put);
        Path tmp = l.labJson().resolveSibling(".lab.json.tmp");
        Files.writeString(tmp, LabState.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(n) + "\n");
        Files.move(tmp, l.labJson(), java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
}
