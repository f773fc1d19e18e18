package io.kerbridge.kerberos.keytransport;

import io.kerbridge.kerberos.Bytes;
import io.kerbridge.kerberos.keytransport.KeyTransportException.Reason;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.SecureRandom;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Objects;

/**
 * The private half of a {@link TenantTransportKey}, held by the cloud only. It is exported as
 * PKCS#8 DER for the caller to seal at rest (this library does not store it). {@link #toString()}
 * shows only the kid.
 */
public final class TenantTransportPrivateKey {
    private final ECPrivateKey key;
    private final TenantTransportKey publicKey;

    private TenantTransportPrivateKey(ECPrivateKey key, TenantTransportKey publicKey) {
        this.key = key;
        this.publicKey = publicKey;
    }

    /**
     * A fresh key pair. The scalar is drawn from {@code random} directly (32 octets, rejection
     * sampling), so the same random bytes give the same key on every JDK.
     */
    public static TenantTransportPrivateKey generate(SecureRandom random) {
        P256.KeyPair kp = P256.generate(Objects.requireNonNull(random, "random"));
        return new TenantTransportPrivateKey(kp.privateKey(), TenantTransportKey.trusted(kp.publicKey()));
    }

    /** Imports a PKCS#8 P-256 private key (as written by {@link #toPkcs8()}); the public half is recomputed. */
    public static TenantTransportPrivateKey fromPkcs8(Bytes der) throws KeyTransportException {
        ECPrivateKey k;
        try {
            k = (ECPrivateKey) KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(der.toByteArray()));
        } catch (GeneralSecurityException | ClassCastException | IllegalArgumentException e) {
            throw new KeyTransportException(Reason.INVALID_PRIVATE_KEY, "not a PKCS#8 EC private key");
        }
        if (!P256.isP256(k.getParams()) || k.getS().signum() <= 0 || k.getS().compareTo(P256.N) >= 0) {
            throw new KeyTransportException(Reason.INVALID_PRIVATE_KEY, "not a P-256 private key");
        }
        P256.KeyPair kp = P256.fromScalar(k.getS());
        return new TenantTransportPrivateKey(kp.privateKey(), TenantTransportKey.trusted(kp.publicKey()));
    }

    /** PKCS#8 DER. Secret: the caller seals it at rest and never logs it. */
    public Bytes toPkcs8() {
        return Bytes.wrap(key.getEncoded());
    }

    public TenantTransportKey publicKey() {
        return publicKey;
    }

    public String kid() {
        return publicKey.kid();
    }

    ECPrivateKey privateKey() {
        return key;
    }

    @Override
    public String toString() {
        return "TenantTransportPrivateKey[P-256, kid=" + publicKey.kid() + "]";
    }
}
