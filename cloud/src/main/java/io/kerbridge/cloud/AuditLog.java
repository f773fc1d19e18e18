package io.kerbridge.cloud;

import io.kerbridge.cloud.store.AuditEvent;
import io.kerbridge.cloud.store.CloudStore;
import java.time.Clock;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Writes sign-in and audit events to the store (queryable) and to the {@code kerbridge.audit.cloud} log. */
public final class AuditLog {
    private static final Logger LOG = LoggerFactory.getLogger("kerbridge.audit.cloud");

    public static final String SIGN_IN = "SignIn";
    public static final String USERS = "UserManagement";
    public static final String GROUPS = "GroupManagement";
    public static final String ROLES = "RoleManagement";

    /** Sign-in status codes (the Entra AADSTS numbers for the same conditions). */
    public static final int OK = 0;
    public static final int INVALID_CREDENTIALS = 50126;
    public static final int ACCOUNT_LOCKED = 50053;
    public static final int ACCOUNT_DISABLED = 50057;
    public static final int PASSWORD_EXPIRED = 50055;
    public static final int STRONG_AUTH_FAILED = 500121;

    private final CloudStore.Audit store;
    private final Clock clock;

    public AuditLog(CloudStore.Audit store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    public void record(String tenantId, String category, String activity, String actor, String target, boolean success,
            int statusCode, String detail) {
        AuditEvent e = new AuditEvent(0, tenantId, clock.instant(), category, activity, actor, target,
                success ? "success" : "failure", statusCode, Optional.ofNullable(detail));
        store.append(e);
        LOG.info("{} tenant={} {} actor={} target={} result={} status={}{}", category, tenantId, activity, actor, target,
                e.result(), statusCode, detail == null ? "" : " (" + detail + ")");
    }

    public void change(String tenantId, String category, String activity, String actor, String target) {
        record(tenantId, category, activity, actor, target, true, OK, null);
    }
}
