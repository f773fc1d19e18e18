// protocol-notes §5.1 (cloud TGT of realm KERBEROS.MICROSOFTONLINE.COM, AES-256 only), §7.2 (cloud realm);
// RFC 4120 §5.2.9 (EncryptedData kvno names the key version a ticket is under).
package io.kerbridge.cloud.realm;

import io.kerbridge.cloud.AuditLog;
import io.kerbridge.cloud.realm.RealmStore.StoredRealmKey;
import io.kerbridge.cloud.store.MasterKey;
import io.kerbridge.kerberos.crypto.Enctypes;
import io.kerbridge.kerberos.types.EncType;
import io.kerbridge.kerberos.types.EncryptionKey;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Arrays;
import java.util.Optional;

/**
 * The krbtgt key of each tenant's cloud realm: aes256-cts-hmac-sha1-96, random, sealed under the master key
 * with associated data binding it to tenant and kvno, created on first use (the first cloud TGT) with kvno 1
 * and kept across restarts. Several versions may be stored; the highest encrypts new TGTs, a presented TGT is
 * opened with the version its kvno names. Anonymous KKDCP requests only read ({@link #find}), never create.
 */
public final class RealmKeys {
    /** Entra Kerberos uses AES-256 exclusively (protocol-notes §2.3, §5.1). */
    public static final EncType ETYPE = EncType.AES256_CTS_HMAC_SHA1_96;
    static final int FIRST_KVNO = 1;

    /** A key version of the realm's krbtgt. */
    public record RealmKey(int kvno, EncryptionKey key) {}

    private final RealmStore store;
    private final MasterKey master;
    private final AuditLog audit;
    private final Clock clock;
    private final SecureRandom random;

    RealmKeys(RealmStore store, MasterKey master, AuditLog audit, Clock clock, SecureRandom random) {
        this.store = store;
        this.master = master;
        this.audit = audit;
        this.clock = clock;
        this.random = random;
    }

    /** The key new TGTs are encrypted with; created (and audited) on first use. */
    public RealmKey current(String tenantId) {
        StoredRealmKey[] created = new StoredRealmKey[1];
        StoredRealmKey k = store.currentRealmKeyOrInsert(tenantId, () -> {
            EncryptionKey fresh = Enctypes.find(ETYPE).orElseThrow().generateKey(random);
            try {
                created[0] = new StoredRealmKey(tenantId, FIRST_KVNO, master.seal(fresh.unsafeBytes(),
                        aad(tenantId, FIRST_KVNO)), clock.instant());
                return created[0];
            } finally {
                fresh.destroy();
            }
        });
        if (created[0] == k) {
            audit.record(tenantId, CloudKerberosRealm.AUDIT_CATEGORY, "Create cloud Kerberos realm key", "system",
                    "krbtgt/" + CloudKerberosRealm.REALM, true, AuditLog.OK,
                    "kvno " + k.kvno() + ", aes256-cts-hmac-sha1-96");
        }
        return open(k);
    }

    /** The key version {@code kvno} (absent: the current one) if it exists; never creates one. */
    public Optional<RealmKey> find(String tenantId, Optional<Integer> kvno) {
        Optional<StoredRealmKey> k = kvno.isPresent() ? store.realmKey(tenantId, kvno.get())
                : store.currentRealmKey(tenantId);
        return k.map(this::open);
    }

    private RealmKey open(StoredRealmKey k) {
        byte[] raw = master.open(k.sealedKey(), aad(k.tenantId(), k.kvno()));
        try {
            return new RealmKey(k.kvno(), new EncryptionKey(ETYPE, raw));
        } finally {
            Arrays.fill(raw, (byte) 0);
        }
    }

    private static String aad(String tenantId, int kvno) {
        return "cloud-realm-key:" + tenantId + ":" + kvno;
    }
}
