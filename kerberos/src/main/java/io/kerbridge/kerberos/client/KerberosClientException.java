package io.kerbridge.kerberos.client;

/** A client-side failure with a message fit for an end user (what went wrong, what to do). */
public class KerberosClientException extends Exception {
    public KerberosClientException(String message) {
        super(message);
    }

    public KerberosClientException(String message, Throwable cause) {
        super(message, cause);
    }
}
