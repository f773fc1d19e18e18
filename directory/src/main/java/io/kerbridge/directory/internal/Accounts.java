package io.kerbridge.directory.internal;

import io.kerbridge.directory.Account;
import io.kerbridge.directory.Account.LockoutState;
import io.kerbridge.directory.AccountType;
import io.kerbridge.directory.Domain;
import io.kerbridge.directory.KeySalts;
import io.kerbridge.directory.KeyVersion;
import io.kerbridge.directory.PrincipalEntry;
import io.kerbridge.kerberos.pac.Sid;
import io.kerbridge.kerberos.types.EncType;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Shared steps of account writes: new records, key versions and their kvnos, password history. */
public final class Accounts {
    private Accounts() {}

    public static Account fresh(Sid sid, String sam, AccountType type, int uac, long primaryGroupRid,
            Optional<Instant> pwdLastSet) {
        return new Account(sid, sam, type, Optional.empty(), sam, uac, (int) primaryGroupRid, List.of(), 0,
                Optional.empty(), pwdLastSet, LockoutState.CLEAR);
    }

    /** The next kvno of an account's main keys: +1, in the low half for an RODC krbtgt. */
    public static int nextKvno(Core core, Sid sid, Optional<Integer> rodcNumber) {
        int current = core.index().get(sid).flatMap(h -> h.main().currentKeys()).map(KeyVersion::kvno).orElse(0);
        if (rodcNumber.isPresent()) {
            int version = (current & 0xFFFF) + 1;
            return (rodcNumber.get() << 16) | (version & 0xFFFF);
        }
        return current + 1;
    }

    public static int nextKvno(Optional<PrincipalEntry> entry) {
        return entry.flatMap(PrincipalEntry::currentKeys).map(KeyVersion::kvno).orElse(0) + 1;
    }

    /** Keys from a password with the account's AD salt, and the password's NT hash into the history. */
    public static KeyVersion setPassword(Connection c, Core core, Account a, char[] password, int kvno)
            throws SQLException {
        return setPassword(c, core.masterKey(), core.domain(), a, password, kvno, core.now(), core);
    }

    static KeyVersion setPassword(Connection c, MasterKey mk, Domain domain, Account a, char[] password, int kvno,
            Instant now, Core coreOrNull) throws SQLException {
        String salt = KeySalts.forAccount(domain, a.type(), a.samAccountName());
        KeyVersion kv = KeyMaker.fromPassword(password, salt, kvno, now);
        store(c, mk, a, kv, coreOrNull);
        byte[] nt = kv.key(EncType.RC4_HMAC).orElseThrow().bytes();
        try {
            KeyTable.addHistory(c, mk, a.sid(), nt);
        } finally {
            java.util.Arrays.fill(nt, (byte) 0);
        }
        return kv;
    }

    public static KeyVersion setRandom(Connection c, Core core, Account a, int kvno) throws SQLException {
        KeyVersion kv = KeyMaker.random(core.random(), kvno, core.now());
        store(c, core.masterKey(), a, kv, core);
        return kv;
    }

    static void store(Connection c, MasterKey mk, Account a, KeyVersion kv, Core coreOrNull) throws SQLException {
        if (coreOrNull != null) {
            coreOrNull.addKeys(c, a.sid(), a.type(), KeyTable.MAIN, kv);
        } else {
            int keep = a.type() == AccountType.KRBTGT || a.type() == AccountType.RODC_KRBTGT ? 3 : 2;
            KeyTable.add(c, mk, a.sid(), KeyTable.MAIN, kv, keep);
        }
    }
}
