package io.kerbridge.cloud;

/** A failure of the cloud service's set-up or storage (not a refused request): bad data directory, master key, database. */
public class CloudException extends RuntimeException {
    public CloudException(String message) {
        super(message);
    }

    public CloudException(String message, Throwable cause) {
        super(message, cause);
    }
}
