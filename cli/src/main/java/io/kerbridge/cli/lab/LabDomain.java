package io.kerbridge.cli.lab;

import java.util.List;
import java.util.Locale;

/** The lab's two AD domains: the forest root CONTOSO.TEST and its child EMEA.CONTOSO.TEST, each with its own DC. */
enum LabDomain {
    CONTOSO("contoso", "contoso.test", "CONTOSO", "dc1.contoso.test"),
    EMEA("emea", "emea.contoso.test", "EMEA", "dc1.emea.contoso.test");

    private final String key;
    private final String dns;
    private final String netbios;
    private final String host;

    LabDomain(String key, String dns, String netbios, String host) {
        this.key = key;
        this.dns = dns;
        this.netbios = netbios;
        this.host = host;
    }

    static final List<LabDomain> ALL = List.of(CONTOSO, EMEA);

    /** Short name used in file names, port names and service names: contoso, emea. */
    String key() {
        return key;
    }

    String dns() {
        return dns;
    }

    String realm() {
        return dns.toUpperCase(Locale.ROOT);
    }

    String netbios() {
        return netbios;
    }

    /** The DC's host name; its admin API's SPN is HTTP/&lt;host&gt;. */
    String host() {
        return host;
    }

    String adminSpn() {
        return "HTTP/" + host;
    }

    String service() {
        return "dc-" + key;
    }

    /** The domain's built-in Administrator as a principal name of its realm. */
    String administrator() {
        return "Administrator@" + realm();
    }

    String kdcPortName() {
        return key + "-kdc";
    }

    String kpasswdPortName() {
        return key + "-kpasswd";
    }

    String adminPortName() {
        return key + "-admin";
    }
}
