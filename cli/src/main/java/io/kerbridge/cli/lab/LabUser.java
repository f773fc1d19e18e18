package io.kerbridge.cli.lab;

import java.util.List;

/**
 * The lab's demo users. Each is synced to the cloud, has a random password and PIN (DIR/secrets), a TOTP enrolled in
 * the cloud and a Hello key on the lab's device.
 *
 * @param role what the user shows: {@code finance} (member of Finance, reads the Finance share), {@code user} (an
 *     ordinary user), {@code expired-password} (Hello provisioned, then the password expired: passwordless sign-in is
 *     blocked), {@code domain-admin} (member of Domain Admins: the DC refuses to exchange its partial TGTs)
 */
record LabUser(String sam, LabDomain domain, String displayName, String role) {
    static final String FINANCE = "finance";
    static final String USER = "user";
    static final String EXPIRED = "expired-password";
    static final String DOMAIN_ADMIN = "domain-admin";

    static final List<LabUser> ALL = List.of(
            new LabUser("alice", LabDomain.CONTOSO, "Alice Finance", FINANCE),
            new LabUser("bob", LabDomain.CONTOSO, "Bob Contoso", USER),
            new LabUser("carol", LabDomain.CONTOSO, "Carol Expired", EXPIRED),
            new LabUser("dana", LabDomain.CONTOSO, "Dana Admin", DOMAIN_ADMIN),
            new LabUser("erik", LabDomain.EMEA, "Erik EMEA", USER));

    String upn() {
        return sam + "@" + domain.dns();
    }

    String principal() {
        return sam + "@" + domain.realm();
    }

    static LabUser byRole(LabDomain d, String role) {
        return ALL.stream().filter(u -> u.domain() == d && u.role().equals(role)).findFirst().orElseThrow();
    }

    /** The user who joins the device (the blog author's own account). */
    static LabUser owner() {
        return ALL.get(0);
    }
}
