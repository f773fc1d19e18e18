/**
 * The AD-like directory a domain controller's KDC reads: one domain's accounts, groups, keys and
 * policy, stored in an embedded database and served from memory.
 *
 * <p><b>Opening.</b> {@link io.kerbridge.directory.Directory#create} makes a new domain in a data
 * directory (well-known accounts 500/501/502, well-known groups and BUILTIN aliases with AD's default
 * memberships); {@link io.kerbridge.directory.Directory#open} opens it again. The facade hands out
 * narrow interfaces: for the KDC {@link io.kerbridge.directory.PrincipalStore},
 * {@link io.kerbridge.directory.AccountEvents}, {@link io.kerbridge.directory.PasswordChange},
 * {@link io.kerbridge.directory.Memberships} and {@link io.kerbridge.directory.RodcAdmin#get}; for
 * administration {@link io.kerbridge.directory.DomainAdmin}, {@link io.kerbridge.directory.UserAdmin},
 * {@link io.kerbridge.directory.GroupAdmin}, {@link io.kerbridge.directory.SpnAdmin},
 * {@link io.kerbridge.directory.TrustAdmin}, {@link io.kerbridge.directory.RodcAdmin} and
 * {@link io.kerbridge.directory.KeytabExport}. Account state checks are in
 * {@link io.kerbridge.directory.AccountStatus}, salts (for PA-ETYPE-INFO2) in
 * {@link io.kerbridge.directory.KeySalts}.
 *
 * <p><b>Storage.</b> {@code <dataDir>/directory.mv.db} (H2, schema by Flyway from
 * {@code db/migration}); {@code <dataDir>/master.key} (32 random bytes, 0600). Long-term keys and
 * password-history NT hashes are AES-256-GCM ciphertexts bound to their row (SID, slot, kvno,
 * enctype); a check value in {@code dir_meta} makes a wrong master key fail at open.
 *
 * <p><b>Concurrency.</b> All interfaces are thread-safe. Lookups never lock, never touch the
 * database and return ready-made immutable entries. Writes are serialised, committed before they
 * return and visible to lookups from then on. The {@code EncryptionKey} objects inside entries are
 * shared: never {@code destroy()} them.
 */
package io.kerbridge.directory;
