package io.kerbridge.cli.lab;

import io.kerbridge.kerberos.client.AsRequest;
import io.kerbridge.kerberos.client.HttpAnchors;
import io.kerbridge.kerberos.client.KdcClient;
import io.kerbridge.kerberos.client.KdcErrorException;
import io.kerbridge.kerberos.client.KdcTransport;
import io.kerbridge.kerberos.client.KerberosClientException;
import io.kerbridge.kerberos.client.KeySource;
import io.kerbridge.kerberos.client.KrbConfig;
import io.kerbridge.kerberos.types.PrincipalName;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Is a lab service ready? A DC: its admin API answers HTTPS (401 without a ticket) and its KDC answers an AS-REQ (a
 * KRB-ERROR for an unknown client is an answer). The cloud: {@code /healthz} is 200. The file server: {@code /} is 401
 * (Negotiate). Each check says what is wrong, or nothing.
 */
final class LabHealth {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private LabHealth() {}

    static Optional<String> dc(LabLayout l, LabPorts p, LabDomain d) {
        Optional<String> admin = http(l.dcDir(d).resolve("tls-cert.pem"),
                "https://127.0.0.1:" + p.get(d.adminPortName()) + "/api/v1/domain", 401, "admin API");
        if (admin.isPresent()) {
            return admin;
        }
        return kdc(d.realm(), p.get(d.kdcPortName()));
    }

    /** An AS-REQ for a client that does not exist: the KDC answers C_PRINCIPAL_UNKNOWN when it is up. */
    static Optional<String> kdc(String realm, int port) {
        try {
            KrbConfig cfg = KrbConfig.parse("[realms]\n    " + realm + " = {\n        kdc = 127.0.0.1:" + port + "\n    }\n");
            KdcClient c = new KdcClient(new KdcTransport(cfg, Duration.ofSeconds(3), null), Clock.systemUTC(), new SecureRandom());
            PrincipalName probe = PrincipalName.parse("kerbridge-lab-health-probe");
            c.asExchange(AsRequest.tgt(probe, realm), KeySource.password(realm, probe, "x".toCharArray()));
            return Optional.empty();
        } catch (KdcErrorException e) {
            return Optional.empty();
        } catch (KerberosClientException | KrbConfig.ConfigException | RuntimeException e) {
            return Optional.of("the KDC on 127.0.0.1:" + port + " does not answer (" + e.getMessage() + ")");
        }
    }

    static Optional<String> cloud(LabLayout l, LabPorts p) {
        return http(l.cloudDir().resolve("ca-cert.pem"),
                "https://localhost:" + p.get("cloud") + "/healthz", 200, "/healthz");
    }

    static Optional<String> files(LabPorts p) {
        return http(null, "http://127.0.0.1:" + p.get("files") + "/", 401, "the file server");
    }

    static Optional<String> check(LabLayout l, LabPorts p, LabService s) {
        return switch (s.name()) {
            case "dc-contoso" -> dc(l, p, LabDomain.CONTOSO);
            case "dc-emea" -> dc(l, p, LabDomain.EMEA);
            case "cloud" -> cloud(l, p);
            case "files" -> files(p);
            default -> throw new IllegalArgumentException(s.name());
        };
    }

    /** Every service's check, run at the same time; by service name. */
    static java.util.Map<String, Optional<String>> checkAll(LabLayout l, LabPorts p, List<LabService> services) {
        java.util.Map<String, java.util.concurrent.Future<Optional<String>>> running = new java.util.LinkedHashMap<>();
        try (var ex = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            for (LabService s : services) {
                running.put(s.name(), ex.submit(() -> check(l, p, s)));
            }
            java.util.Map<String, Optional<String>> out = new java.util.LinkedHashMap<>();
            for (var e : running.entrySet()) {
                try {
                    out.put(e.getKey(), e.getValue().get());
                } catch (java.util.concurrent.ExecutionException x) {
                    out.put(e.getKey(), Optional.of(String.valueOf(x.getCause())));
                } catch (InterruptedException x) {
                    Thread.currentThread().interrupt();
                    out.put(e.getKey(), Optional.of("interrupted"));
                }
            }
            return out;
        }
    }

    private static Optional<String> http(java.nio.file.Path ca, String url, int expected, String what) {
        HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(TIMEOUT);
        try {
            if (ca != null) {
                b.sslContext(HttpAnchors.context(List.of(ca.toString())));
            }
        } catch (IOException e) {
            return Optional.of("cannot read " + ca + ": " + e.getMessage());
        }
        try (HttpClient http = b.build()) {
            HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT).GET().build(),
                    HttpResponse.BodyHandlers.discarding());
            return r.statusCode() == expected ? Optional.empty()
                    : Optional.of(what + " answered " + r.statusCode() + ", not " + expected + " (" + url + ")");
        } catch (IOException e) {
            return Optional.of(what + " does not answer at " + url + " (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted");
        } catch (RuntimeException e) {
            return Optional.of(what + ": " + e.getMessage());
        }
    }
}
