package io.kerbridge.kerberos.keytransport;

import java.util.Locale;

/** The canonical form of an AD domain DNS name, shared by {@link KeyContext} and {@link KerberosDomain}. */
final class DnsNames {
    static final int MAX_LENGTH = 253;

    private DnsNames() {}

    /**
     * Lower-cased ASCII letter-digit-hyphen labels of 1..63 characters separated by single dots, at
     * most 253 characters, no trailing dot. DNS names compare case-insensitively, so the canonical
     * form is what gets bound into envelopes and stored.
     *
     * @throws IllegalArgumentException otherwise
     */
    static String canonical(String name) {
        if (name == null || name.isEmpty() || name.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("domain DNS name must be 1.." + MAX_LENGTH + " characters");
        }
        String lower = name.toLowerCase(Locale.ROOT);
        int labelStart = 0;
        for (int i = 0; i <= lower.length(); i++) {
            char c = i < lower.length() ? lower.charAt(i) : '.';
            if (c == '.') {
                int len = i - labelStart;
                if (len < 1 || len > 63) {
                    throw new IllegalArgumentException("domain DNS name has an empty or over-long label");
                }
                if (lower.charAt(labelStart) == '-' || lower.charAt(i - 1) == '-') {
                    throw new IllegalArgumentException("domain DNS name label starts or ends with '-'");
                }
                labelStart = i + 1;
            } else if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) {
                throw new IllegalArgumentException("domain DNS name has a character outside [A-Za-z0-9.-]");
            }
        }
        return lower;
    }
}
