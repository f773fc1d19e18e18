// Audit sink over slf4j (logger "kerbridge.audit"); the line format is AuditEvent#line.
package io.kerbridge.kdc.audit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

final class Slf4jAudit implements Audit {
    static final Slf4jAudit INSTANCE = new Slf4jAudit();
    private static final Logger LOG = LoggerFactory.getLogger("kerbridge.audit");

    private Slf4jAudit() {}

    @Override
    public void record(AuditEvent event) {
        if (LOG.isInfoEnabled()) {
            LOG.info(event.line());
        }
    }
}
