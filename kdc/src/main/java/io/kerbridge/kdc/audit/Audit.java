// Audit trail: one line per request (MIT krb5 kdc_audit.c / kdc_log.c "AS_REQ ... ISSUE" lines),
// with the stable status strings of {@link io.kerbridge.kdc.Status}.
package io.kerbridge.kdc.audit;

/** Receives one event per handled request. Implementations must be cheap and thread-safe. */
@FunctionalInterface
public interface Audit {
    void record(AuditEvent event);

    /** The default: the slf4j logger {@code kerbridge.audit} at INFO. */
    static Audit slf4j() {
        return Slf4jAudit.INSTANCE;
    }

    /**
     * {@code sink} on a background thread: the request thread only queues the event (up to {@code capacity}
     * waiting; beyond that it writes the event itself, so none is lost). Close the result to flush it.
     */
    static Closing async(Audit sink, int capacity) {
        return new AsyncAudit(sink, capacity);
    }

    /** An audit sink to close when the KDC stops (it writes what is still queued). */
    interface Closing extends Audit, AutoCloseable {
        @Override
        void close();
    }

    /** Records nothing (benchmarks). */
    static Audit none() {
        return e -> {};
    }
}
