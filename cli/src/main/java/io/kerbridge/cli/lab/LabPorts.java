package io.kerbridge.cli.lab;

import io.kerbridge.cli.CliError;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The lab's ports on 127.0.0.1. Fixed defaults that need no root (base 18000: KDC 18088/18089, kpasswd 18464/18465, admin
 * API 18443/18444, cloud 19443, files 18080), moved together with {@code --base-port}, one by one with
 * {@code --port NAME=PORT}, or picked free by the system ({@code --free-ports}, for tests).
 */
record LabPorts(Map<String, Integer> ports) {
    static final int DEFAULT_BASE = 18000;
    /** Port names, their offset from the base, whether UDP is used too, and what they are. */
    static final List<Spec> SPECS = List.of(
            new Spec("contoso-kdc", 88, true, "KDC of CONTOSO.TEST"),
            new Spec("emea-kdc", 89, true, "KDC of EMEA.CONTOSO.TEST"),
            new Spec("contoso-kpasswd", 464, true, "kpasswd of CONTOSO.TEST"),
            new Spec("emea-kpasswd", 465, true, "kpasswd of EMEA.CONTOSO.TEST"),
            new Spec("contoso-admin", 443, false, "admin API of CONTOSO.TEST"),
            new Spec("emea-admin", 444, false, "admin API of EMEA.CONTOSO.TEST"),
            new Spec("cloud", 1443, false, "cloud service"),
            new Spec("files", 80, false, "file server"));

    record Spec(String name, int offset, boolean udp, String what) {}

    LabPorts {
        ports = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(ports));
    }

    int get(String name) {
        Integer p = ports.get(name);
        if (p == null) {
            throw new IllegalArgumentException("no port " + name);
        }
        return p;
    }

    static Spec spec(String name) {
        return SPECS.stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }

    /** Ports from a base and per-name overrides; names and ranges are checked, duplicates refused. */
    static LabPorts of(int base, Map<String, Integer> overrides) {
        Map<String, Integer> m = new LinkedHashMap<>();
        for (Spec s : SPECS) {
            m.put(s.name(), base + s.offset());
        }
        for (Map.Entry<String, Integer> e : overrides.entrySet()) {
            if (!m.containsKey(e.getKey())) {
                throw new CliError("unknown port name '" + e.getKey() + "'; the names are " + String.join(", ", names()));
            }
            m.put(e.getKey(), e.getValue());
        }
        for (Map.Entry<String, Integer> e : m.entrySet()) {
            if (e.getValue() < 1024 || e.getValue() > 65535) {
                throw new CliError("port " + e.getValue() + " for " + e.getKey() + " is out of range (1024-65535; the lab needs no root)");
            }
        }
        List<Integer> seen = new ArrayList<>();
        for (Map.Entry<String, Integer> e : m.entrySet()) {
            if (seen.contains(e.getValue())) {
                throw new CliError("port " + e.getValue() + " is given to two services (" + e.getKey() + " and another)");
            }
            seen.add(e.getValue());
        }
        return new LabPorts(m);
    }

    /** Ports the system says are free now (TCP, and UDP where a KDC or kpasswd needs it), all different. */
    static LabPorts free() throws IOException {
        Map<String, Integer> m = new LinkedHashMap<>();
        List<AutoCloseable> held = new ArrayList<>();
        try {
            for (Spec s : SPECS) {
                for (int attempt = 0; ; attempt++) {
                    ServerSocket tcp = new ServerSocket();
                    tcp.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                    held.add(tcp);
                    if (!s.udp()) {
                        m.put(s.name(), tcp.getLocalPort());
                        break;
                    }
                    try {
                        held.add(new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), tcp.getLocalPort())));
                        m.put(s.name(), tcp.getLocalPort());
                        break;
                    } catch (IOException e) {
                        if (attempt > 20) {
                            throw e;
                        }
                    }
                }
            }
        } finally {
            for (AutoCloseable c : held) {
                try {
                    c.close();
                } catch (Exception e) {
                    // best effort
                }
            }
        }
        return new LabPorts(m);
    }

    static List<String> names() {
        return SPECS.stream().map(Spec::name).toList();
    }

    /** Why {@code port} cannot be bound on 127.0.0.1 now (TCP, and UDP if asked), or empty when it is free. */
    static Optional<String> busy(int port, boolean udp) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        } catch (IOException e) {
            return Optional.of("TCP port " + port + " is in use");
        }
        if (udp) {
            try (DatagramSocket d = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))) {
                // free
            } catch (IOException e) {
                return Optional.of("UDP port " + port + " is in use");
            }
        }
        return Optional.empty();
    }

    /** "KDC 18088/18089, kpasswd 18464/18465, admin 18443/18444, cloud 19443, files 18080". */
    String summary() {
        return "KDC " + get("contoso-kdc") + "/" + get("emea-kdc") + ", kpasswd " + get("contoso-kpasswd") + "/"
                + get("emea-kpasswd") + ", admin " + get("contoso-admin") + "/" + get("emea-admin") + ", cloud " + get("cloud")
                + ", files " + get("files");
    }
}
