package io.kerbridge.cloud.store;

import java.time.Instant;
import java.util.Optional;

/** A user's sign-in state: password hash, sealed TOTP secret, last TOTP step used, failure count, lockout. */
public record Credentials(Optional<String> passwordHash, Optional<byte[]> sealedTotp, long totpLastStep,
        int failedLogins, Instant lockedUntil) {}
