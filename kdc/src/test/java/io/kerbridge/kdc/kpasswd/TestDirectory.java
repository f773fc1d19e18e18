package io.kerbridge.kdc.kpasswd;

import io.kerbridge.directory.Account;
import io.kerbridge.directory.AccountType;
import io.kerbridge.directory.Domain;
import io.kerbridge.directory.DomainPolicy;
import io.kerbridge.directory.GroupSids;
import io.kerbridge.directory.KeyVersion;
import io.kerbridge.directory.LookupPurpose;
import io.kerbridge.directory.PasswordChange;
import io.kerbridge.directory.PrincipalEntry;
import io.kerbridge.directory.PrincipalStore;
import io.kerbridge.directory.Uac;
import io.kerbridge.kerberos.pac.Sid;
import io.kerbridge.kerberos.types.EncryptionKey;
import io.kerbridge.kerberos.types.PrincipalName;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * In-memory test doubles of the directory for the kpasswd tests (RFC 3244 §2: the server looks up
 * {@code kadmin/changepw@REALM}'s key and the ticket's client): a {@link PrincipalStore} holding a
 * few accounts and a {@link PasswordChange} that records calls and answers with a set result.
 */
final class TestDirectory implements PrincipalStore, PasswordChange {
    final Domain domain;
    private final DomainPolicy policy;
    private final Map<String, PrincipalEntry> clients = new ConcurrentHashMap<>();
    private final Map<String, PrincipalEntry> servers = new ConcurrentHashMap<>();
    private final Map<Sid, List<Long>> groups = new ConcurrentHashMap<>();
    private long nextRid = 1100;

    /** What the double was asked to do. */
    record Call(String op, Sid account, String password, boolean mustChange) {}

    final List<Call> calls = new CopyOnWriteArrayList<>();
    volatile Result nextResult = Result.OK;
    volatile RuntimeException nextFailure;
    /** Runs on every successful call (e.g. to change the password in the MIT KDC too). */
    volatile java.util.function.BiConsumer<Sid, String> onChange = (sid, pw) -> {};

    TestDirectory(String realm) {
        this.domain = new Domain(realm.toLowerCase(java.util.Locale.ROOT), realm.split("\\.")[0], realm,
                Sid.parse("S-1-5-21-1004336348-1177238915-682003330"), Optional.empty());
        this.policy = DomainPolicy.AD_DEFAULT;
    }

    synchronized Account addUser(String sam, boolean admin) {
        Account a = account(sam, AccountType.USER, Uac.NORMAL_ACCOUNT);
        clients.put(sam, new PrincipalEntry(domain, a, List.of()));
        groups.put(a.sid(), admin ? List.of(513L, 512L) : List.of(513L));
        return a;
    }

    synchronized Account addDisabledUser(String sam) {
        Account a = account(sam, AccountType.USER, Uac.NORMAL_ACCOUNT | Uac.ACCOUNTDISABLE);
        clients.put(sam, new PrincipalEntry(domain, a, List.of()));
        groups.put(a.sid(), List.of(513L));
        return a;
    }

    /** The kadmin/changepw account with these key versions (newest first). */
    synchronized void setChangepwKeys(List<KeyVersion> versions) {
        Account a = account("kadmin-changepw", AccountType.USER, Uac.NORMAL_ACCOUNT);
        servers.put("kadmin/changepw", new PrincipalEntry(domain, a, versions));
    }

    static KeyVersion keyVersion(int kvno, EncryptionKey... keys) {
        return new KeyVersion(kvno, List.of(keys), Instant.EPOCH);
    }

    private Account account(String sam, AccountType type, int uac) {
        return new Account(domain.sidWithRid(nextRid++), sam, type, Optional.empty(), sam, uac, 513, List.of(), 0,
                Optional.empty(), Optional.of(Instant.EPOCH), Account.LockoutState.CLEAR);
    }

    Optional<Sid> sidOf(String sam) {
        return Optional.ofNullable(clients.get(sam)).map(e -> e.account().sid());
    }

    // ---- PrincipalStore -------------------------------------------------------------------

    @Override
    public Optional<PrincipalEntry> lookup(PrincipalName name, String realm, LookupPurpose purpose) {
        if (!realm.equals(domain.realm())) {
            return Optional.empty();
        }
        String key = String.join("/", name.components());
        return Optional.ofNullable(switch (purpose) {
            case CLIENT -> clients.get(key);
            case SERVER -> servers.get(key);
            case KRBTGT -> null;
        });
    }

    @Override
    public Optional<PrincipalEntry> rodcKrbtgt(int rodcNumber) {
        return Optional.empty();
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
        return new GroupSids(groups.getOrDefault(account.sid(), List.of()), List.of(), List.of());
    }

    // ---- PasswordChange ---------------------------------------------------------------------

    @Override
    public Result change(Sid account, char[] newPassword) {
        return record("change", account, newPassword, false);
    }

    @Override
    public Result set(Sid account, char[] newPassword, boolean mustChange) {
        return record("set", account, newPassword, mustChange);
    }

    private Result record(String op, Sid account, char[] pw, boolean mustChange) {
        RuntimeException f = nextFailure;
        if (f != null) {
            throw f;
        }
        String password = new String(pw);
        calls.add(new Call(op, account, password, mustChange));
        Result r = nextResult;
        if (r == Result.OK) {
            onChange.accept(account, password);
        }
        return r;
    }

    List<Call> callsSnapshot() {
        return new ArrayList<>(calls);
    }
}
