// RFC 4559 §4 (HTTP Negotiate: 401 + "WWW-Authenticate: Negotiate", the final token on the success reply),
// §7 (security considerations); RFC 9110 §3.3 (a server must not assume two requests on one connection come
// from the same user agent: hence identity per request); RFC 4178 §5 (SPNEGO, one round) and RFC 4121 §4.1
// (Kerberos acceptor, mutual authentication) via io.kerbridge.kerberos.gss; RFC 4120 §3.2.3 (replay cache);
// MS-PAC 2.8 (server signature) and protocol-notes §0.1 step 5 (service tickets presented to a file server).
package io.kerbridge.fileserver;

import io.kerbridge.kerberos.gss.AcceptException;
import io.kerbridge.kerberos.gss.NegotiateAcceptor;
import java.util.Objects;
import java.util.Optional;

/**
 * Turns an {@code Authorization} header into a {@link Caller}, or into the refusal to send.
 *
 * <p><b>Identity per request.</b> Every request must carry its own {@code Authorization: Negotiate} token;
 * nothing is remembered per connection or by cookie. Kerberos makes this cheap (one AES decryption of the
 * ticket and one of the authenticator, and MIT, the JDK, curl and browsers keep the service ticket), each
 * token is single-use (the replay cache), and a connection reused by a proxy can never inherit someone else's
 * identity. Clients that do not send credentials preemptively get a 401 and retry with a fresh token.
 *
 * <p>Outcomes: no header or another scheme → 401 with a bare {@code WWW-Authenticate: Negotiate};
 * a token that is refused → 401 with the same challenge and a body saying why in general terms (the exact
 * reason is logged, never sent); a ticket whose PAC fails its signature or is missing or incomplete → 403
 * (the caller did authenticate, but there is nothing to authorise by); a full replay cache → 503. No input
 * makes this class throw.
 */
public final class NegotiateAuthenticator {
    /** The bare challenge (RFC 4559 §4.1). */
    public static final String CHALLENGE = "Negotiate";

    private final NegotiateAcceptor acceptor;
    private final String servicePrincipal;

    /** {@code servicePrincipal} is named in the messages of tickets for another service. */
    public NegotiateAuthenticator(NegotiateAcceptor acceptor, String servicePrincipal) {
        this.acceptor = Objects.requireNonNull(acceptor);
        this.servicePrincipal = Objects.requireNonNull(servicePrincipal);
    }

    /** What became of the header. */
    public sealed interface Outcome permits Authenticated, Refused {}

    /**
     * The caller, and the mutual-authentication token to send as {@code WWW-Authenticate} on the reply.
     */
    public record Authenticated(Caller caller, Optional<String> wwwAuthenticate) implements Outcome {}

    /**
     * A refusal.
     *
     * @param status 401, 403 or 503
     * @param reason a stable name for the access log (AcceptException reasons, CallerToken statuses,
     *     {@code NO_CREDENTIALS}, {@code NOT_NEGOTIATE}, {@code INTERNAL})
     * @param message one line for the client
     * @param client the authenticated principal when the refusal came after authentication (403)
     * @param wwwAuthenticate the header to send: the challenge with 401, the mutual token with 403
     */
    public record Refused(int status, String reason, String message, Optional<String> client,
            Optional<String> wwwAuthenticate) implements Outcome {}

    public Outcome authenticate(String authorization) {
        if (authorization == null || authorization.isBlank()) {
            return challenge("NO_CREDENTIALS", "authenticate with Kerberos (HTTP Negotiate), e.g. "
                    + "curl --negotiate -u : URL after kinit");
        }
        String scheme = authorization.strip().split("\\s+", 2)[0];
        if (!scheme.equalsIgnoreCase(CHALLENGE)) {
            return challenge("NOT_NEGOTIATE", "only Kerberos (HTTP Negotiate) is accepted here, not " + scheme);
        }
        NegotiateAcceptor.Result accepted;
        try {
            accepted = acceptor.accept(authorization);
        } catch (AcceptException e) {
            return refusal(e.reason());
        } catch (RuntimeException e) {
            // The acceptor promises AcceptException for every bad input; a bug must still not become a 500.
            org.slf4j.LoggerFactory.getLogger(NegotiateAuthenticator.class).warn("Negotiate acceptor failed", e);
            return challenge("INTERNAL", "the Kerberos token could not be processed");
        }
        return switch (CallerToken.from(accepted.context())) {
            case CallerToken.Token t -> new Authenticated(t.caller(), accepted.wwwAuthenticate());
            case CallerToken.Rejected r -> new Refused(403, r.status().name(), r.message(),
                    Optional.of(accepted.context().clientName()), accepted.wwwAuthenticate());
        };
    }

    /** Every acceptor refusal, mapped in one total switch: a new reason will not compile unmapped. */
    private Refused refusal(AcceptException.Reason reason) {
        String name = reason.name();
        return switch (reason) {
            case MALFORMED, BAD_MECH, UNSUPPORTED_TOKEN -> challenge(name, "the Negotiate token is not a Kerberos "
                    + "token this server accepts (Kerberos only, one round; NTLM is not supported)");
            case WRONG_SERVER, NO_KEY -> challenge(name, "the Kerberos ticket is not for this server ("
                    + servicePrincipal + ") or for a key it does not have; get a new service ticket");
            case UNSUPPORTED_ENCTYPE -> challenge(name, "the Kerberos ticket uses an encryption type this "
                    + "server does not support");
            case BAD_INTEGRITY -> challenge(name, "the Kerberos ticket does not decrypt with this server's key; "
                    + "get a new service ticket");
            case CLIENT_MISMATCH, BAD_CHECKSUM, BAD_BINDINGS, BAD_DELEGATION, USER_TO_USER ->
                    challenge(name, "the Kerberos authenticator was refused");
            case SKEW -> challenge(name, "the client's clock differs from the server's by more than the allowed "
                    + "skew");
            case TKT_NOT_YET_VALID, TKT_EXPIRED -> challenge(name, "the Kerberos ticket is expired or not yet "
                    + "valid; run kinit again");
            case REPLAY -> challenge(name, "this Kerberos authenticator was already used (replay refused)");
            case BAD_PAC -> new Refused(403, name, "the ticket's PAC (authorization data) failed verification",
                    Optional.empty(), Optional.empty());
            case REPLAY_CACHE_FULL -> new Refused(503, name, "the server is too busy to authenticate; retry "
                    + "shortly", Optional.empty(), Optional.empty());
        };
    }

    private static Refused challenge(String reason, String message) {
        return new Refused(401, reason, message, Optional.empty(), Optional.of(CHALLENGE));
    }
}
