package io.kerbridge.directory.internal;

import io.kerbridge.directory.Account;
import io.kerbridge.directory.Memberships;
import io.kerbridge.directory.RodcInfo;
import io.kerbridge.directory.RodcPolicyView;
import io.kerbridge.directory.Uac;
import io.kerbridge.kerberos.pac.Sid;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The KDC's view of RODC password replication policies, from memory: the dir_rodc row of
 * {@code krbtgt_<n>} and the uac of the computer object it names.
 */
public final class RodcPolicyImpl implements RodcPolicyView {
    private final Core core;
    private final Memberships memberships;

    public RodcPolicyImpl(Core core, Memberships memberships) {
        this.core = core;
        this.memberships = memberships;
    }

    @Override
    public Optional<RevealPolicy> revealPolicy(int rodcNumber) {
        if (core.index().rodc(rodcNumber) == null) {
            return Optional.empty();
        }
        RodcInfo info = core.index().rodcInfo().get(rodcNumber);
        Optional<Account> computer = Optional.ofNullable(info)
                .flatMap(i -> core.index().get(i.computerSid())).map(Index.Held::account);
        if (info == null || computer.isEmpty()) {
            return Optional.of(new RevealPolicy(rodcNumber, false, false, List.of(), List.of()));
        }
        boolean partial = (computer.get().userAccountControl() & Uac.PARTIAL_SECRETS_ACCOUNT) != 0;
        return Optional.of(new RevealPolicy(rodcNumber, true, partial, info.neverReveal(), info.revealOnDemand()));
    }

    @Override
    public Set<Sid> tokenSids(Sid account) {
        return memberships.tokenSids(account);
    }
}
