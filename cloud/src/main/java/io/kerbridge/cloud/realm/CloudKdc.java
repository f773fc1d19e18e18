// protocol-notes §5.1 (the cloud TGT is issued only "alongside the PRT": no AS exchange in this realm), §5.2
// (KKDCP to the tenant's endpoint; target-domain is the realm the message is for, not case-sensitive, MS-KKDCP
// 2.2.2), §5.3 (TGS-REQ with the cloud TGT -> service ticket for a registered SPN, else
// KDC_ERR_S_PRINCIPAL_UNKNOWN); RFC 4120 §3.3 (TGS exchange), §7.5.9 (POLICY 12, WRONG_REALM 68).
package io.kerbridge.cloud.realm;

import io.kerbridge.cloud.Metrics;
import io.kerbridge.cloud.store.Tenant;
import io.kerbridge.kerberos.Bytes;
import io.kerbridge.kerberos.msg.KdcReq;
import io.kerbridge.kerberos.pac.Pac;
import io.kerbridge.kerberos.types.ErrorCode;
import io.kerbridge.kerberos.types.MessageType;
import java.time.Clock;
import java.time.Instant;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The KDC of a tenant's cloud realm, behind the KKDCP endpoint. A TGS-REQ runs gather (TgtReader) → checks
 * (TgsChecks) → authorize (ClientAuthorization) → server (the registered SPN) → issue (ServiceTicketIssuer).
 * The TGT is verified before the server is looked up, so that nobody without a TGT of the tenant can probe
 * which SPNs are registered. Every refusal becomes a KRB-ERROR here (RealmErrors) and a log line with its
 * reason; no ticket or key is logged.
 */
final class CloudKdc {
    private static final Logger LOG = LoggerFactory.getLogger(CloudKdc.class);

    private final TgtReader reader;
    private final ClientAuthorization authorization;
    private final ServicePrincipals principals;
    private final ServiceTicketIssuer issuer;
    private final Metrics metrics;
    private final Clock clock;

    CloudKdc(TgtReader reader, ClientAuthorization authorization, ServicePrincipals principals,
            ServiceTicketIssuer issuer, Metrics metrics, Clock clock) {
        this.reader = reader;
        this.authorization = authorization;
        this.principals = principals;
        this.issuer = issuer;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** The reply (TGS-REP or KRB-ERROR, unframed DER) to a request for {@code targetDomain}. */
    Bytes handle(Tenant tenant, String targetDomain, KdcReq req) {
        Instant now = clock.instant();
        Step<Bytes> reply;
        if (!targetDomain.equalsIgnoreCase(CloudKerberosRealm.REALM)) {
            reply = Step.refused(ErrorCode.KDC_ERR_WRONG_REALM, "target_domain_not_the_cloud_realm");
        } else if (req.msgType().equals(MessageType.AS_REQ)) {
            reply = Step.refused(ErrorCode.KDC_ERR_POLICY, "as_req_cloud_tgt_only_with_prt");
        } else {
            reply = tgs(tenant, req, now);
        }
        String server = printable(req.body().value().sname().map(n -> n.withRealm(req.body().value().realm())).orElse("-"));
        return switch (reply) {
            case Step.Ok<Bytes> ok -> {
                LOG.info("TGS tenant={} server={} result=issued", tenant.id(), server);
                metrics.inc("kerbridge_cloud_realm_requests_total", "result", "issued");
                yield ok.value();
            }
            case Step.Refused<Bytes> r -> {
                LOG.info("{} tenant={} server={} result={} reason={}", req.msgType().name(), tenant.id(), server,
                        r.refusal().code().name(), r.refusal().reason());
                metrics.inc("kerbridge_cloud_realm_requests_total", "result", r.refusal().code().name());
                yield RealmErrors.encode(r.refusal(), req.body().value().sname(), now);
            }
        };
    }

    /** A client-chosen name made safe for one log line: control characters replaced, length capped. */
    static String printable(String s) {
        String clean = s.replaceAll("\\p{Cntrl}", "?");
        return clean.length() > 300 ? clean.substring(0, 300) + "..." : clean;
    }

    private Step<Bytes> tgs(Tenant tenant, KdcReq req, Instant now) {
        Step<TgsState> state = reader.read(tenant, req, now);
        for (Function<TgsState, java.util.Optional<Refusal>> check : TgsChecks.ALL) {
            state = state.check(check);
        }
        return state.then(s -> authorization.authorize(s).then(pac -> server(s, pac))).then(issuer::issue);
    }

    private Step<Grant> server(TgsState s, Pac pac) {
        return s.body().sname().flatMap(n -> principals.keyFor(s.tenant().id(), n))
                .<Step<Grant>>map(k -> Step.ok(new Grant(s, pac, k)))
                .orElseGet(() -> Step.refused(ErrorCode.KDC_ERR_S_PRINCIPAL_UNKNOWN, "spn_not_registered"));
    }
}
