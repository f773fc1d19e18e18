// RFC 4120 §3.1.3 (KDC_ERR_BADOPTION for options that make no sense in AS), §3.1.5 / §7.5.9 codes;
// MS-KILE 3.3.5.6 (AS exchange account checks, via policy.AccountChecks); MIT validate_as_request.
package io.kerbridge.kdc.as;

import io.kerbridge.directory.AccountType;
import io.kerbridge.kdc.Rejection;
import io.kerbridge.kdc.Status;
import io.kerbridge.kdc.policy.AccountChecks;
import io.kerbridge.kdc.policy.EtypePolicy;
import io.kerbridge.kerberos.types.ErrorCode;
import io.kerbridge.kerberos.types.KdcOptions;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** The AS checks, in the order they run (before pre-authentication, as MIT does). */
final class AsChecks {
    private AsChecks() {}

    /** Options only meaningful with a TGT, and postdating (not offered by this KDC). */
    private static final int[] NOT_IN_AS = {KdcOptions.FORWARDED, KdcOptions.PROXY, KdcOptions.RENEW,
        KdcOptions.VALIDATE, KdcOptions.ENC_TKT_IN_SKEY, KdcOptions.CONSTRAINED_DELEGATION, KdcOptions.POSTDATED,
        KdcOptions.ALLOW_POSTDATE};

    static List<Function<AsState, Optional<Rejection>>> all(EtypePolicy etypes) {
        return List.of(AsChecks::options, AsChecks::clientKind, AsChecks::serverKind,
                s -> AccountChecks.disabled(s.client().account()),
                s -> AccountChecks.lockedOut(s.client().account(), s.policy(), s.now()),
                s -> AccountChecks.accountExpired(s.client().account(), s.now()),
                AsChecks::passwordExpired,
                s -> replyEtype(s, etypes),
                s -> sessionEtype(s, etypes));
    }

    static Optional<Rejection> options(AsState s) {
        for (int bit : NOT_IN_AS) {
            if (s.body().options().has(bit)) {
                return reject(ErrorCode.KDC_ERR_BADOPTION, Status.BAD_OPTION);
            }
        }
        return Optional.empty();
    }

    /** Only users and computers log on; krbtgt, RODC krbtgt and trust accounts never are clients. */
    static Optional<Rejection> clientKind(AsState s) {
        AccountType t = s.client().account().type();
        return t == AccountType.USER || t == AccountType.COMPUTER ? Optional.empty()
                : reject(ErrorCode.KDC_ERR_C_PRINCIPAL_UNKNOWN, Status.CLIENT_NOT_FOUND);
    }

    /** The local krbtgt or an enabled service; never a trust or RODC krbtgt key (notes §2.5 item 2). */
    static Optional<Rejection> serverKind(AsState s) {
        AccountType t = s.server().account().type();
        boolean ok = t == AccountType.KRBTGT || (t != AccountType.TRUST && t != AccountType.RODC_KRBTGT
                && !s.server().account().isDisabled());
        return ok ? Optional.empty() : reject(ErrorCode.KDC_ERR_S_PRINCIPAL_UNKNOWN, Status.SERVER_NOT_ALLOWED);
    }

    /** An expired password may still get a ticket for kadmin/changepw, to change it (RFC 3244). */
    static Optional<Rejection> passwordExpired(AsState s) {
        List<String> c = s.sname().components();
        if (c.size() == 2 && c.get(0).equals("kadmin") && c.get(1).equals("changepw")) {
            return Optional.empty();
        }
        return AccountChecks.passwordExpired(s.client().account(), s.policy(), s.now());
    }

    static Optional<Rejection> replyEtype(AsState s, EtypePolicy etypes) {
        return etypes.replyKey(s.client(), s.body().etypes()).isPresent() ? Optional.empty()
                : reject(ErrorCode.KDC_ERR_ETYPE_NOSUPP, Status.ETYPE_NOSUPP);
    }

    static Optional<Rejection> sessionEtype(AsState s, EtypePolicy etypes) {
        boolean ok = etypes.sessionEtype(s.server(), s.body().etypes()).isPresent()
                && etypes.strongestKey(s.server()).isPresent() && etypes.strongestKey(s.krbtgt()).isPresent();
        return ok ? Optional.empty() : reject(ErrorCode.KDC_ERR_ETYPE_NOSUPP, Status.ETYPE_NOSUPP);
    }

    private static Optional<Rejection> reject(ErrorCode code, Status status) {
        return Optional.of(Rejection.of(code, status));
    }
}
