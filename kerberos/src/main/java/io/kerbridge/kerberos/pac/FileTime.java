package io.kerbridge.kerberos.pac;

import java.time.Instant;

/**
 * FILETIME (MS-DTYP 2.3.3): 100-ns intervals since 1601-01-01 UTC, kept as the raw 64-bit value so that
 * the special values survive. MS-PAC 2.5: {@link #NEVER} (0x7FFFFFFFFFFFFFFF) means "never",
 * {@link #UNSET} (0) "not set".
 */
public record FileTime(long value) {
    public static final FileTime UNSET = new FileTime(0);
    public static final FileTime NEVER = new FileTime(Long.MAX_VALUE);
    /** Seconds from 1601-01-01 to 1970-01-01. */
    private static final long EPOCH_DELTA_SECONDS = 11_644_473_600L;

    /** The FILETIME of an instant, truncated to 100 ns. */
    public static FileTime of(Instant t) {
        long secs = Math.addExact(t.getEpochSecond(), EPOCH_DELTA_SECONDS);
        return new FileTime(Math.addExact(Math.multiplyExact(secs, 10_000_000L), t.getNano() / 100));
    }

    /** The instant, for values that are neither {@link #UNSET} nor {@link #NEVER} nor negative. */
    public Instant toInstant() {
        if (value <= 0 || value == Long.MAX_VALUE) {
            throw new IllegalStateException("FILETIME " + Long.toHexString(value) + " is not an instant");
        }
        return Instant.ofEpochSecond(value / 10_000_000L - EPOCH_DELTA_SECONDS, (value % 10_000_000L) * 100);
    }

    public boolean isNever() {
        return value == Long.MAX_VALUE;
    }

    @Override
    public String toString() {
        if (value == 0) {
            return "FileTime[unset]";
        }
        if (value == Long.MAX_VALUE) {
            return "FileTime[never]";
        }
        return value < 0 ? "FileTime[0x" + Long.toHexString(value) + "]" : "FileTime[" + toInstant() + "]";
    }
}
