package io.kerbridge.cloud.prt;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Server nonces (protocol-notes §3.2 step 1, §3.2a): random, single use, five minutes, bounded. */
class NoncesTest {
    static final class TestClock extends Clock {
        final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-25T10:00:00Z"));

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    }

    final TestClock clock = new TestClock();

    static String code(Nonces n, String nonce) {
        try {
            n.consume(nonce);
            return "ok";
        } catch (OAuthException e) {
            return e.code();
        }
    }

    @Test
    void randomSingleUseAndReplayToldApartFromUnknown() {
        Nonces n = new Nonces(clock, new SecureRandom());
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String v = n.issue();
            assertThat(v).matches("[A-Za-z0-9_-]{43}");
            assertThat(seen.add(v)).isTrue();
        }
        String a = n.issue();
        assertThat(code(n, a)).isEqualTo("ok");
        assertThat(code(n, a)).isEqualTo("nonce_replayed");
        assertThat(code(n, "never-issued")).isEqualTo("nonce_expired");
        assertThat(code(n, null)).isEqualTo("nonce_expired");
        assertThat(code(n, "x".repeat(10_000))).isEqualTo("nonce_expired");
    }

    @Test
    void expiresAfterFiveMinutes() {
        Nonces n = new Nonces(clock, new SecureRandom());
        String a = n.issue();
        String b = n.issue();
        clock.now.updateAndGet(t -> t.plus(Nonces.LIFETIME).minusSeconds(1));
        assertThat(code(n, a)).isEqualTo("ok");
        clock.now.updateAndGet(t -> t.plusSeconds(1));
        assertThat(code(n, b)).isEqualTo("nonce_expired");
        assertThat(code(n, a)).isEqualTo("nonce_expired"); // a used nonce is forgotten when it would have expired
        assertThat(n.size()).isZero();
    }

    @Test
    void boundedDropsTheOldest() {
        Nonces n = new Nonces(clock, new SecureRandom(), 3);
        String first = n.issue();
        List<String> rest = List.of(n.issue(), n.issue(), n.issue());
        assertThat(n.size()).isEqualTo(3);
        assertThat(code(n, first)).isEqualTo("nonce_expired");
        for (String r : rest) {
            assertThat(code(n, r)).isEqualTo("ok");
        }
    }

    @Test
    void concurrentUsersOfOneNonceGetItOnce() throws Exception {
        Nonces n = new Nonces(clock, new SecureRandom());
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            for (int round = 0; round < 50; round++) {
                String v = n.issue();
                List<Future<String>> results = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    results.add(pool.submit(() -> code(n, v)));
                }
                int ok = 0;
                for (Future<String> f : results) {
                    ok += f.get().equals("ok") ? 1 : 0;
                }
                assertThat(ok).isEqualTo(1);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
