package io.kerbridge.directory;

import io.kerbridge.directory.DirectoryException.Reason;
import io.kerbridge.directory.internal.Core;
import io.kerbridge.directory.internal.Database;
import io.kerbridge.directory.internal.DomainImpl;
import io.kerbridge.directory.internal.DomainTable;
import io.kerbridge.directory.internal.EventsImpl;
import io.kerbridge.directory.internal.GroupsImpl;
import io.kerbridge.directory.internal.KerberosServerImpl;
import io.kerbridge.directory.internal.KeytabImpl;
import io.kerbridge.directory.internal.MasterKey;
import io.kerbridge.directory.internal.PasswordsImpl;
import io.kerbridge.directory.internal.Provisioning;
import io.kerbridge.directory.internal.RodcPolicyImpl;
import io.kerbridge.directory.internal.RodcsImpl;
import io.kerbridge.directory.internal.SpnsImpl;
import io.kerbridge.directory.internal.StoreImpl;
import io.kerbridge.directory.internal.TrustsImpl;
import io.kerbridge.directory.internal.UsersImpl;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One domain's directory in a data directory: {@code directory.mv.db} (embedded H2, Flyway-migrated;
 * or a PostgreSQL database shared by several DC nodes, {@link DirectoryOptions#withSharedDatabase})
 * and {@code master.key} (32 random bytes, mode 0600, unless {@link DirectoryOptions} puts it
 * elsewhere), which encrypts every long-term key at rest.
 *
 * <pre>{@code
 * try (Directory dir = Directory.create(dataDir, DomainSpec.forestRoot("contoso.test", "CONTOSO"), pw)) {
 *     dir.users().create(NewAccount.user("alice", alicePw));
 * }
 * Directory dir = Directory.open(dataDir);
 * PrincipalStore store = dir.principalStore();   // what the KDC reads
 * }</pre>
 *
 * <p>Thread-safe: lookups are lock-free reads of memory; writes are serialised, durable when they
 * return, and visible to lookups from then on. One process per data directory (H2 locks the file).
 * On a shared database, another node's writes are visible here within the poll interval
 * ({@link SharedDatabase}), and at once to a lookup that would otherwise find nothing.
 */
public final class Directory implements AutoCloseable {
    private final Core core;
    private final StoreImpl store;
    private final EventsImpl events;
    private final PasswordsImpl passwords;
    private final DomainImpl domainAdmin;
    private final UsersImpl users;
    private final GroupsImpl groups;
    private final SpnsImpl spns;
    private final TrustsImpl trusts;
    private final RodcsImpl rodcs;
    private final KeytabImpl keytabs;
    private final RodcPolicyImpl rodcPolicy;
    private final KerberosServerImpl kerberosServer;

    private Directory(Core core) {
        this.core = core;
        this.store = new StoreImpl(core);
        this.events = new EventsImpl(core);
        this.passwords = new PasswordsImpl(core);
        this.domainAdmin = new DomainImpl(core);
        this.users = new UsersImpl(core);
        this.groups = new GroupsImpl(core);
        this.spns = new SpnsImpl(core);
        this.trusts = new TrustsImpl(core);
        this.rodcs = new RodcsImpl(core);
        this.keytabs = new KeytabImpl(core);
        this.rodcPolicy = new RodcPolicyImpl(core, store);
        this.kerberosServer = new KerberosServerImpl(core, rodcs);
    }

    /** Creates a new domain in an empty (or missing) data directory, with a new master key. */
    public static Directory create(Path dataDir, DomainSpec spec, char[] adminPassword) {
        return create(dataDir, spec, adminPassword, DirectoryOptions.defaults());
    }

    public static Directory create(Path dataDir, DomainSpec spec, char[] adminPassword, DirectoryOptions options) {
        if (options.database().isEmpty() && Database.exists(dataDir)) {
            throw new DirectoryException(Reason.WRONG_STATE, "a directory already exists in " + dataDir);
        }
        mkdirs(dataDir);
        Database db = database(dataDir, options);
        try {
            if (options.database().isPresent() && db.read(DomainTable::read).isPresent()) {
                throw new DirectoryException(Reason.WRONG_STATE, "the database " + options.database().get()
                        + " already holds a domain; to add a DC node, copy the data directory of the first node"
                        + " (its configuration and master key) instead of creating the domain again");
            }
            MasterKey mk = MasterKey.create(options.masterKeyFile(dataDir), options.random());
            Provisioning.create(db, mk, spec, adminPassword, options.clock().instant(), options.random());
            return new Directory(load(db, mk, options));
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
    }

    /** Opens an existing directory. @throws DirectoryException MASTER_KEY_MISMATCH with a wrong master key */
    public static Directory open(Path dataDir) {
        return open(dataDir, DirectoryOptions.defaults());
    }

    public static Directory open(Path dataDir, DirectoryOptions options) {
        if (options.database().isEmpty() && !Database.exists(dataDir)) {
            throw new DirectoryException(Reason.WRONG_STATE, "no directory in " + dataDir);
        }
        MasterKey mk = MasterKey.load(options.masterKeyFile(dataDir), options.random());
        Database db = database(dataDir, options);
        try {
            return new Directory(load(db, mk, options));
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
    }

    private static Database database(Path dataDir, DirectoryOptions options) {
        return options.database().map(s -> Database.openShared(s.url(), s.user(), s.password()))
                .orElseGet(() -> Database.open(dataDir));
    }

    private static Core load(Database db, MasterKey mk, DirectoryOptions options) {
        return Core.load(db, mk, options.clock(), options.random(),
                options.database().map(SharedDatabase::pollInterval).orElse(SharedDatabase.DEFAULT_POLL));
    }

    public static boolean exists(Path dataDir) {
        return Database.exists(dataDir);
    }

    private static void mkdirs(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new DirectoryException(Reason.STORAGE, "cannot create " + dir, e);
        }
    }

    public Domain domain() {
        return core.domain();
    }

    /** The KDC's read view. */
    public PrincipalStore principalStore() {
        return store;
    }

    /** The KDC's lockout writes. */
    public AccountEvents accountEvents() {
        return events;
    }

    public PasswordChange passwordChange() {
        return passwords;
    }

    public Memberships memberships() {
        return store;
    }

    public DomainAdmin domainAdmin() {
        return domainAdmin;
    }

    public UserAdmin users() {
        return users;
    }

    public GroupAdmin groups() {
        return groups;
    }

    public SpnAdmin spns() {
        return spns;
    }

    public TrustAdmin trusts() {
        return trusts;
    }

    public RodcAdmin rodcs() {
        return rodcs;
    }

    /** The KDC's view of RODC password replication policies (the partial-TGT exchange). */
    public RodcPolicyView rodcPolicy() {
        return rodcPolicy;
    }

    /** The Kerberos server object of cloud Kerberos trust (at most one per domain). */
    public KerberosServerAdmin kerberosServer() {
        return kerberosServer;
    }

    public KeytabExport keytabs() {
        return keytabs;
    }

    @Override
    public void close() {
        core.close();
    }
}
