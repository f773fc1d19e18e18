package io.kerbridge.bench.load;

import io.kerbridge.directory.Account;
import io.kerbridge.directory.AccountType;
import io.kerbridge.directory.Directory;
import io.kerbridge.directory.DirectoryOptions;
import io.kerbridge.directory.Uac;
import io.kerbridge.directory.WellKnown;
import io.kerbridge.directory.internal.AccountRow;
import io.kerbridge.directory.internal.AccountTable;
import io.kerbridge.directory.internal.Accounts;
import io.kerbridge.directory.internal.Core;
import io.kerbridge.directory.internal.Database;
import io.kerbridge.directory.internal.DomainTable;
import io.kerbridge.directory.internal.MasterKey;
import io.kerbridge.kerberos.pac.Sid;
import java.security.SecureRandom;
import java.time.Clock;
import io.kerbridge.directory.KerberosServer;
import io.kerbridge.directory.KerberosServerKey;
import io.kerbridge.directory.NewAccount;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;

/**
 * Prepares a DC data directory made by {@code kerbridge dc init} for the load modes, <b>with the DC stopped</b>
 * (H2 allows one process per database): the load user with a password, the service account {@code FILES$}
 * with the SPN, the Kerberos server object (its {@code krbtgt_<n>} key, for minting partial TGTs; the default
 * reveal-on-demand group Domain Users covers the load user), and optionally many more accounts (computers
 * with random keys: no string-to-key, so a million take minutes, not hours). Writes {@code DIR/loadgen.properties}
 * (mode 0600: it holds the user's password and the krbtgt_&lt;n&gt; key) for {@code --key-file}.
 */
final class DcSetup {
    private DcSetup() {}

    static int run(Args a, PrintStream out) throws Exception {
        Path dir = a.path("dc-dir");
        String user = a.str("user", "loaduser");
        String password = a.opt("password-file").map(f -> a.secretFile("password-file")).orElse("Load-Passw0rd-1");
        String spn = a.str("service", "HTTP/files.example.test");
        long accounts = a.longValue("accounts", 0);
        String prefix = a.str("account-prefix", "H");
        a.checkAllUsed();
        try (Directory d = Directory.open(dir.resolve("directory"))) {
            Account u = d.users().find(user).orElseGet(() -> d.users().create(NewAccount.user(user,
                    password.toCharArray())));
            String svc = spn.split("/")[1].split("\\.")[0].toUpperCase(Locale.ROOT) + "$";
            if (d.users().find(svc).isEmpty()) {
                d.users().create(NewAccount.computer(svc).withSpns(spn));
            }
            Optional<KerberosServer> existing = d.kerberosServer().get();
            KerberosServerKey k = existing.isPresent() ? d.kerberosServer().rotate("loadgen")
                    : d.kerberosServer().create("loadgen", Optional.empty());
            Properties p = new Properties();
            p.setProperty("realm", d.domain().realm());
            p.setProperty("user", u.samAccountName());
            p.setProperty("password", password);
            p.setProperty("userSid", u.sid().toString());
            p.setProperty("service", spn);
            p.setProperty("rodc.number", Integer.toString(k.server().id()));
            p.setProperty("rodc.kvno", Long.toString(k.server().kvno()));
            p.setProperty("rodc.keyVersion", Long.toString(k.server().keyVersion()));
            p.setProperty("rodc.key", Base64.getEncoder().encodeToString(k.aes256().unsafeBytes()));
            Path f = dir.resolve("loadgen.properties");
            Files.deleteIfExists(f);
            Files.createFile(f, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try (OutputStream o = Files.newOutputStream(f)) {
                p.store(o, "loadgen dc-setup: load user, service, krbtgt_<n> key (secret)");
            }
            out.printf("DC %s prepared: user %s (%s), service %s, Kerberos server Id %d kvno %d; key file %s%n",
                    d.domain().realm(), u.samAccountName(), u.sid(), spn, k.server().id(), k.server().kvno(), f);
        }
        if (accounts > 0) {
            bulk(dir.resolve("directory"), accounts, prefix, out);
        }
        return 0;
    }

    /**
     * Computer accounts {@code PREFIX<n>$} with random keys (no string-to-key), {@value #BATCH} per transaction, through
     * the directory's own tables and key sealing (as {@code UserAdmin.create} writes one account per transaction;
     * a million of those would take most of an hour here). Names already present are skipped.
     */
    private static void bulk(Path dataDir, long accounts, String prefix, PrintStream out) {
        SecureRandom random = new SecureRandom();
        MasterKey mk = MasterKey.load(DirectoryOptions.defaults().masterKeyFile(dataDir), random);
        Database db = Database.open(dataDir);
        Core core = Core.load(db, mk, Clock.systemUTC(), random);
        try {
            long t0 = System.nanoTime();
            long created = 0;
            for (long from = 0; from < accounts; from += BATCH) {
                long start = from;
                long end = Math.min(accounts, from + BATCH);
                created += core.write(c -> {
                    long n = 0;
                    for (long i = start; i < end; i++) {
                        String name = prefix + Long.toString(i, 36).toUpperCase(Locale.ROOT) + "$";
                        if (AccountTable.samTaken(c, name)) {
                            continue;
                        }
                        Sid sid = core.domain().sidWithRid(DomainTable.allocateRid(c));
                        Account a = Accounts.fresh(sid, name, AccountType.COMPUTER, Uac.WORKSTATION_TRUST_ACCOUNT,
                                WellKnown.DOMAIN_COMPUTERS, Optional.of(core.now()));
                        AccountTable.insert(c, new AccountRow(a, Optional.empty(), Optional.empty()));
                        Accounts.setRandom(c, core, a, 1);
                        n++;
                    }
                    return n;
                });
                if (end % 100_000 == 0 || end == accounts) {
                    out.printf("  %d accounts written, %d new (%.0f/s)%n", end, created,
                            end / ((System.nanoTime() - t0) / 1e9));
                }
            }
        } finally {
            core.close();
        }
    }

    private static final int BATCH = 10_000;
}
