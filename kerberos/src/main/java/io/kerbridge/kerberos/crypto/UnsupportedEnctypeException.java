package io.kerbridge.kerberos.crypto;

import io.kerbridge.kerberos.types.EncType;

/** No profile for this enctype in this build (KDC_ERR_ETYPE_NOSUPP for callers). */
public final class UnsupportedEnctypeException extends KerberosCryptoException {
    private final transient EncType encType;

    public UnsupportedEnctypeException(EncType encType) {
        super("unsupported enctype " + encType);
        this.encType = encType;
    }

    /** The enctype that was asked for. */
    public EncType encType() {
        return encType;
    }
}
