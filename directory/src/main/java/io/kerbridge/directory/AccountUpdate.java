package io.kerbridge.directory;

import java.time.Instant;
import java.util.Optional;

/**
 * Attribute changes to an account; empty fields are left as they are. {@code userPrincipalName} set
 * to an empty string removes the UPN (the default {@code sam@dnsname} form then still resolves).
 * {@code accountExpires} of {@link Instant#MAX} means never.
 */
public record AccountUpdate(Optional<String> userPrincipalName, Optional<String> displayName,
        Optional<Instant> accountExpires, Optional<Integer> supportedEncryptionTypes, int setUac, int clearUac) {
    /** The uac bits that describe what an account is; they cannot be changed. */
    public static final int TYPE_BITS = Uac.NORMAL_ACCOUNT | Uac.WORKSTATION_TRUST_ACCOUNT
            | Uac.SERVER_TRUST_ACCOUNT | Uac.INTERDOMAIN_TRUST_ACCOUNT | Uac.PARTIAL_SECRETS_ACCOUNT | Uac.LOCKOUT;

    public static AccountUpdate none() {
        return new AccountUpdate(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), 0, 0);
    }

    public AccountUpdate upn(String upn) {
        return new AccountUpdate(Optional.of(upn), displayName, accountExpires, supportedEncryptionTypes, setUac,
                clearUac);
    }

    public AccountUpdate displayName(String name) {
        return new AccountUpdate(userPrincipalName, Optional.of(name), accountExpires, supportedEncryptionTypes,
                setUac, clearUac);
    }

    public AccountUpdate expires(Instant when) {
        return new AccountUpdate(userPrincipalName, displayName, Optional.of(when), supportedEncryptionTypes,
                setUac, clearUac);
    }

    public AccountUpdate supportedEncryptionTypes(int bits) {
        return new AccountUpdate(userPrincipalName, displayName, accountExpires, Optional.of(bits), setUac,
                clearUac);
    }

    public AccountUpdate setUac(int bits) {
        return new AccountUpdate(userPrincipalName, displayName, accountExpires, supportedEncryptionTypes,
                setUac | bits, clearUac & ~bits);
    }

    public AccountUpdate clearUac(int bits) {
        return new AccountUpdate(userPrincipalName, displayName, accountExpires, supportedEncryptionTypes,
                setUac & ~bits, clearUac | bits);
    }
}
