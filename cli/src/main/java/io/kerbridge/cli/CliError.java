package io.kerbridge.cli;

/** A user-facing failure: the message says what is wrong and how to fix it; printed without a stack trace. */
public final class CliError extends RuntimeException {
    public CliError(String message) {
        super(message, null, false, false);
    }
}
