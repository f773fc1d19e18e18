package io.kerbridge.cloud.store;

import java.util.Arrays;
import java.util.Optional;

/** The directory roles this service knows, with Entra's role template ids. */
public enum Role {
    GLOBAL_ADMINISTRATOR("GlobalAdministrator", "Global Administrator", "62e90394-69f5-4237-9190-012177145e10"),
    HYBRID_IDENTITY_ADMINISTRATOR("HybridIdentityAdministrator", "Hybrid Identity Administrator",
            "8ac3fc64-6eca-42ea-9e69-59f4c7b60eb2");

    private final String key;
    private final String displayName;
    private final String templateId;

    Role(String key, String displayName, String templateId) {
        this.key = key;
        this.displayName = displayName;
        this.templateId = templateId;
    }

    public String key() {
        return key;
    }

    public String displayName() {
        return displayName;
    }

    public String templateId() {
        return templateId;
    }

    /** By key ({@code GlobalAdministrator}), display name or template id. */
    public static Optional<Role> parse(String s) {
        return Arrays.stream(values())
                .filter(r -> r.key.equalsIgnoreCase(s) || r.displayName.equalsIgnoreCase(s) || r.templateId.equals(s))
                .findFirst();
    }
}
