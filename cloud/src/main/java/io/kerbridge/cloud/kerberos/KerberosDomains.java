package io.kerbridge.cloud.kerberos;

import io.kerbridge.cloud.CloudException;
import io.kerbridge.cloud.store.KerberosDomainStore;
import io.kerbridge.cloud.store.KerberosDomainStore.StoredDomain;
import io.kerbridge.cloud.store.KerberosDomainStore.StoredKey;
import io.kerbridge.cloud.store.KerberosDomainStore.TransportKey;
import io.kerbridge.cloud.store.MasterKey;
import io.kerbridge.kerberos.Bytes;
import io.kerbridge.kerberos.keytransport.KerberosDomain;
import io.kerbridge.kerberos.keytransport.KerberosDomain.DomainKey;
import io.kerbridge.kerberos.keytransport.KerberosDomainException;
import io.kerbridge.kerberos.keytransport.KeyContext;
import io.kerbridge.kerberos.keytransport.KeyEnvelope;
import io.kerbridge.kerberos.keytransport.KeyTransportException;
import io.kerbridge.kerberos.keytransport.TenantTransportKey;
import io.kerbridge.kerberos.keytransport.TenantTransportPrivateKey;
import io.kerbridge.kerberos.types.EncryptionKey;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * The cloud's Kerberos domains (protocol-notes §1.3-§1.5, §7.2): the tenant transport key (created on first
 * use, private half sealed under the master key), publication and rotation of a domain's {@code krbtgt_<n>}
 * key from a {@link KeyEnvelope}, removal, and the in-process accessor {@link #forRealm} the partial-TGT
 * issuer uses. Keys are sealed at rest with associated data that binds them to tenant, domain, RODC number
 * and key version. Nothing here logs; the HTTP layer audits.
 */
public final class KerberosDomains {
    /** What a {@link #set} did. */
    public enum Outcome { ADDED, ROTATED, REPLACED, UNCHANGED }

    public record SetResult(KerberosDomain domain, Outcome outcome) {}

    private final KerberosDomainStore store;
    private final MasterKey master;
    private final Clock clock;
    private final SecureRandom random;

    public KerberosDomains(KerberosDomainStore store, MasterKey master, Clock clock, SecureRandom random) {
        this.store = store;
        this.master = master;
        this.clock = clock;
        this.random = random;
    }

    // ---- transport key

    /** The tenant's transport private key, generated and stored (sealed) on first use. */
    public TenantTransportPrivateKey transportKey(String tenantId) {
        TransportKey stored = store.transportKey(tenantId).orElseGet(() -> {
            TenantTransportPrivateKey k = TenantTransportPrivateKey.generate(random);
            byte[] sealed = master.seal(k.toPkcs8().unsafeArray(), transportAad(tenantId, k.kid()));
            return store.insertTransportKeyIfAbsent(new TransportKey(tenantId, k.kid(), sealed, clock.instant()));
        });
        byte[] der = master.open(stored.sealedPkcs8(), transportAad(tenantId, stored.kid()));
        try {
            TenantTransportPrivateKey k = TenantTransportPrivateKey.fromPkcs8(Bytes.wrap(der));
            if (!k.kid().equals(stored.kid())) {
                throw new CloudException("stored transport key of tenant " + tenantId + " does not match its kid");
            }
            return k;
        } catch (KeyTransportException e) {
            throw new CloudException("stored transport key of tenant " + tenantId + " is unreadable: " + e.reason(), e);
        } finally {
            java.util.Arrays.fill(der, (byte) 0);
        }
    }

    /** The published (public) half. */
    public TenantTransportKey publicTransportKey(String tenantId) {
        return transportKey(tenantId).publicKey();
    }

    // ---- domains

    /**
     * Opens {@code envelope} for the expected context (tenant, domain, RODC number, key version, etype 18) and
     * publishes the key: first publication ({@link KerberosDomain#set}), rotation ({@link KerberosDomain#rotate}:
     * the previous primary becomes secondary), an idempotent re-send ({@code UNCHANGED}), or, when the RODC
     * number differs from the stored one (the krbtgt object was re-created, §1.6), a replacement by a fresh set.
     *
     * @throws IllegalArgumentException for a malformed domain name, RODC number or key version (from KeyContext)
     */
    public synchronized SetResult set(String tenantId, String dnsName, int rodcNumber, long keyVersion, String updatedFrom,
            Bytes envelope) throws KeyTransportException, KerberosDomainException {
        KeyContext expected = new KeyContext(UUID.fromString(tenantId), dnsName, rodcNumber, keyVersion,
                KerberosDomain.KEY_ETYPE);
        EncryptionKey key = KeyEnvelope.open(transportKey(tenantId), expected, envelope);
        try {
            String dns = expected.domainDnsName();
            Optional<KerberosDomain> current = find(tenantId, dns);
            KerberosDomain next;
            Outcome outcome;
            if (current.isEmpty()) {
                next = KerberosDomain.set(dns, rodcNumber, keyVersion, key, clock.instant(), updatedFrom);
                outcome = Outcome.ADDED;
            } else if (current.get().rodcNumber() != rodcNumber) {
                next = KerberosDomain.set(dns, rodcNumber, keyVersion, key, clock.instant(), updatedFrom);
                outcome = Outcome.REPLACED;
            } else {
                next = current.get().rotate(key, keyVersion, clock.instant(), updatedFrom);
                outcome = next == current.get() ? Outcome.UNCHANGED : Outcome.ROTATED;
            }
            if (outcome != Outcome.UNCHANGED) {
                store.put(seal(tenantId, next));
            }
            return new SetResult(next, outcome);
        } finally {
            key.destroy();
        }
    }

    public Optional<KerberosDomain> find(String tenantId, String dnsName) {
        return store.find(tenantId, dnsName.toLowerCase(Locale.ROOT)).map(this::open);
    }

    public List<KerberosDomain> list(String tenantId) {
        return store.list(tenantId).stream().map(this::open).toList();
    }

    public boolean remove(String tenantId, String dnsName) {
        return store.delete(tenantId, dnsName.toLowerCase(Locale.ROOT));
    }

    /**
     * For the partial-TGT issuer (PRT sign-in): the Kerberos domain of an AD realm (the user's
     * {@code onPremisesDomainName}, any case) in the tenant, with its primary and secondary keys in the clear.
     * Empty when the domain has not been published (Entra's status 112, KerberosDomainPrimaryKeyNull).
     */
    public Optional<KerberosDomain> forRealm(String tenantId, String realm) {
        return find(tenantId, realm);
    }

    // ---- sealing

    private StoredDomain seal(String tenantId, KerberosDomain d) {
        return new StoredDomain(tenantId, d.dnsName(), d.rodcNumber(), sealKey(tenantId, d, d.primary()),
                d.secondary().map(k -> sealKey(tenantId, d, k)));
    }

    private StoredKey sealKey(String tenantId, KerberosDomain d, DomainKey k) {
        return new StoredKey(k.version(), k.updatedOn(), k.updatedFrom(),
                master.seal(k.key().unsafeBytes(), keyAad(tenantId, d.dnsName(), d.rodcNumber(), k.version())));
    }

    private KerberosDomain open(StoredDomain s) {
        return new KerberosDomain(s.dnsName(), s.rodcNumber(), openKey(s, s.primary()),
                s.secondary().map(k -> openKey(s, k)));
    }

    private DomainKey openKey(StoredDomain s, StoredKey k) {
        byte[] raw = master.open(k.sealedKey(), keyAad(s.tenantId(), s.dnsName(), s.rodcNumber(), k.version()));
        try {
            return new DomainKey(k.version(), k.updatedOn(), k.updatedFrom(), new EncryptionKey(KerberosDomain.KEY_ETYPE, raw));
        } finally {
            java.util.Arrays.fill(raw, (byte) 0);
        }
    }

    private static String transportAad(String tenantId, String kid) {
        return "transport-key:" + tenantId + ":" + kid;
    }

    private static String keyAad(String tenantId, String dns, int rodc, long version) {
        return "kerberos-domain-key:" + tenantId + ":" + dns + ":" + rodc + ":" + version;
    }
}
