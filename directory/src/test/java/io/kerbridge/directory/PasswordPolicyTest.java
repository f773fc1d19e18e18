package io.kerbridge.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kerbridge.directory.PasswordChange.Result;
import io.kerbridge.directory.testing.TestDirectories;
import io.kerbridge.directory.testing.TestDirectories.Lab;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PasswordPolicyTest {
    @TempDir
    Path dir;

    private static Result change(Lab lab, String pw) {
        return lab.directory().passwordChange().change(lab.alice().sid(), pw.toCharArray());
    }

    @Test
    void lengthAndComplexity() {
        try (Lab lab = TestDirectories.contoso(dir)) {
            assertThat(change(lab, "Ab1!")).isEqualTo(Result.TOO_SHORT);
            assertThat(change(lab, "alllowercase1")).isEqualTo(Result.NOT_COMPLEX); // 2 categories
            assertThat(change(lab, "xx-ALICE-99z")).isEqualTo(Result.NOT_COMPLEX); // contains sAMAccountName
            assertThat(change(lab, "Example#2026")).isEqualTo(Result.NOT_COMPLEX); // display-name token
            assertThat(change(lab, "Zebra-2026")).isEqualTo(Result.OK);
            assertThat(change(lab, "zebra 2026!")).isEqualTo(Result.OK); // lower, digit, symbol
        }
    }

    @Test
    void historyComparesNtHashesOfPreviousPasswords() {
        try (Lab lab = TestDirectories.contoso(dir)) {
            assertThat(change(lab, TestDirectories.ALICE_PASSWORD)).isEqualTo(Result.IN_HISTORY); // the current one
            assertThat(change(lab, "First-Pass1")).isEqualTo(Result.OK);
            assertThat(change(lab, "Second-Pass2")).isEqualTo(Result.OK);
            assertThat(change(lab, "First-Pass1")).isEqualTo(Result.IN_HISTORY);
            // an administrator's reset is not held to the history
            assertThat(lab.directory().passwordChange().set(lab.alice().sid(), "First-Pass1".toCharArray(), false))
                    .isEqualTo(Result.OK);
        }
    }

    @Test
    void historyLengthLimitsHowFarBack() {
        try (Lab lab = TestDirectories.contoso(dir)) {
            DomainPolicy p = lab.directory().domainAdmin().policy();
            lab.directory().domainAdmin().setPolicy(new DomainPolicy(p.maxPasswordAge(), p.minPasswordAge(),
                    p.minPasswordLength(), p.complexity(), 2, p.lockoutThreshold(), p.lockoutWindow(),
                    p.lockoutDuration(), p.maxTicketAge(), p.maxServiceAge(), p.maxRenewAge(), p.maxClockSkew()));
            assertThat(change(lab, "First-Pass1")).isEqualTo(Result.OK);
            assertThat(change(lab, "Second-Pass2")).isEqualTo(Result.OK);
            assertThat(change(lab, "First-Pass1")).isEqualTo(Result.IN_HISTORY);
            assertThat(change(lab, "Third-Pass3")).isEqualTo(Result.OK);
            assertThat(change(lab, "First-Pass1")).isEqualTo(Result.OK);
        }
    }

    @Test
    void minimumAge() {
        try (Lab lab = TestDirectories.contoso(dir)) {
            DomainPolicy p = lab.directory().domainAdmin().policy();
            lab.directory().domainAdmin().setPolicy(new DomainPolicy(p.maxPasswordAge(), Duration.ofDays(1),
                    p.minPasswordLength(), p.complexity(), p.historyLength(), p.lockoutThreshold(), p.lockoutWindow(),
                    p.lockoutDuration(), p.maxTicketAge(), p.maxServiceAge(), p.maxRenewAge(), p.maxClockSkew()));
            assertThat(change(lab, "First-Pass1")).isEqualTo(Result.TOO_SOON);
            lab.clock().advance(Duration.ofDays(1));
            assertThat(change(lab, "First-Pass1")).isEqualTo(Result.OK);
            assertThat(change(lab, "Second-Pass2")).isEqualTo(Result.TOO_SOON);
        }
    }

    @Test
    void maximumAgeAndMustChange() {
        try (Lab lab = TestDirectories.contoso(dir)) {
            DomainPolicy p = lab.directory().principalStore().policy();
            Account alice = lab.directory().users().get(lab.alice().sid()).orElseThrow();
            Instant set = TestDirectories.START;
            assertThat(AccountStatus.passwordExpiresAt(alice, p)).contains(set.plus(Duration.ofDays(42)));
            assertThat(AccountStatus.isPasswordExpired(alice, p, set.plus(Duration.ofDays(41)))).isFalse();
            assertThat(AccountStatus.isPasswordExpired(alice, p, set.plus(Duration.ofDays(42)))).isTrue();
            lab.directory().users().update(alice.sid(), AccountUpdate.none().setUac(Uac.DONT_EXPIRE_PASSWORD));
            alice = lab.directory().users().get(lab.alice().sid()).orElseThrow();
            assertThat(AccountStatus.passwordExpiresAt(alice, p)).isEmpty();
            lab.directory().passwordChange().set(alice.sid(), "Reset-Pass9".toCharArray(), true);
            Account bob = lab.directory().users().get(lab.bob().sid()).orElseThrow();
            lab.directory().passwordChange().set(bob.sid(), "Reset-Pass9".toCharArray(), true);
            bob = lab.directory().users().get(lab.bob().sid()).orElseThrow();
            assertThat(bob.pwdLastSet()).isEmpty();
            assertThat(AccountStatus.isPasswordExpired(bob, p, set)).isTrue();
        }
    }

    @Test
    void createRefusesWeakPasswordsAndAccountsOfWrongShape() {
        try (Lab lab = TestDirectories.contoso(dir)) {
            assertThatThrownBy(() -> lab.directory().users().create(NewAccount.user("carol", "short".toCharArray())))
                    .hasFieldOrPropertyWithValue("reason", DirectoryException.Reason.PASSWORD_POLICY);
            assertThatThrownBy(() -> lab.directory().users().create(NewAccount.user("carol$", "Xy7!abcdefg".toCharArray())))
                    .hasFieldOrPropertyWithValue("reason", DirectoryException.Reason.INVALID);
            assertThat(lab.directory().passwordChange().change(lab.directory().domain().sidWithRid(502),
                    "Xy7!abcdefg".toCharArray())).isEqualTo(Result.NO_SUCH_ACCOUNT);
        }
    }

    @Test
    void accountExpiry() {
        try (Lab lab = TestDirectories.contoso(dir)) {
            Instant end = TestDirectories.START.plus(Duration.ofDays(2));
            Account a = lab.directory().users().update(lab.alice().sid(), AccountUpdate.none().expires(end));
            assertThat(AccountStatus.isAccountExpired(a, end.minusSeconds(1))).isFalse();
            assertThat(AccountStatus.isAccountExpired(a, end)).isTrue();
            a = lab.directory().users().update(lab.alice().sid(), AccountUpdate.none().expires(Instant.MAX));
            assertThat(a.accountExpires()).isEmpty();
        }
    }
}
