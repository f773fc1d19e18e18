package io.kerbridge.directory;

import static org.assertj.core.api.Assertions.assertThat;

import io.kerbridge.directory.testing.TestDirectories;
import io.kerbridge.directory.testing.TestDirectories.Lab;
import io.kerbridge.kerberos.types.PrincipalName;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConcurrencyTest {
    @TempDir
    Path dir;

    @Test
    void concurrentBadPasswordsAreAllCountedWhileLookupsKeepAnswering() throws Exception {
        try (Lab lab = TestDirectories.contoso(dir)) {
            DomainPolicy p = lab.directory().domainAdmin().policy();
            lab.directory().domainAdmin().setPolicy(new DomainPolicy(p.maxPasswordAge(), p.minPasswordAge(),
                    p.minPasswordLength(), p.complexity(), p.historyLength(), 0, Duration.ofHours(1),
                    p.lockoutDuration(), p.maxTicketAge(), p.maxServiceAge(), p.maxRenewAge(), p.maxClockSkew()));
            PrincipalStore store = lab.directory().principalStore();
            AtomicBoolean stop = new AtomicBoolean();
            ExecutorService pool = Executors.newFixedThreadPool(6);
            try {
                Future<Long> reader = pool.submit(() -> {
                    long n = 0;
                    while (!stop.get()) {
                        assertThat(store.lookup(PrincipalName.user("alice"), "CONTOSO.TEST", LookupPurpose.CLIENT))
                                .isPresent();
                        assertThat(store.lookup(PrincipalName.parse(TestDirectories.FILES_SPN), "CONTOSO.TEST",
                                LookupPurpose.SERVER)).isPresent();
                        n++;
                    }
                    return n;
                });
                List<Future<?>> writers = new ArrayList<>();
                for (int t = 0; t < 4; t++) {
                    writers.add(pool.submit(() -> {
                        for (int i = 0; i < 10; i++) {
                            lab.directory().accountEvents().badPassword(lab.alice().sid(), lab.clock().instant());
                        }
                    }));
                }
                for (Future<?> w : writers) {
                    w.get();
                }
                stop.set(true);
                assertThat(reader.get()).isPositive();
            } finally {
                pool.shutdownNow();
            }
            assertThat(lab.directory().users().get(lab.alice().sid()).orElseThrow().lockout().badPwdCount())
                    .isEqualTo(40);
        }
    }
}
