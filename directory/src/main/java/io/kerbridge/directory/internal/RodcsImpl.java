package io.kerbridge.directory.internal;

import static io.kerbridge.directory.WellKnown.*;

import io.kerbridge.directory.Account;
import io.kerbridge.directory.AccountType;
import io.kerbridge.directory.DirectoryException;
import io.kerbridge.directory.DirectoryException.Reason;
import io.kerbridge.directory.Domain;
import io.kerbridge.directory.KeyVersion;
import io.kerbridge.directory.RodcAdmin;
import io.kerbridge.directory.RodcInfo;
import io.kerbridge.directory.Uac;
import io.kerbridge.kerberos.pac.Sid;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** RODC-style krbtgt_<n> accounts and their computer objects (protocol notes §1.2). */
public final class RodcsImpl implements RodcAdmin {
    /** WORKSTATION_TRUST_ACCOUNT | TRUSTED_TO_AUTH_FOR_DELEGATION | PARTIAL_SECRETS_ACCOUNT = 0x05001000. */
    public static final int RODC_COMPUTER_UAC = Uac.WORKSTATION_TRUST_ACCOUNT | Uac.TRUSTED_TO_AUTH_FOR_DELEGATION
            | Uac.PARTIAL_SECRETS_ACCOUNT;
    /** AES128 | AES256 (MS-KILE 2.2.7). */
    static final int AES_ONLY = 0x18;

    private final Core core;

    public RodcsImpl(Core core) {
        this.core = core;
    }

    @Override
    public RodcInfo create(String computerName, Optional<Integer> rodcNumber) {
        rodcNumber.ifPresent(n -> {
            if (n < 1 || n > 0xFFFF) {
                throw new DirectoryException(Reason.INVALID, "RODC number must be 1..65535: " + n);
            }
        });
        return core.write(c -> {
            int n = rodcNumber.orElseGet(this::unusedNumber);
            Domain d = core.domain();
            return createIn(c, computerName, n, List.of(d.sidWithRid(ALLOWED_RODC_PASSWORD_REPLICATION),
                    d.sidWithRid(DOMAIN_USERS)), (n << 16) | 1).info();
        });
    }

    /** The RODC objects and the krbtgt key, made inside the caller's write. */
    record Created(RodcInfo info, KeyVersion keys) {}

    /**
     * Adds {@code krbtgt_<n>} (disabled, random key with {@code kvno}) and the computer object
     * (uac 0x05001000, primary group 521, AES only) with the default never-reveal list.
     */
    Created createIn(Connection c, String computerName, int n, List<Sid> revealOnDemand, int kvno)
            throws SQLException {
        String sam = computerName.endsWith("$") ? computerName : computerName + "$";
        if (core.index().rodc(n) != null || AccountTable.samTaken(c, "krbtgt_" + n)) {
            throw new DirectoryException(Reason.NAME_IN_USE, "RODC number in use: " + n);
        }
        if (AccountTable.samTaken(c, sam)) {
            throw new DirectoryException(Reason.NAME_IN_USE, "name in use: " + sam);
        }
        Account krbtgt = insert(c, "krbtgt_" + n, AccountType.RODC_KRBTGT, Uac.NORMAL_ACCOUNT | Uac.ACCOUNTDISABLE,
                DOMAIN_USERS, Optional.of(n));
        KeyVersion keys = Accounts.setRandom(c, core, krbtgt, kvno);
        Account computer = insert(c, sam, AccountType.COMPUTER, RODC_COMPUTER_UAC, READ_ONLY_DOMAIN_CONTROLLERS,
                Optional.empty());
        Accounts.setRandom(c, core, computer, 1);
        RodcInfo info = new RodcInfo(n, krbtgt.sid(), computer.sid(), defaultNeverReveal(core.domain()),
                revealOnDemand);
        ExtraTables.upsertRodc(c, info);
        core.touchRodcs();
        return new Created(info, keys);
    }

    static List<Sid> defaultNeverReveal(Domain d) {
        return List.of(d.sidWithRid(DENIED_RODC_PASSWORD_REPLICATION), BUILTIN_ADMINISTRATORS,
                BUILTIN_SERVER_OPERATORS, BUILTIN_BACKUP_OPERATORS, BUILTIN_ACCOUNT_OPERATORS);
    }

    int unusedNumber() {
        for (int i = 0; i < 1000; i++) {
            int n = 1 + core.random().nextInt(0xFFFF);
            if (core.index().rodc(n) == null && core.index().bySam("krbtgt_" + n) == null) {
                return n;
            }
        }
        throw new DirectoryException(Reason.INVALID, "no unused RODC number found");
    }

    private Account insert(Connection c, String sam, AccountType type, int uac, long primary, Optional<Integer> rodc)
            throws SQLException {
        Sid sid = core.domain().sidWithRid(DomainTable.allocateRid(c));
        Account a = Accounts.fresh(sid, sam, type, uac, primary, Optional.of(core.now()));
        if (type == AccountType.COMPUTER) {
            a = new Account(sid, sam, type, Optional.empty(), sam.substring(0, sam.length() - 1), uac, (int) primary,
                    List.of(), AES_ONLY, Optional.empty(), Optional.of(core.now()), Account.LockoutState.CLEAR);
        }
        AccountTable.insert(c, new AccountRow(a, rodc, Optional.empty()));
        core.touch(sid);
        return a;
    }

    @Override
    public Optional<RodcInfo> get(int rodcNumber) {
        return Optional.ofNullable(core.index().rodcInfo().get(rodcNumber));
    }

    @Override
    public List<RodcInfo> list() {
        return core.index().rodcInfo().values().stream()
                .sorted(java.util.Comparator.comparingInt(RodcInfo::rodcNumber)).toList();
    }

    @Override
    public KeyVersion rotate(int rodcNumber) {
        RodcInfo info = require(rodcNumber);
        Account krbtgt = core.require(info.krbtgtSid()).account();
        return core.write(c -> Accounts.setRandom(c, core, krbtgt,
                Accounts.nextKvno(core, krbtgt.sid(), Optional.of(rodcNumber))));
    }

    @Override
    public RodcInfo setRevealPolicy(int rodcNumber, List<Sid> neverReveal, List<Sid> revealOnDemand) {
        RodcInfo old = require(rodcNumber);
        RodcInfo next = new RodcInfo(rodcNumber, old.krbtgtSid(), old.computerSid(), neverReveal, revealOnDemand);
        return core.write(c -> {
            ExtraTables.upsertRodc(c, next);
            core.touchRodcs();
            return next;
        });
    }

    @Override
    public void remove(int rodcNumber) {
        RodcInfo info = require(rodcNumber);
        core.write(c -> {
            removeIn(c, info);
            return null;
        });
    }

    void removeIn(Connection c, RodcInfo info) throws SQLException {
        ExtraTables.deleteRodc(c, info.rodcNumber());
        AccountTable.delete(c, info.krbtgtSid());
        AccountTable.delete(c, info.computerSid());
        core.touch(info.krbtgtSid());
        core.touch(info.computerSid());
        core.touchRodcs();
        core.touchGroups();
    }

    @Override
    public void setPartialSecrets(int rodcNumber, boolean on) {
        RodcInfo info = require(rodcNumber);
        Account computer = core.index().get(info.computerSid()).map(Index.Held::account).orElseThrow(() ->
                new DirectoryException(Reason.NO_SUCH_OBJECT, "RODC " + rodcNumber + " has no computer object"));
        int uac = on ? computer.userAccountControl() | Uac.PARTIAL_SECRETS_ACCOUNT
                : computer.userAccountControl() & ~Uac.PARTIAL_SECRETS_ACCOUNT;
        core.write(c -> {
            AccountTable.updateUac(c, computer.sid(), uac);
            core.touch(computer.sid());
            return null;
        });
    }

    RodcInfo require(int n) {
        return get(n).orElseThrow(() -> new DirectoryException(Reason.NO_SUCH_OBJECT, "no RODC number " + n));
    }
}
