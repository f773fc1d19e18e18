package io.kerbridge.kerberos.keytransport;

import io.kerbridge.kerberos.keytransport.KeyTransportException.Reason;
import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyFactory;
import java.security.SecureRandom;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPrivateKeySpec;
import java.security.spec.ECPublicKeySpec;
import java.util.Arrays;
import javax.crypto.KeyAgreement;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;

/**
 * NIST P-256 (secp256r1) pieces the key transport needs: key generation from a {@link SecureRandom}
 * we control byte for byte (so that test vectors do not depend on a JDK's key-pair generator),
 * point encoding (SEC 1 §2.3.3 uncompressed) with an explicit on-curve check, and ECDH through JCE.
 *
 * <p>JCE's ECDH does the agreement; BouncyCastle's fixed-point comb multiplier only computes
 * {@code d·G} for keys we generate or import (the JDK has no public API for that).
 */
final class P256 {
    static final int FIELD_BYTES = 32;
    static final int POINT_BYTES = 1 + 2 * FIELD_BYTES;
    static final BigInteger P = new BigInteger("ffffffff00000001000000000000000000000000ffffffffffffffffffffffff", 16);
    static final BigInteger B = new BigInteger("5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604b", 16);
    static final BigInteger N = new BigInteger("ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551", 16);
    static final ECParameterSpec PARAMS = params();
    private static final X9ECParameters BC_CURVE = CustomNamedCurves.getByName("secp256r1");

    private P256() {}

    private static ECParameterSpec params() {
        try {
            AlgorithmParameters ap = AlgorithmParameters.getInstance("EC");
            ap.init(new ECGenParameterSpec("secp256r1"));
            return ap.getParameterSpec(ECParameterSpec.class);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("secp256r1 is required in every JRE", e);
        }
    }

    record KeyPair(ECPrivateKey privateKey, ECPublicKey publicKey) {}

    /** A private scalar from 32 random bytes by rejection sampling (1 <= d < n), and its public point. */
    static KeyPair generate(SecureRandom random) {
        byte[] buf = new byte[FIELD_BYTES];
        try {
            while (true) {
                random.nextBytes(buf);
                BigInteger d = new BigInteger(1, buf);
                if (d.signum() > 0 && d.compareTo(N) < 0) {
                    return fromScalar(d);
                }
            }
        } finally {
            Arrays.fill(buf, (byte) 0);
        }
    }

    static KeyPair fromScalar(BigInteger d) {
        try {
            KeyFactory kf = KeyFactory.getInstance("EC");
            ECPrivateKey priv = (ECPrivateKey) kf.generatePrivate(new ECPrivateKeySpec(d, PARAMS));
            return new KeyPair(priv, publicKey(publicPoint(d)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("EC KeyFactory", e);
        }
    }

    static ECPoint publicPoint(BigInteger d) {
        org.bouncycastle.math.ec.ECPoint q = new FixedPointCombMultiplier().multiply(BC_CURVE.getG(), d).normalize();
        return new ECPoint(q.getAffineXCoord().toBigInteger(), q.getAffineYCoord().toBigInteger());
    }

    static ECPublicKey publicKey(ECPoint w) {
        try {
            return (ECPublicKey) KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(w, PARAMS));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("EC KeyFactory", e);
        }
    }

    /** True when the key's parameters are P-256's (compared by value, not by object identity). */
    static boolean isP256(ECParameterSpec spec) {
        return spec.getOrder().equals(N) && spec.getCofactor() == 1
                && spec.getCurve().getB().equals(B) && spec.getGenerator().equals(PARAMS.getGenerator())
                && spec.getCurve().getField().getFieldSize() == 256;
    }

    /** 0 <= x, y < p and y² = x³ - 3x + b (mod p). The cofactor is 1, so this is full validation. */
    static boolean onCurve(BigInteger x, BigInteger y) {
        if (x.signum() < 0 || y.signum() < 0 || x.compareTo(P) >= 0 || y.compareTo(P) >= 0) {
            return false;
        }
        BigInteger lhs = y.multiply(y).mod(P);
        BigInteger rhs = x.pow(3).subtract(x.multiply(BigInteger.valueOf(3))).add(B).mod(P);
        return lhs.equals(rhs);
    }

    /** SEC 1 uncompressed encoding: 0x04 || X || Y, 65 octets. */
    static byte[] encode(ECPoint w) {
        byte[] out = new byte[POINT_BYTES];
        out[0] = 0x04;
        fixed(w.getAffineX(), out, 1);
        fixed(w.getAffineY(), out, 1 + FIELD_BYTES);
        return out;
    }

    static void fixed(BigInteger v, byte[] out, int off) {
        byte[] b = v.toByteArray();
        int len = Math.min(b.length, FIELD_BYTES);
        System.arraycopy(b, b.length - len, out, off + FIELD_BYTES - len, len);
    }

    /** Decodes and validates an uncompressed point; infinity and compressed forms are refused. */
    static ECPublicKey decode(byte[] enc, int off) throws KeyTransportException {
        if (enc.length - off < POINT_BYTES) {
            throw new KeyTransportException(Reason.TRUNCATED, "EC point");
        }
        if (enc[off] != 0x04) {
            throw new KeyTransportException(Reason.MALFORMED, "EC point is not in uncompressed form");
        }
        BigInteger x = new BigInteger(1, Arrays.copyOfRange(enc, off + 1, off + 1 + FIELD_BYTES));
        BigInteger y = new BigInteger(1, Arrays.copyOfRange(enc, off + 1 + FIELD_BYTES, off + POINT_BYTES));
        return fromCoordinates(x, y);
    }

    static ECPublicKey fromCoordinates(BigInteger x, BigInteger y) throws KeyTransportException {
        if (!onCurve(x, y)) {
            throw new KeyTransportException(Reason.INVALID_PUBLIC_KEY, "point is not on P-256");
        }
        return publicKey(new ECPoint(x, y));
    }

    /** ECDH (SEC 1 §3.3.1): the X coordinate of d·Q, 32 octets. */
    static byte[] agree(ECPrivateKey own, ECPublicKey peer) throws KeyTransportException {
        try {
            KeyAgreement ka = KeyAgreement.getInstance("ECDH");
            ka.init(own);
            ka.doPhase(peer, true);
            return ka.generateSecret();
        } catch (InvalidKeyException e) {
            throw new KeyTransportException(Reason.INVALID_PUBLIC_KEY, "ECDH refused the key", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("ECDH is required in every JRE", e);
        }
    }
}
