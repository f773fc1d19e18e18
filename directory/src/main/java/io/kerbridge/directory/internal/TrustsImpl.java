package io.kerbridge.directory.internal;

import io.kerbridge.directory.Account;
import io.kerbridge.directory.AccountType;
import io.kerbridge.directory.DirectoryException;
import io.kerbridge.directory.DirectoryException.Reason;
import io.kerbridge.directory.Domain;
import io.kerbridge.directory.KeySalts;
import io.kerbridge.directory.KeyVersion;
import io.kerbridge.directory.Trust;
import io.kerbridge.directory.TrustAdmin;
import io.kerbridge.directory.Uac;
import io.kerbridge.directory.WellKnown;
import io.kerbridge.kerberos.pac.Sid;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Trusts: an interdomain trust account {@code NETBIOS$} (uac INTERDOMAIN_TRUST_ACCOUNT) holds two key
 * slots, incoming ({@code krbtgt/THIS@OTHER}) and outgoing ({@code krbtgt/OTHER@THIS}).
 */
public final class TrustsImpl implements TrustAdmin {
    private final Core core;

    public TrustsImpl(Core core) {
        this.core = core;
    }

    @Override
    public Trust set(String otherRealm, String otherNetbiosName, char[] trustPassword) {
        return set(otherRealm, otherNetbiosName, trustPassword, 0);
    }

    @Override
    public Trust set(String otherRealm, String otherNetbiosName, char[] trustPassword, int kvno) {
        String realm = otherRealm.toUpperCase(Locale.ROOT);
        Domain d = core.domain();
        if (realm.equals(d.realm()) || realm.isBlank()) {
            throw new DirectoryException(Reason.INVALID, "a domain does not trust itself");
        }
        return core.write(c -> {
            Trust t = get(realm).orElse(null);
            if (t == null) {
                t = create(c, realm, otherNetbiosName.toUpperCase(Locale.ROOT));
            }
            int next = kvno != 0 ? kvno : Accounts.nextKvno(core.index().get(t.accountSid())
                    .flatMap(Index.Held::outgoing));
            Instant now = core.now();
            KeyVersion in = KeyMaker.fromPassword(trustPassword, KeySalts.forTrust(d.realm(), realm, true), next, now);
            KeyVersion out = KeyMaker.fromPassword(trustPassword, KeySalts.forTrust(d.realm(), realm, false), next, now);
            KeyTable.add(c, core.masterKey(), t.accountSid(), KeyTable.TRUST_IN, in, 2);
            KeyTable.add(c, core.masterKey(), t.accountSid(), KeyTable.TRUST_OUT, out, 2);
            core.touch(t.accountSid());
            return t;
        });
    }

    private Trust create(Connection c, String realm, String netbios) throws SQLException {
        String sam = netbios + "$";
        if (AccountTable.samTaken(c, sam)) {
            throw new DirectoryException(Reason.NAME_IN_USE, "name in use: " + sam);
        }
        Sid sid = core.domain().sidWithRid(DomainTable.allocateRid(c));
        Account a = Accounts.fresh(sid, sam, AccountType.TRUST, Uac.INTERDOMAIN_TRUST_ACCOUNT,
                WellKnown.DOMAIN_USERS, Optional.of(core.now()));
        AccountTable.insert(c, new AccountRow(a, Optional.empty(), Optional.of(realm)));
        Trust t = new Trust(realm, netbios, Optional.empty(), sid);
        ExtraTables.insertTrust(c, t);
        return t;
    }

    @Override
    public void remove(String otherRealm) {
        Trust t = get(otherRealm).orElseThrow(() -> new DirectoryException(Reason.NO_SUCH_OBJECT,
                "no trust with " + otherRealm));
        core.write(c -> {
            ExtraTables.deleteTrust(c, t.realm());
            AccountTable.delete(c, t.accountSid());
            core.touch(t.accountSid());
            return null;
        });
    }

    @Override
    public Optional<Trust> get(String otherRealm) {
        String realm = otherRealm.toUpperCase(Locale.ROOT);
        return list().stream().filter(t -> t.realm().equals(realm)).findFirst();
    }

    @Override
    public List<Trust> list() {
        return core.index().all().stream()
                .filter(h -> h.account().type() == AccountType.TRUST && h.row().trustRealm().isPresent())
                .map(h -> new Trust(h.row().trustRealm().get(), netbios(h.account()), Optional.empty(),
                        h.account().sid()))
                .sorted(java.util.Comparator.comparing(Trust::realm)).toList();
    }

    private static String netbios(Account a) {
        String s = a.samAccountName();
        return s.endsWith("$") ? s.substring(0, s.length() - 1) : s;
    }
}
