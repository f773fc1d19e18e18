// RFC 4120 §3.3.1 / §3.3.2 (server lookup; cross-realm: the KDC issues a TGT for krbtgt/OTHER@THIS),
// RFC 6806 §8 (KDC referrals for a service not found locally when canonicalize is set); MS-KILE
// 3.3.5.7.3 (name canonicalization and referrals in a forest). Supported: the client names the other
// realm's krbtgt (MIT kvno SVC@OTHER, [domain_realm] mapping, capaths), or asks with canonicalize for a
// service whose host lies in a directly trusted domain's DNS namespace.
package io.kerbridge.kdc.tgs;

import io.kerbridge.directory.AccountType;
import io.kerbridge.directory.LookupPurpose;
import io.kerbridge.directory.PrincipalEntry;
import io.kerbridge.kdc.KdcContext;
import io.kerbridge.kdc.Result;
import io.kerbridge.kdc.Status;
import io.kerbridge.kerberos.msg.KdcReqBody;
import io.kerbridge.kerberos.types.ErrorCode;
import io.kerbridge.kerberos.types.KdcOptions;
import io.kerbridge.kerberos.types.PrincipalName;
import java.util.Locale;
import java.util.Optional;

/** Resolves the TGS-REQ sname to a service, our krbtgt, or a referral to a trusted domain. */
final class ServerResolver {
    private final KdcContext ctx;

    ServerResolver(KdcContext ctx) {
        this.ctx = ctx;
    }

    Result<ServerTarget> resolve(KdcReqBody body) {
        if (body.sname().isEmpty()) {
            return Result.refused(ErrorCode.KDC_ERR_S_PRINCIPAL_UNKNOWN, Status.SERVER_NOT_FOUND);
        }
        PrincipalName sname = body.sname().get();
        if (sname.isKrbtgt()) {
            return krbtgt(sname.components().get(1));
        }
        Optional<PrincipalEntry> e = ctx.store().lookup(sname, ctx.realm(), LookupPurpose.SERVER);
        if (e.isPresent()) {
            AccountType t = e.get().account().type();
            if (t == AccountType.TRUST || t == AccountType.RODC_KRBTGT || t == AccountType.KRBTGT
                    || e.get().account().isDisabled()) {
                return Result.refused(ErrorCode.KDC_ERR_S_PRINCIPAL_UNKNOWN, Status.SERVER_NOT_ALLOWED);
            }
            return Result.ok(new ServerTarget(TargetKind.SERVICE, e.get(), sname));
        }
        if (body.options().has(KdcOptions.CANONICALIZE)) {
            Optional<ServerTarget> referral = referralByHost(sname);
            if (referral.isPresent()) {
                return Result.ok(referral.get());
            }
        }
        return Result.refused(ErrorCode.KDC_ERR_S_PRINCIPAL_UNKNOWN, Status.SERVER_NOT_FOUND);
    }

    private Result<ServerTarget> krbtgt(String realm) {
        if (realm.equalsIgnoreCase(ctx.realm())) {
            return ctx.store().lookup(PrincipalName.krbtgt(ctx.realm()), ctx.realm(), LookupPurpose.KRBTGT)
                    .<Result<ServerTarget>>map(e -> Result.ok(new ServerTarget(TargetKind.LOCAL_TGT, e,
                            PrincipalName.krbtgt(ctx.realm()))))
                    .orElseGet(() -> Result.refused(ErrorCode.KDC_ERR_S_PRINCIPAL_UNKNOWN, Status.SERVER_NOT_FOUND));
        }
        return trust(realm.toUpperCase(Locale.ROOT)).<Result<ServerTarget>>map(Result::ok)
                .orElseGet(() -> Result.refused(ErrorCode.KDC_ERR_S_PRINCIPAL_UNKNOWN, Status.SERVER_NOT_FOUND));
    }

    /** krbtgt/OTHER@THIS, when the directory holds an outbound trust to OTHER. */
    private Optional<ServerTarget> trust(String otherRealm) {
        PrincipalName name = PrincipalName.krbtgt(otherRealm);
        return ctx.store().lookup(name, ctx.realm(), LookupPurpose.KRBTGT)
                .filter(e -> e.account().type() == AccountType.TRUST)
                .map(e -> new ServerTarget(TargetKind.REFERRAL, e, name));
    }

    /** service/host.child.contoso.test: try CHILD.CONTOSO.TEST, then CONTOSO.TEST, ... (never our realm). */
    private Optional<ServerTarget> referralByHost(PrincipalName sname) {
        if (sname.components().size() < 2) {
            return Optional.empty();
        }
        String host = sname.components().get(1).toLowerCase(Locale.ROOT);
        int colon = host.indexOf(':');
        if (colon >= 0) {
            host = host.substring(0, colon);
        }
        for (int dot = host.indexOf('.'); dot >= 0 && dot < host.length() - 1; dot = host.indexOf('.', dot + 1)) {
            String realm = host.substring(dot + 1).toUpperCase(Locale.ROOT);
            if (realm.equals(ctx.realm())) {
                return Optional.empty();
            }
            Optional<ServerTarget> t = trust(realm);
            if (t.isPresent()) {
                return t;
            }
        }
        return Optional.empty();
    }
}
