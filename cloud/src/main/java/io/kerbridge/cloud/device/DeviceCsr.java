// protocol-notes §3.1 (device registration, MS-DVRJ in spirit: the device sends a PKCS#10 request for its device
// key and gets a certificate with CN = device id) and §3.2 step 3 (that key signs the PRT request with RS256, so it
// must be RSA). PKCS#10 = RFC 2986.
package io.kerbridge.cloud.device;

import io.kerbridge.cloud.ApiException;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Set;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.PKCSException;

/**
 * The proof of possession of a registering device's key: a PKCS#10 request whose signature verifies under the
 * public key it carries. Checks, each with its own 400 code: parses ({@code invalid_csr}), RSA
 * {@value BcryptRsaKeyBlob#MIN_BITS}..{@value BcryptRsaKeyBlob#MAX_BITS} bits ({@code unsupported_device_key}),
 * a SHA-2 RSA signature algorithm ({@code unsupported_csr_algorithm}), signature valid
 * ({@code csr_signature_invalid}). The subject is ignored: the service names the device.
 */
final class DeviceCsr {
    /** RFC 8017 PKCS #1 v1.5 with SHA-256/384/512, and RSASSA-PSS. */
    private static final Set<ASN1ObjectIdentifier> ALGORITHMS = Set.of(PKCSObjectIdentifiers.sha256WithRSAEncryption,
            PKCSObjectIdentifiers.sha384WithRSAEncryption, PKCSObjectIdentifiers.sha512WithRSAEncryption,
            PKCSObjectIdentifiers.id_RSASSA_PSS);

    private DeviceCsr() {}

    /** The device's public key, once the request proves possession of its private half. */
    static RSAPublicKey verify(byte[] der) throws ApiException {
        PKCS10CertificationRequest csr = parse(der);
        RSAPublicKey key = rsaKey(csr);
        if (!ALGORITHMS.contains(csr.getSignatureAlgorithm().getAlgorithm())) {
            throw ApiException.badRequest("unsupported_csr_algorithm",
                    "the request must be signed with RSA and SHA-256, SHA-384, SHA-512 or RSASSA-PSS");
        }
        checkSignature(csr, key);
        return key;
    }

    private static PKCS10CertificationRequest parse(byte[] der) throws ApiException {
        try {
            PKCS10CertificationRequest csr = new PKCS10CertificationRequest(der);
            if (csr.getSubjectPublicKeyInfo() == null || csr.getSignature() == null) {
                throw new IllegalArgumentException("incomplete");
            }
            return csr;
        } catch (java.io.IOException | RuntimeException e) {
            throw ApiException.badRequest("invalid_csr", "field 'csr' is not a DER PKCS#10 certification request");
        }
    }

    private static RSAPublicKey rsaKey(PKCS10CertificationRequest csr) throws ApiException {
        PublicKey key;
        try {
            key = KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(csr.getSubjectPublicKeyInfo().getEncoded()));
        } catch (GeneralSecurityException | java.io.IOException | RuntimeException e) {
            throw unsupported();
        }
        if (!(key instanceof RSAPublicKey rsa) || rsa.getModulus().bitLength() < BcryptRsaKeyBlob.MIN_BITS
                || rsa.getModulus().bitLength() > BcryptRsaKeyBlob.MAX_BITS) {
            throw unsupported();
        }
        return rsa;
    }

    private static void checkSignature(PKCS10CertificationRequest csr, RSAPublicKey key) throws ApiException {
        boolean ok;
        try {
            ok = csr.isSignatureValid(new JcaContentVerifierProviderBuilder().build(key));
        } catch (OperatorCreationException | PKCSException | RuntimeException e) {
            ok = false;
        }
        if (!ok) {
            throw ApiException.badRequest("csr_signature_invalid",
                    "the certification request's signature does not verify with the key it carries (no proof of possession)");
        }
    }

    private static ApiException unsupported() {
        return ApiException.badRequest("unsupported_device_key", "the device key must be RSA with " + BcryptRsaKeyBlob.MIN_BITS
                + " to " + BcryptRsaKeyBlob.MAX_BITS + " bits (the PRT request is signed RS256)");
    }
}
