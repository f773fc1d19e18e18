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

    /** Records nothing (benchmarks). */
    static Audit none() {
        return e -> {};
    }
}
