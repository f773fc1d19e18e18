package io.kerbridge.directory.internal;

import io.kerbridge.directory.AccountType;
import io.kerbridge.directory.DirectoryException;
import io.kerbridge.directory.DirectoryException.Reason;
import io.kerbridge.directory.Domain;
import io.kerbridge.directory.DomainPolicy;
import io.kerbridge.directory.KeyVersion;
import io.kerbridge.kerberos.pac.Sid;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state every part of an open directory shares: database, master key, clock, randomness, the
 * in-memory index and group graph, and the write lock. A write runs in one transaction under the lock;
 * what it marked dirty is reloaded into memory after the commit, before the lock is released, so a
 * caller sees its own write in the next lookup.
 *
 * <p>On a shared database (several DC nodes, {@link Database#shared()}) every write also numbers
 * itself in {@link ChangeLog} and first catches up with what other nodes wrote; a background thread
 * polls the counter every {@code pollInterval} and catches up, and a lookup that misses asks for a
 * catch-up before it answers (an account another node created a moment ago). With the embedded
 * database none of this runs: one process owns the file.
 */
public final class Core implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Core.class);

    private final Database db;
    private final MasterKey masterKey;
    private final Clock clock;
    private final SecureRandom random;
    private final Domain domain;
    private final ReentrantLock lock = new ReentrantLock();
    private final Set<Sid> dirty = new LinkedHashSet<>();
    private boolean groupsDirty;
    private boolean rodcsDirty;
    private boolean policyDirty;
    private volatile Index index;
    private volatile GroupGraph groups;
    private volatile DomainPolicy policy;
    /** Shared database: the last write number whose changes memory holds (guarded by the lock). */
    private long seen;
    /** Shared database: System.nanoTime() when the last successful check of the counter began. */
    private volatile long lastCheck = System.nanoTime();
    private Thread poller;

    private Core(Database db, MasterKey masterKey, Clock clock, SecureRandom random, Domain domain) {
        this.db = db;
        this.masterKey = masterKey;
        this.clock = clock;
        this.random = random;
        this.domain = domain;
        this.index = new Index(domain);
    }

    /** Opens a directory whose domain row exists: checks the master key and loads everything. */
    public static Core load(Database db, MasterKey mk, Clock clock, SecureRandom random) {
        return load(db, mk, clock, random, Duration.ofMillis(250));
    }

    /**
     * As {@link #load(Database, MasterKey, Clock, SecureRandom)}; on a shared database, also starts the
     * thread that polls for other nodes' writes every {@code pollInterval}.
     */
    public static Core load(Database db, MasterKey mk, Clock clock, SecureRandom random, Duration pollInterval) {
        Domain domain = db.read(c -> {
            DomainTable.verifyKeyCheck(c, mk);
            return DomainTable.read(c).orElseThrow(() -> new DirectoryException(Reason.WRONG_STATE,
                    "the database holds no domain"));
        });
        Core core = new Core(db, mk, clock, random, domain);
        db.read(c -> {
            if (db.shared()) {
                // the number first: a write committed while we load is loaded or caught up, never lost
                core.seen = ChangeLog.head(c).seq();
            }
            core.reloadAll(c);
            return null;
        });
        if (db.shared()) {
            core.startPoller(pollInterval);
        }
        return core;
    }

    private void reloadAll(Connection c) throws SQLException {
        Index fresh = new Index(domain);
        for (AccountRow row : AccountTable.readAll(c)) {
            fresh.put(held(c, row));
        }
        fresh.setRodcInfo(ExtraTables.rodcs(c));
        policy = DomainTable.readPolicy(c).orElse(DomainPolicy.AD_DEFAULT);
        reloadGroups(c);
        index = fresh;
    }

    @FunctionalInterface
    public interface Write<T> {
        T run(Connection c) throws SQLException;
    }

    /** Runs a write transaction under the write lock, then refreshes what it marked dirty. */
    public <T> T write(Write<T> work) {
        lock.lock();
        try {
            T result;
            long[] seq = {0};
            try {
                result = db.tx(db.shared() ? c -> sharedWrite(c, work, seq) : work::run);
            } catch (RuntimeException e) {
                clearDirty();
                throw e;
            }
            db.read(this::refresh);
            if (db.shared()) {
                seen = seq[0];
            }
            return result;
        } finally {
            lock.unlock();
        }
    }

    /**
     * A write on a shared database: number it (which waits for other nodes' writes in flight and then
     * holds them off until we commit), bring memory up to the write before ours, run it, log what it changed.
     */
    private <T> T sharedWrite(Connection c, Write<T> work, long[] seq) throws SQLException {
        ChangeLog.Head head = ChangeLog.claim(c);
        catchUp(c, head.seq() - 1, head.prunedTo());
        T result = work.run(c);
        ChangeLog.record(c, head.seq(), new ChangeLog.Changes(Set.copyOf(dirty), groupsDirty, rodcsDirty, policyDirty,
                false));
        seq[0] = head.seq();
        return result;
    }

    /** Under the lock: applies other nodes' writes {@code seen + 1 .. upTo} to memory. */
    private void catchUp(Connection c, long upTo, long prunedTo) throws SQLException {
        if (upTo == seen) {
            return;
        }
        ChangeLog.Changes ch = upTo < seen || seen < prunedTo ? null : ChangeLog.read(c, seen, upTo);
        if (ch == null || ch.unknown()) {
            // behind the pruned log (or the database was restored to an older state): reload it all
            LOG.info("directory: reloading everything from the shared database (at change {}, database at {})", seen, upTo);
            reloadAll(c);
        } else {
            apply(c, ch);
        }
        seen = upTo;
    }

    /** Under the lock: looks at the counter and catches up when another node wrote. */
    private Void sync(Connection c) throws SQLException {
        long began = System.nanoTime();
        ChangeLog.Head head = ChangeLog.head(c);
        catchUp(c, head.seq(), head.prunedTo());
        lastCheck = began;
        return null;
    }

    /**
     * A lookup missed: on a shared database, catch up before answering, unless a check that began after
     * the miss already ran (concurrent misses share one round trip). Never throws: a miss stays a miss.
     * Not on the hot path: only lookups that find nothing come here.
     */
    public boolean syncOnMiss() {
        if (!db.shared()) {
            return false;
        }
        long missedAt = System.nanoTime();
        lock.lock();
        try {
            if (lastCheck - missedAt >= 0) {
                return false;
            }
            long before = seen;
            db.read(this::sync);
            return seen != before;
        } catch (RuntimeException e) {
            LOG.warn("directory: cannot read the change counter of the shared database: {}", e.getMessage());
            return false;
        } finally {
            lock.unlock();
        }
    }

    private void startPoller(Duration interval) {
        poller = Thread.ofPlatform().daemon().name("directory-sync").unstarted(() -> poll(interval));
        poller.start();
    }

    private void poll(Duration interval) {
        while (!Thread.currentThread().isInterrupted()) {
            try {
                Thread.sleep(interval);
            } catch (InterruptedException e) {
                return;
            }
            lock.lock();
            try {
                db.read(this::sync);
            } catch (RuntimeException e) {
                // the database is away: keep serving the snapshot we have, try again next time
                LOG.warn("directory: cannot poll the shared database: {}", e.getMessage());
            } finally {
                lock.unlock();
            }
        }
    }

    /** Reads from the database (not memory) under the write lock, for admin reads of rarely read rows. */
    public <T> T read(Write<T> work) {
        lock.lock();
        try {
            return db.read(work::run);
        } finally {
            lock.unlock();
        }
    }

    private Void refresh(Connection c) throws SQLException {
        apply(c, new ChangeLog.Changes(dirty, groupsDirty, rodcsDirty, policyDirty, false));
        clearDirty();
        return null;
    }

    /** Reloads into memory what a write (ours or, on a shared database, another node's) changed. */
    private void apply(Connection c, ChangeLog.Changes ch) throws SQLException {
        Index idx = index;
        for (Sid sid : ch.accounts()) {
            Optional<AccountRow> row = AccountTable.read(c, sid);
            if (row.isPresent()) {
                idx.put(held(c, row.get()));
            } else {
                idx.remove(sid);
            }
        }
        if (ch.groups()) {
            reloadGroups(c);
        }
        if (ch.rodcs()) {
            idx.setRodcInfo(ExtraTables.rodcs(c));
        }
        if (ch.policy()) {
            policy = DomainTable.readPolicy(c).orElse(DomainPolicy.AD_DEFAULT);
        }
    }

    private void clearDirty() {
        dirty.clear();
        groupsDirty = false;
        rodcsDirty = false;
        policyDirty = false;
    }

    private Index.Held held(Connection c, AccountRow row) throws SQLException {
        Sid sid = row.account().sid();
        if (row.account().type() == AccountType.TRUST) {
            return Index.held(domain, row, List.of(), KeyTable.load(c, masterKey, sid, KeyTable.TRUST_IN),
                    KeyTable.load(c, masterKey, sid, KeyTable.TRUST_OUT));
        }
        return Index.held(domain, row, KeyTable.load(c, masterKey, sid, KeyTable.MAIN), List.of(), List.of());
    }

    private void reloadGroups(Connection c) throws SQLException {
        groups = new GroupGraph(domain, GroupTable.readAll(c), GroupTable.readMemberships(c));
    }

    /** Marks an account to be reloaded into memory after the current write commits. */
    public void touch(Sid sid) {
        dirty.add(sid);
    }

    public void touchGroups() {
        groupsDirty = true;
    }

    public void touchRodcs() {
        rodcsDirty = true;
    }

    /** Marks the domain policy to be reloaded after the current write commits. */
    public void touchPolicy() {
        policyDirty = true;
    }

    /** Adds a key version to an account's slot, keeping the retention its type requires. */
    public void addKeys(Connection c, Sid sid, AccountType type, String slot, KeyVersion kv) throws SQLException {
        int keep = type == AccountType.KRBTGT || type == AccountType.RODC_KRBTGT ? 3 : 2;
        KeyTable.add(c, masterKey, sid, slot, kv, keep);
        touch(sid);
    }

    public Index.Held require(Sid sid) {
        return index.get(sid).orElseThrow(() -> new DirectoryException(Reason.NO_SUCH_OBJECT, "no account " + sid));
    }

    public Database db() {
        return db;
    }

    public MasterKey masterKey() {
        return masterKey;
    }

    public Instant now() {
        return clock.instant();
    }

    public SecureRandom random() {
        return random;
    }

    public Domain domain() {
        return domain;
    }

    public Index index() {
        return index;
    }

    public GroupGraph groups() {
        return groups;
    }

    public DomainPolicy policy() {
        return policy;
    }

    @Override
    public void close() {
        if (poller != null) {
            poller.interrupt();
            try {
                poller.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        lock.lock();
        try {
            db.close();
        } finally {
            lock.unlock();
        }
    }
}
