package io.kerbridge.directory.testing;

import io.kerbridge.directory.Account;
import io.kerbridge.directory.Directory;
import io.kerbridge.directory.DirectoryOptions;
import io.kerbridge.directory.DomainPolicy;
import io.kerbridge.directory.DomainSpec;
import io.kerbridge.directory.Group;
import io.kerbridge.directory.GroupScope;
import io.kerbridge.directory.NewAccount;
import io.kerbridge.directory.WellKnown;
import io.kerbridge.kerberos.pac.Sid;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Ready-made domains for tests of this and other modules (exported in the test-jar).
 *
 * <p>{@link #contoso(Path)}: CONTOSO.TEST (forest root, SID {@link #CONTOSO_SID}), with
 * <ul>
 *   <li>{@code alice} (UPN {@code alice@contoso.test}, password {@link #ALICE_PASSWORD}), member of
 *       {@code Engineering} (global), which is a member of {@code File Share Users} (domain-local);
 *   <li>{@code bob} (password {@link #BOB_PASSWORD}), member of Domain Admins;
 *   <li>{@code FILES$} (computer, random keys) with SPNs {@code HTTP/files.contoso.test} and
 *       {@code host/files.contoso.test};
 *   <li>Administrator with {@link #ADMIN_PASSWORD}.
 * </ul>
 * The policy is the AD default except: lockout after 5 bad passwords, no minimum password age. The
 * clock is a {@link MutableClock} starting at {@link #START}.
 */
public final class TestDirectories {
    public static final String DNS_NAME = "contoso.test";
    public static final String REALM = "CONTOSO.TEST";
    public static final Sid CONTOSO_SID = Sid.parse("S-1-5-21-1004336348-1177238915-682003330");
    public static final Instant START = Instant.parse("2026-11-25T09:00:00Z");
    public static final String ADMIN_PASSWORD = "Adm1n!Passw0rd";
    public static final String ALICE_PASSWORD = "Al1ce!Secret";
    public static final String BOB_PASSWORD = "B0b!Secret#1";
    public static final String FILES_SPN = "HTTP/files.contoso.test";
    public static final DomainPolicy TEST_POLICY = new DomainPolicy(Duration.ofDays(42), Duration.ZERO, 7, true, 24,
            5, Duration.ofMinutes(30), Duration.ofMinutes(30), Duration.ofHours(10), Duration.ofHours(10),
            Duration.ofDays(7), Duration.ofMinutes(5));

    private TestDirectories() {}

    /** A created domain and the objects tests refer to; closing it closes the directory. */
    public record Lab(Directory directory, Path dataDir, MutableClock clock, Account alice, Account bob,
            Account files, Group engineering, Group fileShareUsers) implements AutoCloseable {
        public DirectoryOptions options() {
            return TestDirectories.options(clock);
        }

        /** Reopens the data directory (after {@link #close()}) with the same clock. */
        public Directory reopen() {
            return Directory.open(dataDir, options());
        }

        @Override
        public void close() {
            directory.close();
        }
    }

    public static DirectoryOptions options(MutableClock clock) {
        return new DirectoryOptions(clock, new SecureRandom(), Optional.empty());
    }

    /** An empty CONTOSO.TEST domain (only the well-known objects). */
    public static Directory empty(Path dataDir, MutableClock clock) {
        DomainSpec spec = DomainSpec.forestRoot(DNS_NAME, "CONTOSO").withSid(CONTOSO_SID).withPolicy(TEST_POLICY);
        return Directory.create(dataDir, spec, ADMIN_PASSWORD.toCharArray(), options(clock));
    }

    public static Lab contoso(Path dataDir) {
        MutableClock clock = new MutableClock(START);
        Directory dir = empty(dataDir, clock);
        Account alice = dir.users().create(NewAccount.user("alice", ALICE_PASSWORD.toCharArray())
                .withUpn("alice@contoso.test").withDisplayName("Alice Example"));
        Account bob = dir.users().create(NewAccount.user("bob", BOB_PASSWORD.toCharArray())
                .withDisplayName("Bob Admin"));
        Account files = dir.users().create(NewAccount.computer("FILES").withSpns(FILES_SPN,
                "host/files.contoso.test"));
        Group engineering = dir.groups().create("Engineering", GroupScope.GLOBAL, "engineers");
        Group share = dir.groups().create("File Share Users", GroupScope.DOMAIN_LOCAL, "may use the share");
        dir.groups().addMember(engineering.sid(), alice.sid());
        dir.groups().addMember(share.sid(), engineering.sid());
        dir.groups().addMember(CONTOSO_SID.withRid(WellKnown.DOMAIN_ADMINS), bob.sid());
        return new Lab(dir, dataDir, clock, alice, bob, files, engineering, share);
    }
}
