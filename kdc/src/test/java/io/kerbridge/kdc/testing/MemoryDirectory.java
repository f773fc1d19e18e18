package io.kerbridge.kdc.testing;

import io.kerbridge.directory.Account;
import io.kerbridge.directory.AccountEvents;
import io.kerbridge.directory.AccountType;
import io.kerbridge.directory.Domain;
import io.kerbridge.directory.DomainPolicy;
import io.kerbridge.directory.GroupSids;
import io.kerbridge.directory.KeyVersion;
import io.kerbridge.directory.LookupPurpose;
import io.kerbridge.directory.PrincipalEntry;
import io.kerbridge.directory.PrincipalStore;
import io.kerbridge.directory.RodcPolicyView;
import io.kerbridge.directory.Uac;
import io.kerbridge.directory.KeySalts;
import io.kerbridge.kerberos.Bytes;
import io.kerbridge.kerberos.crypto.Enctypes;
import io.kerbridge.kerberos.crypto.KerberosCryptoException;
import io.kerbridge.kerberos.crypto.NtHash;
import io.kerbridge.kerberos.pac.Sid;
import io.kerbridge.kerberos.types.EncType;
import io.kerbridge.kerberos.types.EncryptionKey;
import io.kerbridge.kerberos.types.NameType;
import io.kerbridge.kerberos.types.PrincipalName;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;

/**
 * An in-memory directory for KDC tests: one domain, its krbtgt, users with password-derived keys (AD
 * salts), services with random keys, groups, and inter-realm trusts whose keys are derived from a
 * shared password (salt REALM + "krbtgt" + OTHER, so both domains derive the same key). Users also have
 * the NT hash (etype 23) as AD accounts do. RODC-style {@code krbtgt_<n>} accounts keep their current
 * and previous key versions (kvno {@code n << 16 | v}); each has a password replication policy
 * ({@link RodcPolicyView}) with AD's defaults for the cloud object: never reveal Denied RODC PRG (572)
 * and the BUILTIN Administrators/Account/Server/Backup Operators, reveal Domain Users (513).
 */
public final class MemoryDirectory implements PrincipalStore, AccountEvents, RodcPolicyView {
    public static final List<EncType> ENCTYPES = List.of(EncType.AES256_CTS_HMAC_SHA1_96,
            EncType.AES128_CTS_HMAC_SHA1_96, EncType.AES256_CTS_HMAC_SHA384_192, EncType.AES128_CTS_HMAC_SHA256_128);

    private final Domain domain;
    private volatile DomainPolicy policy;
    private final Map<Sid, PrincipalEntry> entries = new ConcurrentHashMap<>();
    private final Map<Sid, GroupSids> groups = new ConcurrentHashMap<>();
    private final Map<String, PrincipalEntry> outbound = new ConcurrentHashMap<>();
    private final Map<String, PrincipalEntry> inbound = new ConcurrentHashMap<>();
    private final AtomicLong nextRid = new AtomicLong(1100);
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final Sid krbtgtSid;
    private final Map<Integer, PrincipalEntry> rodcKrbtgts = new ConcurrentHashMap<>();
    private final Map<Integer, RevealPolicy> reveal = new ConcurrentHashMap<>();

    public MemoryDirectory(Domain domain, DomainPolicy policy, Clock clock) {
        this.domain = domain;
        this.policy = policy;
        this.clock = clock;
        this.krbtgtSid = domain.sidWithRid(502);
        Account krbtgt = account(krbtgtSid, "krbtgt", AccountType.KRBTGT, Uac.NORMAL_ACCOUNT | Uac.ACCOUNTDISABLE,
                513, List.of(), Optional.empty());
        entries.put(krbtgtSid, new PrincipalEntry(domain, krbtgt, List.of(randomKeys(1))));
    }

    public static Domain domain(String dns, String netbios, String sid) {
        return new Domain(dns, netbios, dns.toUpperCase(Locale.ROOT), Sid.parse(sid), Optional.empty());
    }

    private Account account(Sid sid, String sam, AccountType type, int uac, int primaryGroup, List<String> spns,
            Optional<String> upn) {
        return new Account(sid, sam, type, upn, sam + " (display)", uac, primaryGroup, spns, 0, Optional.empty(),
                Optional.of(clock.instant()), Account.LockoutState.CLEAR);
    }

    public Account addUser(String sam, String password, long... groupRids) {
        Sid sid = domain.sidWithRid(nextRid.getAndIncrement());
        Account a = account(sid, sam, AccountType.USER, Uac.NORMAL_ACCOUNT, 513, List.of(),
                Optional.of(sam + "@" + domain.dnsName()));
        KeyVersion kv = passwordKeys(KeySalts.forAccount(domain, a.type(), a.samAccountName()), password, 1);
        List<EncryptionKey> withNt = new ArrayList<>(kv.keys());
        withNt.add(NtHash.of(password.toCharArray()));
        entries.put(sid, new PrincipalEntry(domain, a, List.of(new KeyVersion(1, withNt, kv.setAt()))));
        List<Long> rids = new ArrayList<>();
        for (long r : groupRids) {
            rids.add(r);
        }
        groups.put(sid, new GroupSids(rids, List.of(), List.of()));
        return a;
    }

    /** A computer account {@code NAME$} with random keys and SPNs. */
    public Account addService(String sam, String... spns) {
        Sid sid = domain.sidWithRid(nextRid.getAndIncrement());
        Account a = account(sid, sam, AccountType.COMPUTER, Uac.WORKSTATION_TRUST_ACCOUNT | Uac.DONT_EXPIRE_PASSWORD,
                515, List.of(spns), Optional.empty());
        entries.put(sid, new PrincipalEntry(domain, a, List.of(randomKeys(2))));
        return a;
    }

    /** Trust with {@code otherRealm} in both directions, keys from {@code password}. */
    public void addTrust(String otherRealm, String password) {
        String other = otherRealm.toUpperCase(Locale.ROOT);
        outbound.put(other, trustEntry(other, domain.realm(), password));
        inbound.put(other, trustEntry(domain.realm(), other, password));
    }

    /** The account of krbtgt/TARGET@ISSUER. */
    private PrincipalEntry trustEntry(String target, String issuer, String password) {
        Sid sid = domain.sidWithRid(nextRid.getAndIncrement());
        Account a = account(sid, "krbtgt/" + target, AccountType.TRUST, Uac.INTERDOMAIN_TRUST_ACCOUNT, 513, List.of(),
                Optional.empty());
        return new PrincipalEntry(domain, a, List.of(passwordKeys(issuer + "krbtgt" + target, password, 3)));
    }

    public void setGroups(Sid account, GroupSids g) {
        groups.put(account, g);
    }

    public void setPolicy(DomainPolicy p) {
        policy = p;
    }

    public void update(Sid sid, UnaryOperator<Account> change) {
        entries.computeIfPresent(sid, (k, e) -> new PrincipalEntry(e.domain(), change.apply(e.account()),
                e.keyVersions()));
    }

    public PrincipalEntry entry(Sid sid) {
        return entries.get(sid);
    }

    public PrincipalEntry krbtgt() {
        return entries.get(krbtgtSid);
    }

    public List<EncryptionKey> keys(Sid sid) {
        return entries.get(sid).currentKeys().orElseThrow().keys();
    }

    private KeyVersion randomKeys(int kvno) {
        List<EncryptionKey> keys = new ArrayList<>();
        for (EncType t : ENCTYPES) {
            keys.add(Enctypes.find(t).orElseThrow().generateKey(random));
        }
        return new KeyVersion(kvno, keys, clock.instant());
    }

    private KeyVersion passwordKeys(String salt, String password, int kvno) {
        List<EncryptionKey> keys = new ArrayList<>();
        for (EncType t : ENCTYPES) {
            try {
                keys.add(Enctypes.find(t).orElseThrow().stringToKey(password.toCharArray(), Bytes.utf8(salt), null));
            } catch (KerberosCryptoException e) {
                throw new IllegalStateException(e);
            }
        }
        return new KeyVersion(kvno, keys, clock.instant());
    }

    // ---- PrincipalStore

    @Override
    public Optional<PrincipalEntry> lookup(PrincipalName name, String realm, LookupPurpose purpose) {
        List<String> c = name.components();
        if (name.isKrbtgt()) {
            return krbtgt(c.get(1).toUpperCase(Locale.ROOT), realm.toUpperCase(Locale.ROOT));
        }
        if (!realm.equalsIgnoreCase(domain.realm()) || c.size() == 0) {
            return Optional.empty();
        }
        String text = String.join("/", c);
        for (PrincipalEntry e : entries.values()) {
            Account a = e.account();
            boolean match = switch (purpose) {
                case CLIENT -> name.type().equals(NameType.NT_ENTERPRISE) || text.contains("@")
                        ? a.userPrincipalName().map(text::equalsIgnoreCase).orElse(false)
                        : a.samAccountName().equalsIgnoreCase(text);
                case SERVER -> a.samAccountName().equalsIgnoreCase(text)
                        || a.servicePrincipalNames().stream().anyMatch(text::equalsIgnoreCase);
                case KRBTGT -> false;
            };
            if (match && a.type() != AccountType.KRBTGT) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    private Optional<PrincipalEntry> krbtgt(String target, String issuer) {
        String ours = domain.realm();
        if (target.equals(ours) && issuer.equals(ours)) {
            return Optional.of(krbtgt());
        }
        if (issuer.equals(ours)) {
            return Optional.ofNullable(outbound.get(target));
        }
        if (target.equals(ours)) {
            return Optional.ofNullable(inbound.get(issuer));
        }
        return Optional.empty();
    }

    @Override
    public Optional<PrincipalEntry> rodcKrbtgt(int rodcNumber) {
        return Optional.ofNullable(rodcKrbtgts.get(rodcNumber));
    }

    // ---- RODC krbtgt accounts and their password replication policy

    /** krbtgt_&lt;n&gt; with random AES keys of kvno {@code n << 16 | keyVersion}, and the default policy. */
    public PrincipalEntry addRodc(int n, int keyVersion) {
        Sid sid = domain.sidWithRid(nextRid.getAndIncrement());
        Account a = account(sid, "krbtgt_" + n, AccountType.RODC_KRBTGT, Uac.NORMAL_ACCOUNT | Uac.ACCOUNTDISABLE, 513,
                List.of(), Optional.empty());
        PrincipalEntry e = new PrincipalEntry(domain, a, List.of(randomKeys(n << 16 | (keyVersion & 0xFFFF))));
        rodcKrbtgts.put(n, e);
        reveal.put(n, new RevealPolicy(n, true, true, List.of(domain.sidWithRid(572), builtin(544), builtin(548),
                builtin(549), builtin(551)), List.of(domain.sidWithRid(513))));
        return e;
    }

    private static Sid builtin(long rid) {
        return Sid.parse("S-1-5-32-" + rid);
    }

    /** A new key version; the current and the previous one are kept (notes §1.5). */
    public PrincipalEntry rotateRodc(int n) {
        return rodcKrbtgts.computeIfPresent(n, (k, e) -> {
            int next = e.currentKeys().orElseThrow().kvno() + 1;
            return new PrincipalEntry(e.domain(), e.account(), List.of(randomKeys(next), e.keyVersions().get(0)));
        });
    }

    public void setRevealPolicy(RevealPolicy p) {
        reveal.put(p.rodcNumber(), p);
    }

    /** Removes the RODC computer object (the krbtgt_&lt;n&gt; account stays, unlinked). */
    public void removeRodcComputer(int n) {
        reveal.remove(n);
    }

    public void removeRodc(int n) {
        rodcKrbtgts.remove(n);
        reveal.remove(n);
    }

    public void removeAccount(Sid sid) {
        entries.remove(sid);
    }

    @Override
    public Optional<RevealPolicy> revealPolicy(int rodcNumber) {
        return rodcKrbtgts.containsKey(rodcNumber)
                ? Optional.of(reveal.getOrDefault(rodcNumber, new RevealPolicy(rodcNumber, false, false, List.of(),
                        List.of())))
                : Optional.empty();
    }

    /** The account, its primary group, its domain groups and domain-local groups, and its extra SIDs. */
    @Override
    public Set<Sid> tokenSids(Sid account) {
        Set<Sid> out = new LinkedHashSet<>();
        out.add(account);
        PrincipalEntry e = entries.get(account);
        if (e == null) {
            return out;
        }
        out.add(domain.sidWithRid(e.account().primaryGroupRid()));
        GroupSids g = groupSids(e.account());
        g.domainGroupRids().forEach(r -> out.add(domain.sidWithRid(r)));
        g.domainLocalGroupRids().forEach(r -> out.add(domain.sidWithRid(r)));
        out.addAll(g.extraSids());
        return out;
    }

    @Override
    public Domain domain() {
        return domain;
    }

    @Override
    public DomainPolicy policy() {
        return policy;
    }

    @Override
    public GroupSids groupSids(Account account) {
        return groups.getOrDefault(account.sid(), new GroupSids(List.of(), List.of(), List.of()));
    }

    // ---- AccountEvents

    @Override
    public void badPassword(Sid account, Instant when) {
        update(account, a -> {
            Account.LockoutState l = a.lockout();
            boolean windowOver = l.badPasswordTime().map(t -> !when.isBefore(t.plus(policy.lockoutWindow())))
                    .orElse(true);
            int count = (windowOver ? 0 : l.badPwdCount()) + 1;
            Optional<Instant> lockedAt = policy.lockoutThreshold() > 0 && count >= policy.lockoutThreshold()
                    ? Optional.of(when) : l.lockoutTime();
            return withLockout(a, new Account.LockoutState(count, Optional.of(when), lockedAt));
        });
    }

    @Override
    public void goodPassword(Sid account, Instant when) {
        update(account, a -> withLockout(a, Account.LockoutState.CLEAR));
    }

    public static Account withLockout(Account a, Account.LockoutState l) {
        return new Account(a.sid(), a.samAccountName(), a.type(), a.userPrincipalName(), a.displayName(),
                a.userAccountControl(), a.primaryGroupRid(), a.servicePrincipalNames(), a.supportedEncryptionTypes(),
                a.accountExpires(), a.pwdLastSet(), l);
    }

    public static Account withUac(Account a, int uac) {
        return new Account(a.sid(), a.samAccountName(), a.type(), a.userPrincipalName(), a.displayName(), uac,
                a.primaryGroupRid(), a.servicePrincipalNames(), a.supportedEncryptionTypes(), a.accountExpires(),
                a.pwdLastSet(), a.lockout());
    }

    public static Account withPwdLastSet(Account a, Optional<Instant> t) {
        return new Account(a.sid(), a.samAccountName(), a.type(), a.userPrincipalName(), a.displayName(),
                a.userAccountControl(), a.primaryGroupRid(), a.servicePrincipalNames(), a.supportedEncryptionTypes(),
                a.accountExpires(), t, a.lockout());
    }

    public static Account withExpiry(Account a, Optional<Instant> t) {
        return new Account(a.sid(), a.samAccountName(), a.type(), a.userPrincipalName(), a.displayName(),
                a.userAccountControl(), a.primaryGroupRid(), a.servicePrincipalNames(), a.supportedEncryptionTypes(),
                t, a.pwdLastSet(), a.lockout());
    }
}
