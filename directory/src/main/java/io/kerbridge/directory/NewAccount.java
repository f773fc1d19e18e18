package io.kerbridge.directory;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A user or computer account to create. Computers (and service accounts) have a sAMAccountName
 * ending in {@code $} and primary group Domain Computers; a computer without a password gets random
 * keys.
 *
 * @param extraUac userAccountControl bits beyond the type's (e.g. {@link Uac#DONT_REQ_PREAUTH})
 * @param mustChangePassword pwdLastSet = 0
 * @param supportedEncryptionTypes msDS-SupportedEncryptionTypes; 0 = domain default
 */
public record NewAccount(String samAccountName, AccountType type, Optional<char[]> password,
        Optional<String> userPrincipalName, String displayName, int extraUac, boolean mustChangePassword,
        List<String> servicePrincipalNames, int supportedEncryptionTypes, Optional<Instant> accountExpires) {
    public NewAccount {
        Objects.requireNonNull(samAccountName, "samAccountName");
        if (type != AccountType.USER && type != AccountType.COMPUTER) {
            throw new IllegalArgumentException("only users and computers are created this way");
        }
        servicePrincipalNames = List.copyOf(servicePrincipalNames);
    }

    public static NewAccount user(String sam, char[] password) {
        return new NewAccount(sam, AccountType.USER, Optional.of(password), Optional.empty(), sam, 0, false,
                List.of(), 0, Optional.empty());
    }

    /** A computer or service account; {@code $} is appended to the name if missing. */
    public static NewAccount computer(String sam) {
        String name = sam.endsWith("$") ? sam : sam + "$";
        return new NewAccount(name, AccountType.COMPUTER, Optional.empty(), Optional.empty(),
                name.substring(0, name.length() - 1), 0, false, List.of(), 0, Optional.empty());
    }

    public NewAccount withPassword(char[] pw) {
        return new NewAccount(samAccountName, type, Optional.of(pw), userPrincipalName, displayName, extraUac,
                mustChangePassword, servicePrincipalNames, supportedEncryptionTypes, accountExpires);
    }

    public NewAccount withUpn(String upn) {
        return new NewAccount(samAccountName, type, password, Optional.of(upn), displayName, extraUac,
                mustChangePassword, servicePrincipalNames, supportedEncryptionTypes, accountExpires);
    }

    public NewAccount withDisplayName(String name) {
        return new NewAccount(samAccountName, type, password, userPrincipalName, name, extraUac,
                mustChangePassword, servicePrincipalNames, supportedEncryptionTypes, accountExpires);
    }

    public NewAccount withUac(int bits) {
        return new NewAccount(samAccountName, type, password, userPrincipalName, displayName, extraUac | bits,
                mustChangePassword, servicePrincipalNames, supportedEncryptionTypes, accountExpires);
    }

    public NewAccount withMustChangePassword(boolean mustChange) {
        return new NewAccount(samAccountName, type, password, userPrincipalName, displayName, extraUac,
                mustChange, servicePrincipalNames, supportedEncryptionTypes, accountExpires);
    }

    public NewAccount withSpns(String... spns) {
        return new NewAccount(samAccountName, type, password, userPrincipalName, displayName, extraUac,
                mustChangePassword, List.of(spns), supportedEncryptionTypes, accountExpires);
    }

    public NewAccount withSupportedEncryptionTypes(int bits) {
        return new NewAccount(samAccountName, type, password, userPrincipalName, displayName, extraUac,
                mustChangePassword, servicePrincipalNames, bits, accountExpires);
    }

    public NewAccount withExpiry(Instant expires) {
        return new NewAccount(samAccountName, type, password, userPrincipalName, displayName, extraUac,
                mustChangePassword, servicePrincipalNames, supportedEncryptionTypes, Optional.of(expires));
    }
}
