package io.kerbridge.kerberos.client;

import java.net.URI;
import java.util.Locale;

/**
 * One {@code kdc =} entry: "host", "host:port", "[v6]:port", "tcp/host:port", "udp/host:port" or a
 * KKDCP URL "https://host/path" (MS-KKDCP, as MIT's krb5.conf writes it).
 */
public record KdcAddress(Transport transport, String host, int port, URI proxyUrl) {
    public enum Transport { ANY, UDP, TCP, HTTPS }

    public static KdcAddress parse(String text, int defaultPort) throws KrbConfig.ConfigException {
        String v = text.strip();
        String lower = v.toLowerCase(Locale.ROOT);
        if (lower.startsWith("https://") || lower.startsWith("http://")) {
            URI u = URI.create(v);
            return new KdcAddress(Transport.HTTPS, u.getHost(), u.getPort() < 0 ? 443 : u.getPort(), u);
        }
        Transport t = Transport.ANY;
        if (lower.startsWith("tcp/")) {
            t = Transport.TCP;
            v = v.substring(4);
        } else if (lower.startsWith("udp/")) {
            t = Transport.UDP;
            v = v.substring(4);
        }
        String host = v;
        int port = defaultPort;
        try {
            if (v.startsWith("[")) {
                int close = v.indexOf(']');
                host = v.substring(1, close);
                if (close + 1 < v.length() && v.charAt(close + 1) == ':') {
                    port = Integer.parseInt(v.substring(close + 2));
                }
            } else if (v.indexOf(':') == v.lastIndexOf(':') && v.indexOf(':') > 0) {
                host = v.substring(0, v.indexOf(':'));
                port = Integer.parseInt(v.substring(v.indexOf(':') + 1));
            }
        } catch (RuntimeException e) {
            throw new KrbConfig.ConfigException("bad kdc address '" + text + "'");
        }
        if (host.isEmpty() || port <= 0 || port > 65535) {
            throw new KrbConfig.ConfigException("bad kdc address '" + text + "'");
        }
        return new KdcAddress(t, host, port, null);
    }

    @Override
    public String toString() {
        return proxyUrl != null ? proxyUrl.toString() : host + ":" + port;
    }
}
