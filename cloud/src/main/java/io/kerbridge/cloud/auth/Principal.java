package io.kerbridge.cloud.auth;

import io.kerbridge.cloud.store.Role;
import java.util.Set;

/** The authenticated caller of a management call: from a verified token, with the roles it holds now. */
public record Principal(String tenantId, String userId, String upn, Set<Role> roles) {
    public Principal {
        roles = Set.copyOf(roles);
    }
}
