package io.kerbridge.directory.internal;

import io.kerbridge.directory.DirectoryException;
import io.kerbridge.directory.DirectoryException.Reason;
import io.kerbridge.directory.SpnAdmin;
import io.kerbridge.kerberos.pac.Sid;
import java.util.List;
import java.util.Optional;

/** servicePrincipalName: {@code class/host[:port][/service]}, unique across the store. */
public final class SpnsImpl implements SpnAdmin {
    private final Core core;

    public SpnsImpl(Core core) {
        this.core = core;
    }

    static void checkSpn(String spn) {
        int slash = spn.indexOf('/');
        if (slash <= 0 || slash == spn.length() - 1 || spn.contains("@") || spn.chars().anyMatch(Character::isWhitespace)) {
            throw new DirectoryException(Reason.INVALID, "not a service principal name: " + spn);
        }
        if (spn.regionMatches(true, 0, "krbtgt/", 0, 7)) {
            throw new DirectoryException(Reason.INVALID, "krbtgt names are not SPNs");
        }
    }

    @Override
    public void add(Sid account, String spn) {
        checkSpn(spn);
        core.require(account);
        core.write(c -> {
            Optional<Sid> owner = AccountTable.spnOwner(c, spn);
            if (owner.isPresent()) {
                if (owner.get().equals(account)) {
                    return null;
                }
                throw new DirectoryException(Reason.NAME_IN_USE, spn + " is held by " + owner.get());
            }
            AccountTable.insertSpn(c, account, spn);
            core.touch(account);
            return null;
        });
    }

    @Override
    public void remove(Sid account, String spn) {
        core.require(account);
        core.write(c -> {
            AccountTable.deleteSpn(c, account, spn);
            core.touch(account);
            return null;
        });
    }

    @Override
    public List<String> list(Sid account) {
        return core.require(account).account().servicePrincipalNames();
    }

    @Override
    public Optional<Sid> owner(String spn) {
        return Optional.ofNullable(core.index().spnOwner(spn));
    }
}
