/**
 * Kerberos-domain key transport: how the DC admin tool hands the {@code krbtgt_<n>} key to the cloud
 * (protocol-notes §1.3, §1.5, §7.2, §7.4), and the record the cloud keeps per AD domain. Pure
 * crypto and values, no I/O; shared by the DC admin side and the cloud side.
 *
 * <ul>
 *   <li>{@link io.kerbridge.kerberos.keytransport.TenantTransportKey}: the tenant's published P-256
 *       key, as a JWK whose kid is its RFC 7638 thumbprint;
 *       {@link io.kerbridge.kerberos.keytransport.TenantTransportPrivateKey}: its private half
 *       (cloud only; PKCS#8 for the caller to seal at rest).</li>
 *   <li>{@link io.kerbridge.kerberos.keytransport.KeyEnvelope}: seal/open of one key, ECDH P-256 +
 *       HKDF-SHA256 + AES-256-GCM, bound to a {@link io.kerbridge.kerberos.keytransport.KeyContext}
 *       (tenant, domain, RODC number, key version, enctype). The byte layout is documented there.
 *       Refusals are {@link io.kerbridge.kerberos.keytransport.KeyTransportException} with a stable reason.</li>
 *   <li>{@link io.kerbridge.kerberos.keytransport.KerberosDomain}: dnsName, RODC number, primary and
 *       secondary key; {@code set}, {@code rotate}, {@code kvno}. Refusals are
 *       {@link io.kerbridge.kerberos.keytransport.KerberosDomainException} with a stable reason.</li>
 *   <li>{@link io.kerbridge.kerberos.keytransport.Hkdf}: RFC 5869 with HMAC-SHA256 (JDK 21 has no public HKDF).</li>
 * </ul>
 *
 * <p>Typical wiring: the cloud publishes {@code TenantTransportKey.toJwk()}; the admin tool calls
 * {@code KeyEnvelope.seal(TenantTransportKey.fromJwk(jwk), domain.keyContext(tenantId), domain.primaryKey(), random)}
 * and posts the bytes (base64url) over TLS; the cloud {@code peek}s the kid to pick its private key,
 * builds the expected {@code KeyContext} from the request and its tenant, {@code open}s, then applies
 * {@code KerberosDomain.set} or {@code rotate} and stores the result.
 */
package io.kerbridge.kerberos.keytransport;
