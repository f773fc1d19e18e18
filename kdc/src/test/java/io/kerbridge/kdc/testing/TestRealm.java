package io.kerbridge.kdc.testing;

import io.kerbridge.directory.Account;
import io.kerbridge.directory.DomainPolicy;
import io.kerbridge.directory.GroupSids;
import io.kerbridge.kdc.Kdc;
import io.kerbridge.kdc.KdcConfig;
import io.kerbridge.kdc.audit.AuditEvent;
import io.kerbridge.kerberos.client.KdcClient;
import io.kerbridge.kerberos.client.KdcExchange;
import io.kerbridge.kerberos.pac.Sid;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * CONTOSO.TEST (and optionally EMEA.CONTOSO.TEST) served by Kerbridge KDCs on 127.0.0.1: users alice
 * (groups 1200, 1201 + extra SID), bob, carol; the file server FILES$ with HTTP/files.contoso.test. The
 * KDC reads the in-memory directory's RODC policy view (partial-TGT exchange).
 */
public final class TestRealm implements AutoCloseable {
    public static final String REALM = "CONTOSO.TEST";
    public static final String PASSWORD = "Passw0rd!alice";
    public static final DomainPolicy POLICY = new DomainPolicy(Duration.ofDays(42), Duration.ofDays(1), 7, true, 24,
            3, Duration.ofMinutes(30), Duration.ofMinutes(30), Duration.ofHours(10), Duration.ofHours(10),
            Duration.ofDays(7), Duration.ofMinutes(5));

    public final MutableClock clock = new MutableClock();
    public final MemoryDirectory dir;
    public final Account alice;
    public final Account bob;
    public final Account files;
    public final Kdc kdc;
    public final List<AuditEvent> audit = new CopyOnWriteArrayList<>();
    private final Map<String, Kdc> kdcs = new ConcurrentHashMap<>();

    public TestRealm() {
        this(KdcConfig.loopback());
    }

    public TestRealm(KdcConfig config) {
        dir = new MemoryDirectory(MemoryDirectory.domain("contoso.test", "CONTOSO", "S-1-5-21-1000-2000-3000"),
                POLICY, clock);
        alice = dir.addUser("alice", PASSWORD, 1200, 1201);
        dir.setGroups(alice.sid(), new GroupSids(List.of(1200L, 1201L), List.of(Sid.parse("S-1-5-21-9-9-9-4242")),
                List.of()));
        bob = dir.addUser("bob", "Passw0rd!bob");
        files = dir.addService("FILES$", "HTTP/files.contoso.test", "host/files.contoso.test");
        try {
            kdc = Kdc.start(config.withAudit(audit::add), dir, dir, dir, clock);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        kdcs.put(REALM, kdc);
    }

    /** Registers another realm's KDC for {@link #client()}. */
    public void route(String realm, Kdc other) {
        kdcs.put(realm, other);
    }

    /** A KdcClient talking to the in-process services by realm (no network). */
    public KdcClient client() {
        return client(clock);
    }

    /** As {@link #client()}, with the client's own clock. Routes by the request body's realm. */
    public KdcClient client(java.time.Clock clientClock) {
        KdcExchange ex = (realm, req) -> {
            String target = realm;
            try {
                target = io.kerbridge.kerberos.msg.KrbCodec.decodeKdcReq(req).body().value().realm();
            } catch (io.kerbridge.kerberos.asn1.DerException e) {
                // keep the transport's realm
            }
            return kdcs.get(target).service().handle(req, false).orElseThrow();
        };
        return new KdcClient(ex, clientClock, new SecureRandom());
    }

    /** A krb5.conf for MIT tools pointing at this KDC (and any routed realms). */
    public Path krb5Conf(Path dir, String... libdefaults) {
        StringBuilder b = new StringBuilder("[libdefaults]\n    default_realm = " + REALM + "\n"
                + "    dns_lookup_kdc = false\n    dns_lookup_realm = false\n    rdns = false\n"
                + "    dns_canonicalize_hostname = false\n    udp_preference_limit = 1465\n");
        for (String l : libdefaults) {
            b.append("    ").append(l).append('\n');
        }
        b.append("[realms]\n");
        kdcs.forEach((realm, k) -> b.append("    ").append(realm).append(" = {\n        kdc = 127.0.0.1:")
                .append(k.port()).append("\n    }\n"));
        b.append("[domain_realm]\n    .emea.contoso.test = EMEA.CONTOSO.TEST\n    .contoso.test = CONTOSO.TEST\n");
        try {
            Path p = dir.resolve("krb5-" + System.nanoTime() + ".conf");
            Files.writeString(p, b.toString());
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws IOException {
        kdc.close();
    }
}
