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
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The state every part of an open directory shares: database, master key, clock, randomness, the
 * in-memory index and group graph, and the write lock. A write runs in one transaction under the lock;
 * what it marked dirty is reloaded into memory after the commit, before the lock is released, so a
 * caller sees its own write in the next lookup.
 */
public final class Core implements AutoCloseable {
    private final Database db;
    private final MasterKey masterKey;
    private final Clock clock;
    private final SecureRandom random;
    private final Domain domain;
    private final Index index;
    private final ReentrantLock lock = new ReentrantLock();
    private final Set<Sid> dirty = new LinkedHashSet<>();
    private boolean groupsDirty;
    private boolean rodcsDirty;
    private volatile GroupGraph groups;
    private volatile DomainPolicy policy;

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
        Domain domain = db.read(c -> {
            DomainTable.verifyKeyCheck(c, mk);
            return DomainTable.read(c).orElseThrow(() -> new DirectoryException(Reason.WRONG_STATE,
                    "the database holds no domain"));
        });
        Core core = new Core(db, mk, clock, random, domain);
        db.read(c -> {
            core.policy = DomainTable.readPolicy(c).orElse(DomainPolicy.AD_DEFAULT);
            for (AccountRow row : AccountTable.readAll(c)) {
                core.index.put(core.held(c, row));
            }
            core.reloadGroups(c);
            core.index.setRodcInfo(ExtraTables.rodcs(c));
            return null;
        });
        return core;
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
            try {
                result = db.tx(work::run);
            } catch (RuntimeException e) {
                clearDirty();
                throw e;
            }
            db.read(this::refresh);
            return result;
        } finally {
            lock.unlock();
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
        for (Sid sid : dirty) {
            Optional<AccountRow> row = AccountTable.read(c, sid);
            if (row.isPresent()) {
                index.put(held(c, row.get()));
            } else {
                index.remove(sid);
            }
        }
        if (groupsDirty) {
            reloadGroups(c);
        }
        if (rodcsDirty) {
            index.setRodcInfo(ExtraTables.rodcs(c));
        }
        clearDirty();
        return null;
    }

    private void clearDirty() {
        dirty.clear();
        groupsDirty = false;
        rodcsDirty = false;
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

    public void setPolicyInMemory(DomainPolicy p) {
        policy = p;
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
        lock.lock();
        try {
            db.close();
        } finally {
            lock.unlock();
        }
    }
}
