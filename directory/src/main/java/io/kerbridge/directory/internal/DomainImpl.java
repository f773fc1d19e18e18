package io.kerbridge.directory.internal;

import io.kerbridge.directory.Domain;
import io.kerbridge.directory.DomainAdmin;
import io.kerbridge.directory.DomainPolicy;
import io.kerbridge.directory.KeyVersion;
import java.util.Optional;

public final class DomainImpl implements DomainAdmin {
    private final Core core;

    public DomainImpl(Core core) {
        this.core = core;
    }

    @Override
    public Domain domain() {
        return core.domain();
    }

    @Override
    public DomainPolicy policy() {
        return core.policy();
    }

    @Override
    public void setPolicy(DomainPolicy policy) {
        core.write(c -> {
            DomainTable.writePolicy(c, policy);
            core.touchPolicy();
            return null;
        });
    }

    @Override
    public KeyVersion rotateKrbtgt() {
        var krbtgt = core.index().krbtgt().account();
        return core.write(c -> Accounts.setRandom(c, core, krbtgt,
                Accounts.nextKvno(core, krbtgt.sid(), Optional.empty())));
    }
}
