package io.kerbridge.kerberos.msg;

import java.time.Instant;

/** One LastReq element (RFC 4120 §5.4.2). */
public record LastReq(int lrType, Instant lrValue) {}
