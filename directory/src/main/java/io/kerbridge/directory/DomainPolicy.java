package io.kerbridge.directory;

import java.time.Duration;

/**
 * A domain's password, lockout and Kerberos policy (the Default Domain Policy's settings).
 *
 * @param maxPasswordAge passwords older than this are expired (zero = never)
 * @param lockoutThreshold bad passwords before lockout (zero = never lock)
 * @param lockoutWindow badPwdCount resets after this long without a failure
 * @param lockoutDuration how long a lockout lasts (zero = until an admin unlocks)
 * @param maxTicketAge MaxTicketAge (TGT lifetime, AD default 10 h)
 * @param maxServiceAge MaxServiceAge (service ticket lifetime, AD default 10 h)
 * @param maxRenewAge MaxRenewAge (AD default 7 days)
 * @param maxClockSkew MaxClockSkew (AD default 5 minutes)
 */
public record DomainPolicy(Duration maxPasswordAge, Duration minPasswordAge, int minPasswordLength,
        boolean complexity, int historyLength, int lockoutThreshold, Duration lockoutWindow,
        Duration lockoutDuration, Duration maxTicketAge, Duration maxServiceAge, Duration maxRenewAge,
        Duration maxClockSkew) {
    /** The Default Domain Policy of a new Windows domain. */
    public static final DomainPolicy AD_DEFAULT = new DomainPolicy(Duration.ofDays(42), Duration.ofDays(1), 7, true,
            24, 0, Duration.ofMinutes(30), Duration.ofMinutes(30), Duration.ofHours(10), Duration.ofHours(10),
            Duration.ofDays(7), Duration.ofMinutes(5));
}
