package io.kerbridge.kerberos.crypto;

/**
 * Decryption failed: bad MAC, ciphertext too short, or a key that cannot be the right one. The
 * message never contains key or plaintext material. Callers map it to KRB_AP_ERR_BAD_INTEGRITY.
 */
public final class IntegrityException extends KerberosCryptoException {
    public IntegrityException(String message) {
        super(message);
    }
}
