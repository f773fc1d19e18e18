package io.kerbridge.directory;

import static org.assertj.core.api.Assertions.assertThat;

import io.kerbridge.directory.testing.TestDirectories;
import io.kerbridge.directory.testing.TestDirectories.Lab;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LockoutTest {
    @TempDir
    Path dir;

    private static Account alice(Lab lab) {
        return lab.directory().users().get(lab.alice().sid()).orElseThrow();
    }

    private static boolean locked(Lab lab) {
        return AccountStatus.isLockedOut(alice(lab), lab.directory().principalStore().policy(), lab.clock().instant());
    }

    private static void bad(Lab lab) {
        lab.directory().accountEvents().badPassword(lab.alice().sid(), lab.clock().instant());
    }

    @Test
    void locksAtThresholdWithinTheWindowAndUnlocksAfterTheDuration() {
        try (Lab lab = TestDirectories.contoso(dir)) {
            for (int i = 1; i <= 4; i++) {
                bad(lab);
                lab.clock().advance(Duration.ofMinutes(1));
                assertThat(alice(lab).lockout().badPwdCount()).isEqualTo(i);
                assertThat(locked(lab)).isFalse();
            }
            bad(lab);
            assertThat(alice(lab).lockout().lockoutTime()).contains(lab.clock().instant());
            assertThat(locked(lab)).isTrue();
            // failures while locked are not counted
            bad(lab);
            assertThat(alice(lab).lockout().badPwdCount()).isEqualTo(5);
            lab.clock().advance(Duration.ofMinutes(29));
            assertThat(locked(lab)).isTrue();
            lab.clock().advance(Duration.ofMinutes(1));
            assertThat(locked(lab)).isFalse();
            // the next failure after the lockout starts afresh
            bad(lab);
            assertThat(alice(lab).lockout().badPwdCount()).isEqualTo(1);
            assertThat(alice(lab).lockout().lockoutTime()).isEmpty();
        }
    }

    @Test
    void countResetsAfterTheObservationWindow() {
        try (Lab lab = TestDirectories.contoso(dir)) {
            for (int i = 0; i < 4; i++) {
                bad(lab);
            }
            lab.clock().advance(Duration.ofMinutes(31));
            bad(lab);
            assertThat(alice(lab).lockout().badPwdCount()).isEqualTo(1);
            assertThat(locked(lab)).isFalse();
        }
    }

    @Test
    void goodPasswordResetsOnlyWhenNeeded() {
        try (Lab lab = TestDirectories.contoso(dir)) {
            Account before = alice(lab);
            lab.directory().accountEvents().goodPassword(lab.alice().sid(), lab.clock().instant());
            assertThat(alice(lab)).isSameAs(before); // nothing written, entry untouched
            bad(lab);
            bad(lab);
            lab.directory().accountEvents().goodPassword(lab.alice().sid(), lab.clock().instant());
            assertThat(alice(lab).lockout().badPwdCount()).isZero();
        }
    }

    @Test
    void adminUnlockAndZeroDurationMeansUntilUnlocked() {
        try (Lab lab = TestDirectories.contoso(dir)) {
            DomainPolicy p = lab.directory().domainAdmin().policy();
            lab.directory().domainAdmin().setPolicy(new DomainPolicy(p.maxPasswordAge(), p.minPasswordAge(),
                    p.minPasswordLength(), p.complexity(), p.historyLength(), 2, p.lockoutWindow(), Duration.ZERO,
                    p.maxTicketAge(), p.maxServiceAge(), p.maxRenewAge(), p.maxClockSkew()));
            bad(lab);
            bad(lab);
            lab.clock().advance(Duration.ofDays(3));
            assertThat(locked(lab)).isTrue();
            lab.directory().users().unlock(lab.alice().sid());
            assertThat(locked(lab)).isFalse();
            assertThat(alice(lab).lockout()).isEqualTo(Account.LockoutState.CLEAR);
        }
    }

    @Test
    void lockoutStateSurvivesRestart() {
        Lab lab = TestDirectories.contoso(dir);
        for (int i = 0; i < 5; i++) {
            bad(lab);
        }
        lab.close();
        try (Directory d = lab.reopen()) {
            Account a = d.users().get(lab.alice().sid()).orElseThrow();
            assertThat(a.lockout().badPwdCount()).isEqualTo(5);
            assertThat(AccountStatus.isLockedOut(a, d.principalStore().policy(), lab.clock().instant())).isTrue();
        }
    }
}
