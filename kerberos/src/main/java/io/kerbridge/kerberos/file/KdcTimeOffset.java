package io.kerbridge.kerberos.file;

import java.time.Duration;

/**
 * The ccache v4 header field 1: the KDC clock minus the client clock, as MIT stores it (seconds and
 * microseconds, each a signed 32-bit value).
 */
public record KdcTimeOffset(int seconds, int microseconds) {
    public static final KdcTimeOffset ZERO = new KdcTimeOffset(0, 0);

    public static KdcTimeOffset of(Duration d) {
        return new KdcTimeOffset(Math.toIntExact(d.getSeconds()), d.getNano() / 1000);
    }

    public Duration toDuration() {
        return Duration.ofSeconds(seconds).plusNanos(microseconds * 1000L);
    }
}
