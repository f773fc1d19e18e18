package io.kerbridge.kerberos.crypto;

/** A Kerberos crypto operation failed (bad input, unsupported parameters, integrity failure). */
public class KerberosCryptoException extends Exception {
    public KerberosCryptoException(String message) {
        super(message);
    }

    public KerberosCryptoException(String message, Throwable cause) {
        super(message, cause);
    }
}
