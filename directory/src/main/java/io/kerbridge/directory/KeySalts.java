package io.kerbridge.directory;

import io.kerbridge.kerberos.Bytes;
import java.util.Locale;

/**
 * The salts AD uses for password-derived keys (what the KDC announces in PA-ETYPE-INFO2).
 *
 * <ul>
 *   <li>users (MS-KILE 3.1.1.2): upper-case realm + sAMAccountName as stored, e.g.
 *       {@code CONTOSO.TESTalice};
 *   <li>computers (MS-KILE 3.1.1.2): upper-case realm + "host" + lower-case name without {@code $} + "."
 *       + lower-case DNS domain, e.g. {@code CONTOSO.TESThostfiles.contoso.test};
 *   <li>krbtgt: realm + "krbtgt" (the user rule); {@code krbtgt_<n>}: realm + "krbtgt_<n>";
 *   <li>trusts (MS-KILE 3.3.5.6.2): incoming {@code OTHER} + "krbtgt" + {@code THIS}, outgoing
 *       {@code THIS} + "krbtgt" + {@code OTHER}, all upper case.
 * </ul>
 */
public final class KeySalts {
    private KeySalts() {}

    public static String forAccount(Domain domain, AccountType type, String samAccountName) {
        return switch (type) {
            case COMPUTER -> computer(domain, samAccountName);
            case USER, KRBTGT, RODC_KRBTGT -> domain.realm() + samAccountName;
            case TRUST -> throw new IllegalArgumentException("trust keys are salted per direction: use forTrust");
        };
    }

    public static String computer(Domain domain, String samAccountName) {
        String host = samAccountName.endsWith("$")
                ? samAccountName.substring(0, samAccountName.length() - 1)
                : samAccountName;
        return domain.realm() + "host" + host.toLowerCase(Locale.ROOT) + "." + domain.dnsName().toLowerCase(Locale.ROOT);
    }

    /**
     * @param incoming true for {@code krbtgt/THIS@OTHER} (referrals from the other realm to us), false for
     *     {@code krbtgt/OTHER@THIS}
     */
    public static String forTrust(String thisRealm, String otherRealm, boolean incoming) {
        String self = thisRealm.toUpperCase(Locale.ROOT);
        String other = otherRealm.toUpperCase(Locale.ROOT);
        return incoming ? other + "krbtgt" + self : self + "krbtgt" + other;
    }

    public static Bytes bytes(String salt) {
        return Bytes.utf8(salt);
    }
}
