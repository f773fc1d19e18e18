// protocol-notes §5.3 (a cloud app's service principal holds the Kerberos key its service tickets are encrypted
// with; "KerberosKey must be provisioned on the service principal"), §5.1 (AES-256 only); MIT keytab v2
// (kerberos file.Keytab) as the form the key is handed to the service in, once.
package io.kerbridge.cloud.realm;

import io.kerbridge.cloud.CloudException;
import io.kerbridge.cloud.realm.RealmStore.StoredServicePrincipal;
import io.kerbridge.cloud.store.MasterKey;
import io.kerbridge.kerberos.Bytes;
import io.kerbridge.kerberos.crypto.Enctypes;
import io.kerbridge.kerberos.file.KerberosFileException;
import io.kerbridge.kerberos.file.Keytab;
import io.kerbridge.kerberos.file.KeytabEntry;
import io.kerbridge.kerberos.types.EncType;
import io.kerbridge.kerberos.types.EncryptionKey;
import io.kerbridge.kerberos.types.PrincipalName;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The cloud realm's service principals: registration with a fresh random aes256 key (kvno 1), listing,
 * removal, key rotation (kvno + 1, the previous key is dropped: only the service ever needs an old key), and
 * the key lookup of the TGS path. The key leaves this class only as a keytab, at registration and rotation.
 */
public final class ServicePrincipals {
    public static final EncType ETYPE = RealmKeys.ETYPE;

    /** A registered service principal (no key). */
    public record ServicePrincipal(String id, String spn, String displayName, int kvno, Instant createdAt,
            Instant keysUpdatedAt) {
        public PrincipalName principal() {
            return Spn.parse(spn);
        }
    }

    /** A service principal with its new key as an MIT keytab (the only time the key is shown). */
    public record WithKeytab(ServicePrincipal servicePrincipal, Bytes keytab) {}

    /** The current key of a service principal, for encrypting a service ticket. */
    public record ServiceKey(ServicePrincipal servicePrincipal, EncryptionKey key) {}

    /** Registration refused because the SPN is taken. */
    public static final class SpnTakenException extends Exception {
        SpnTakenException(String spn) {
            super("the service principal name " + spn + " is already registered", null, false, false);
        }
    }

    private final RealmStore store;
    private final MasterKey master;
    private final Clock clock;
    private final SecureRandom random;

    ServicePrincipals(RealmStore store, MasterKey master, Clock clock, SecureRandom random) {
        this.store = store;
        this.master = master;
        this.clock = clock;
        this.random = random;
    }

    /** @throws IllegalArgumentException for an SPN {@link Spn} refuses */
    public synchronized WithKeytab register(String tenantId, String spn, String displayName) throws SpnTakenException {
        PrincipalName principal = Spn.parse(spn);
        if (store.servicePrincipalBySpn(tenantId, spn).isPresent()) {
            throw new SpnTakenException(spn);
        }
        String id = UUID.randomUUID().toString();
        Instant now = clock.instant();
        EncryptionKey key = Enctypes.find(ETYPE).orElseThrow().generateKey(random);
        try {
            store.insertServicePrincipal(new StoredServicePrincipal(id, tenantId, spn, displayName, 1,
                    master.seal(key.unsafeBytes(), aad(tenantId, id, 1)), now, now));
            ServicePrincipal sp = new ServicePrincipal(id, spn, displayName, 1, now, now);
            return new WithKeytab(sp, keytab(principal, 1, key, now));
        } finally {
            key.destroy();
        }
    }

    public List<ServicePrincipal> list(String tenantId) {
        return store.servicePrincipals(tenantId).stream().map(ServicePrincipals::view).toList();
    }

    public Optional<ServicePrincipal> find(String tenantId, String id) {
        return store.servicePrincipal(tenantId, id).map(ServicePrincipals::view);
    }

    public boolean remove(String tenantId, String id) {
        return store.deleteServicePrincipal(tenantId, id);
    }

    /** A new key at kvno + 1; empty when there is no such principal (or it changed meanwhile). */
    public synchronized Optional<WithKeytab> rotate(String tenantId, String id) {
        Optional<StoredServicePrincipal> s = store.servicePrincipal(tenantId, id);
        if (s.isEmpty()) {
            return Optional.empty();
        }
        int kvno = s.get().kvno() + 1;
        Instant now = clock.instant();
        EncryptionKey key = Enctypes.find(ETYPE).orElseThrow().generateKey(random);
        try {
            if (!store.replaceServicePrincipalKey(tenantId, id, s.get().kvno(), kvno,
                    master.seal(key.unsafeBytes(), aad(tenantId, id, kvno)), now)) {
                return Optional.empty();
            }
            ServicePrincipal sp = new ServicePrincipal(id, s.get().spn(), s.get().displayName(), kvno,
                    s.get().createdAt(), now);
            return Optional.of(new WithKeytab(sp, keytab(sp.principal(), kvno, key, now)));
        } finally {
            key.destroy();
        }
    }

    /** The principal a TGS-REQ names, with its key; empty when no registered SPN matches. */
    Optional<ServiceKey> keyFor(String tenantId, PrincipalName sname) {
        return Spn.of(sname).flatMap(spn -> store.servicePrincipalBySpn(tenantId, spn)).map(s -> {
            byte[] raw = master.open(s.sealedKey(), aad(tenantId, s.id(), s.kvno()));
            try {
                return new ServiceKey(view(s), new EncryptionKey(ETYPE, raw));
            } finally {
                Arrays.fill(raw, (byte) 0);
            }
        });
    }

    private static ServicePrincipal view(StoredServicePrincipal s) {
        return new ServicePrincipal(s.id(), s.spn(), s.displayName(), s.kvno(), s.createdAt(), s.keysUpdatedAt());
    }

    private static Bytes keytab(PrincipalName principal, int kvno, EncryptionKey key, Instant now) {
        Keytab kt = new Keytab(List.of(new KeytabEntry(principal, CloudKerberosRealm.REALM,
                now.truncatedTo(ChronoUnit.SECONDS), kvno, key)));
        try {
            return Bytes.wrap(kt.encode());
        } catch (KerberosFileException e) {
            throw new CloudException("cannot encode a keytab for " + principal + ": " + e.getMessage(), e);
        }
    }

    private static String aad(String tenantId, String id, int kvno) {
        return "cloud-sp-key:" + tenantId + ":" + id + ":" + kvno;
    }
}
