package io.kerbridge.kerberos.types;

import java.util.List;

/**
 * PrincipalName (RFC 4120 §5.2.2): a name type and its components. {@link #toString()} gives the
 * MIT text form (components joined by '/', with '/', '@' and '\' escaped).
 */
public record PrincipalName(NameType type, List<String> components) {
    public PrincipalName {
        java.util.Objects.requireNonNull(type, "type");
        components = List.copyOf(components);
    }

    public static PrincipalName of(NameType type, String... components) {
        return new PrincipalName(type, List.of(components));
    }

    /** NT-PRINCIPAL for a user name such as {@code alice}. */
    public static PrincipalName user(String name) {
        return of(NameType.NT_PRINCIPAL, name);
    }

    /** NT-SRV-INST {@code krbtgt/REALM} (RFC 4120 §7.3). */
    public static PrincipalName krbtgt(String realm) {
        return of(NameType.NT_SRV_INST, "krbtgt", realm);
    }

    /**
     * Parses MIT text form "a/b" (without the realm) honouring '\' escapes. Services with two or more
     * components are NT-SRV-INST, single names NT-PRINCIPAL.
     */
    public static PrincipalName parse(String text) {
        List<String> parts = new java.util.ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length()) {
                cur.append(text.charAt(++i));
            } else if (c == '/') {
                parts.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        parts.add(cur.toString());
        return new PrincipalName(parts.size() > 1 ? NameType.NT_SRV_INST : NameType.NT_PRINCIPAL, parts);
    }

    public boolean isKrbtgt() {
        return components.size() == 2 && components.get(0).equals("krbtgt");
    }

    /** The MIT text form without the realm. */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < components.size(); i++) {
            if (i > 0) {
                b.append('/');
            }
            for (char c : components.get(i).toCharArray()) {
                if (c == '/' || c == '@' || c == '\\') {
                    b.append('\\');
                }
                b.append(c);
            }
        }
        return b.toString();
    }

    /** The MIT text form with the realm, e.g. {@code alice@EXAMPLE.TEST}. */
    public String withRealm(String realm) {
        return this + "@" + realm;
    }
}
