package io.kerbridge.directory.internal;

import static io.kerbridge.directory.WellKnown.*;

import io.kerbridge.directory.Account;
import io.kerbridge.directory.AccountType;
import io.kerbridge.directory.DirectoryException;
import io.kerbridge.directory.DirectoryException.Reason;
import io.kerbridge.directory.Domain;
import io.kerbridge.directory.DomainSpec;
import io.kerbridge.directory.Group;
import io.kerbridge.directory.GroupScope;
import io.kerbridge.directory.PasswordChange.Result;
import io.kerbridge.directory.Uac;
import io.kerbridge.kerberos.pac.Sid;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Creates a new domain in an empty database: the domain row and policy, the master-key check value,
 * the well-known accounts (500 Administrator, 501 Guest, 502 krbtgt), the well-known groups with AD's
 * default scopes and memberships (MS-ADTS 6.1.1.6), and the BUILTIN aliases this project uses.
 */
public final class Provisioning {
    private Provisioning() {}

    public static Domain create(Database db, MasterKey mk, DomainSpec spec, char[] adminPassword, Instant now,
            SecureRandom random) {
        Sid sid = spec.sid().orElseGet(() -> randomDomainSid(random));
        Domain domain = new Domain(spec.dnsName(), spec.netbiosName(), spec.dnsName(), sid, spec.parentRealm());
        Result r = PasswordRules.check(adminPassword, spec.policy(), "Administrator", "Administrator");
        if (r != Result.OK) {
            throw new DirectoryException(Reason.PASSWORD_POLICY, "administrator password: " + r);
        }
        db.tx(c -> {
            DomainTable.insert(c, domain, spec.isForestRoot() ? Optional.empty() : spec.forestRootSid(),
                    FIRST_USER_RID, now);
            DomainTable.writePolicy(c, spec.policy());
            DomainTable.writeKeyCheck(c, mk);
            accounts(c, mk, domain, adminPassword, now, random);
            groups(c, domain, spec);
            return null;
        });
        return domain;
    }

    static Sid randomDomainSid(SecureRandom random) {
        Sid s = Sid.parse("S-1-5-21");
        for (int i = 0; i < 3; i++) {
            s = s.withRid(Integer.toUnsignedLong(random.nextInt()));
        }
        return s;
    }

    private static void accounts(Connection c, MasterKey mk, Domain d, char[] adminPassword, Instant now,
            SecureRandom random) throws SQLException {
        Account admin = Accounts.fresh(d.sidWithRid(ADMINISTRATOR), "Administrator", AccountType.USER,
                Uac.NORMAL_ACCOUNT, DOMAIN_USERS, Optional.of(now));
        Account guest = Accounts.fresh(d.sidWithRid(GUEST), "Guest", AccountType.USER,
                Uac.NORMAL_ACCOUNT | Uac.ACCOUNTDISABLE | Uac.PASSWD_NOTREQD | Uac.DONT_EXPIRE_PASSWORD,
                DOMAIN_GUESTS, Optional.empty());
        Account krbtgt = Accounts.fresh(d.sidWithRid(KRBTGT), "krbtgt", AccountType.KRBTGT,
                Uac.NORMAL_ACCOUNT | Uac.ACCOUNTDISABLE, DOMAIN_USERS, Optional.of(now));
        for (Account a : List.of(admin, guest, krbtgt)) {
            AccountTable.insert(c, new AccountRow(a, Optional.empty(), Optional.empty()));
        }
        Accounts.setPassword(c, mk, d, admin, adminPassword, 1, now, null);
        Accounts.store(c, mk, guest, KeyMaker.random(random, 1, now), null);
        Accounts.store(c, mk, krbtgt, KeyMaker.random(random, 1, now), null);
    }

    private static void groups(Connection c, Domain d, DomainSpec spec) throws SQLException {
        boolean root = spec.isForestRoot();
        group(c, d, DOMAIN_ADMINS, "Domain Admins", GroupScope.GLOBAL, d.sidWithRid(ADMINISTRATOR));
        group(c, d, DOMAIN_USERS, "Domain Users", GroupScope.GLOBAL);
        group(c, d, DOMAIN_GUESTS, "Domain Guests", GroupScope.GLOBAL);
        group(c, d, DOMAIN_COMPUTERS, "Domain Computers", GroupScope.GLOBAL);
        group(c, d, DOMAIN_CONTROLLERS, "Domain Controllers", GroupScope.GLOBAL);
        group(c, d, CERT_PUBLISHERS, "Cert Publishers", GroupScope.DOMAIN_LOCAL);
        if (root) {
            group(c, d, SCHEMA_ADMINS, "Schema Admins", GroupScope.UNIVERSAL, d.sidWithRid(ADMINISTRATOR));
            group(c, d, ENTERPRISE_ADMINS, "Enterprise Admins", GroupScope.UNIVERSAL, d.sidWithRid(ADMINISTRATOR));
        }
        group(c, d, GROUP_POLICY_CREATOR_OWNERS, "Group Policy Creator Owners", GroupScope.GLOBAL,
                d.sidWithRid(ADMINISTRATOR));
        group(c, d, READ_ONLY_DOMAIN_CONTROLLERS, "Read-only Domain Controllers", GroupScope.GLOBAL);
        group(c, d, ALLOWED_RODC_PASSWORD_REPLICATION, "Allowed RODC Password Replication Group",
                GroupScope.DOMAIN_LOCAL);
        Optional<Sid> forestRoot = root ? Optional.of(d.sid()) : spec.forestRootSid();
        List<Sid> schemaAndEnterprise = forestRoot.map(f -> List.of(f.withRid(SCHEMA_ADMINS),
                f.withRid(ENTERPRISE_ADMINS))).orElse(List.of());
        List<Sid> denied = new java.util.ArrayList<>(List.of(d.sidWithRid(DOMAIN_ADMINS),
                d.sidWithRid(DOMAIN_CONTROLLERS), d.sidWithRid(CERT_PUBLISHERS)));
        denied.addAll(schemaAndEnterprise);
        denied.addAll(List.of(d.sidWithRid(GROUP_POLICY_CREATOR_OWNERS), d.sidWithRid(READ_ONLY_DOMAIN_CONTROLLERS),
                d.sidWithRid(KRBTGT)));
        group(c, d, DENIED_RODC_PASSWORD_REPLICATION, "Denied RODC Password Replication Group",
                GroupScope.DOMAIN_LOCAL, denied.toArray(Sid[]::new));
        builtins(c, d, forestRoot);
    }

    private static void builtins(Connection c, Domain d, Optional<Sid> forestRoot) throws SQLException {
        List<Sid> admins = new java.util.ArrayList<>(List.of(d.sidWithRid(DOMAIN_ADMINS)));
        forestRoot.ifPresent(f -> admins.add(f.withRid(ENTERPRISE_ADMINS)));
        admins.add(d.sidWithRid(ADMINISTRATOR));
        builtin(c, BUILTIN_ADMINISTRATORS, "Administrators", admins.toArray(Sid[]::new));
        builtin(c, BUILTIN_ACCOUNT_OPERATORS, "Account Operators");
        builtin(c, BUILTIN_SERVER_OPERATORS, "Server Operators");
        builtin(c, BUILTIN_BACKUP_OPERATORS, "Backup Operators");
    }

    private static void group(Connection c, Domain d, long rid, String name, GroupScope scope, Sid... members)
            throws SQLException {
        insert(c, new Group(d.sidWithRid(rid), name, scope, ""), members);
    }

    private static void builtin(Connection c, Sid sid, String name, Sid... members) throws SQLException {
        insert(c, new Group(sid, name, GroupScope.DOMAIN_LOCAL, "BUILTIN alias"), members);
    }

    private static void insert(Connection c, Group g, Sid... members) throws SQLException {
        GroupTable.insert(c, g);
        for (Sid m : members) {
            GroupTable.addMember(c, g.sid(), m);
        }
    }
}
