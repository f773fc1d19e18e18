package io.kerbridge.dc;

import io.kerbridge.directory.Account;
import io.kerbridge.directory.DirectoryException;
import io.kerbridge.directory.Domain;
import io.kerbridge.directory.DomainPolicy;
import io.kerbridge.directory.Group;
import io.kerbridge.directory.PasswordChange;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** How directory objects look in the admin API's JSON (stable field names; times in ISO 8601). */
final class DirectoryJson {
    private DirectoryJson() {}

    static Map<String, Object> domain(Domain d, DomainPolicy p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("dnsName", d.dnsName());
        m.put("netbiosName", d.netbiosName());
        m.put("realm", d.realm());
        m.put("sid", d.sid().toString());
        d.parentRealm().ifPresent(r -> m.put("parentRealm", r));
        Map<String, Object> pol = new LinkedHashMap<>();
        pol.put("maxPasswordAgeDays", p.maxPasswordAge().toDays());
        pol.put("minPasswordAgeDays", p.minPasswordAge().toDays());
        pol.put("minPasswordLength", p.minPasswordLength());
        pol.put("complexity", p.complexity());
        pol.put("historyLength", p.historyLength());
        pol.put("lockoutThreshold", p.lockoutThreshold());
        pol.put("lockoutWindowMinutes", p.lockoutWindow().toMinutes());
        pol.put("lockoutDurationMinutes", p.lockoutDuration().toMinutes());
        pol.put("maxTicketAgeMinutes", p.maxTicketAge().toMinutes());
        pol.put("maxServiceAgeMinutes", p.maxServiceAge().toMinutes());
        pol.put("maxRenewAgeMinutes", p.maxRenewAge().toMinutes());
        pol.put("maxClockSkewMinutes", p.maxClockSkew().toMinutes());
        m.put("policy", pol);
        return m;
    }

    static Map<String, Object> account(Account a, Domain d, DomainPolicy p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", a.samAccountName());
        m.put("sid", a.sid().toString());
        m.put("type", a.type().name().toLowerCase());
        m.put("upn", a.userPrincipalName().orElse(a.samAccountName() + "@" + d.dnsName()));
        m.put("displayName", a.displayName());
        m.put("enabled", !a.isDisabled());
        m.put("lockedOut", a.lockout().lockoutTime().isPresent());
        m.put("badPasswordCount", a.lockout().badPwdCount());
        m.put("userAccountControl", a.userAccountControl());
        m.put("passwordLastSet", a.pwdLastSet().map(t -> t.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString()).orElse(null));
        m.put("mustChangePassword", a.pwdLastSet().isEmpty());
        m.put("passwordExpires", a.pwdLastSet().filter(t -> !a.passwordNeverExpires() && !p.maxPasswordAge().isZero())
                .map(t -> t.plus(p.maxPasswordAge()).truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString()).orElse(null));
        m.put("accountExpires", a.accountExpires().map(t -> t.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString()).orElse(null));
        m.put("servicePrincipalNames", a.servicePrincipalNames());
        return m;
    }

    static Map<String, Object> group(Group g) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", g.name());
        m.put("sid", g.sid().toString());
        m.put("scope", g.scope().name().toLowerCase().replace('_', '-'));
        m.put("description", g.description());
        return m;
    }

    static String describe(PasswordChange.Result r) {
        return switch (r) {
            case OK -> "ok";
            case TOO_SHORT -> "the password is shorter than the domain's minimum length";
            case NOT_COMPLEX -> "the password does not meet the complexity requirements (3 of: upper, lower, digit, symbol; not the account name)";
            case IN_HISTORY -> "the password was used recently";
            case TOO_SOON -> "the password was changed too recently (minimum password age)";
            case NO_SUCH_ACCOUNT -> "no such account";
        };
    }

    static ApiException toApi(DirectoryException e) {
        return switch (e.reason()) {
            case NAME_IN_USE -> ApiException.conflict(e.getMessage());
            case NO_SUCH_OBJECT -> ApiException.notFound(e.getMessage());
            case INVALID, PASSWORD_POLICY -> ApiException.badRequest(e.getMessage());
            default -> new ApiException(500, e.getMessage());
        };
    }
}
