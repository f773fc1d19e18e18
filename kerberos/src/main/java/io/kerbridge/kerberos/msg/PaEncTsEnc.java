package io.kerbridge.kerberos.msg;

import java.time.Instant;
import java.util.Optional;

/** PA-ENC-TS-ENC (RFC 4120 §5.2.7.2), encrypted with key usage 1 into PA-ENC-TIMESTAMP. */
public record PaEncTsEnc(Instant paTimestamp, Optional<Integer> paUsec) {}
