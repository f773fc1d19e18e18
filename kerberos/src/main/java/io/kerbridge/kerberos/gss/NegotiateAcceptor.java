// RFC 4559 §4 (HTTP Negotiate), RFC 4178 §5 (SPNEGO negotiation and the mechListMIC rule).
package io.kerbridge.kerberos.gss;

import io.kerbridge.kerberos.Bytes;
import io.kerbridge.kerberos.gss.AcceptException.Reason;
import io.kerbridge.kerberos.gss.Spnego.NegState;
import io.kerbridge.kerberos.gss.Spnego.NegTokenInit;
import io.kerbridge.kerberos.gss.Spnego.NegTokenResp;
import io.kerbridge.kerberos.msg.ApReq;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;

/**
 * A one-round Kerberos acceptor for HTTP Negotiate. The Authorization header carries either a SPNEGO
 * NegTokenInit (browsers, curl, JDK) whose optimistic mechToken is a Kerberos AP-REQ token, or a raw Kerberos
 * token (python-gssapi and others that pick the krb5 mechanism directly). The reply mirrors the form:
 *
 * <ul>
 *   <li>SPNEGO: a NegTokenResp {accept-completed, supportedMech = the initiator's first mechanism (krb5 or
 *       MS-krb5, as spelled by the initiator), responseToken = the krb5 AP-REP token when mutual
 *       authentication was requested}.</li>
 *   <li>raw krb5: the AP-REP token itself, when mutual authentication was requested; otherwise no reply.</li>
 * </ul>
 *
 * <p><b>mechListMIC.</b> The acceptor never sends one and ignores one from the initiator. RFC 4178 §5 makes
 * the MIC exchange OPTIONAL when the acceptor selects the initiator's most preferred mechanism and the
 * mechanism completes with its first token: nothing was negotiated that a downgrade could have changed. This
 * acceptor only ever selects the first listed mechanism: a NegTokenInit that lists Kerberos behind another
 * mechanism would need a second round (and then a MIC), which a stateless HTTP acceptor does not do; it is
 * refused with {@code UNSUPPORTED_TOKEN}. MIT (mic_reqd only when the optimistic mechanism was rejected),
 * the JDK and curl accept a MIC-less accept-completed in this case.
 *
 * <p>Failures are {@link AcceptException}s; the HTTP layer answers 401 with a bare {@code Negotiate}.
 * KRB-ERROR error tokens (RFC 4121 §4.1, TOK_ID 03 00) are not sent.
 */
public final class NegotiateAcceptor {
    /** Header values longer than this are refused before decoding (a ticket with a big PAC is ~10 KiB). */
    public static final int MAX_HEADER_CHARS = 64 * 1024;
    private static final String SCHEME = "Negotiate";

    /**
     * The outcome of a successful accept.
     *
     * @param context the verified context
     * @param wwwAuthenticate the {@code WWW-Authenticate} value to send with the response ("Negotiate
     *     &lt;base64&gt;"), empty when there is nothing to send
     * @param mech the Kerberos OID the initiator used (KRB5 or MS_KRB5)
     * @param spnego whether the initiator used SPNEGO
     */
    public record Result(AcceptedContext context, Optional<String> wwwAuthenticate, Oid mech, boolean spnego) {
        public Result {
            Objects.requireNonNull(context);
            Objects.requireNonNull(wwwAuthenticate);
            Objects.requireNonNull(mech);
        }
    }

    private final ApReqVerifier verifier;

    public NegotiateAcceptor(ApReqVerifier verifier) {
        this.verifier = Objects.requireNonNull(verifier);
    }

    /** Accepts an {@code Authorization} header value: {@code Negotiate <base64 token>}. */
    public Result accept(String authorizationHeaderValue) throws AcceptException {
        return acceptToken(parseHeader(authorizationHeaderValue));
    }

    /** Accepts a binary initial context token (SPNEGO or raw krb5). */
    public Result acceptToken(Bytes token) throws AcceptException {
        InitiatorToken t = decode(token);
        AcceptedContext ctx = verifier.verify(t.krb5().apReq());
        Optional<Bytes> apRepToken = mutual(t.krb5().apReq(), ctx)
                ? Optional.of(GssTokens.encodeKrb5ApRep(t.krb5().mech(), verifier.apRep(ctx)))
                : Optional.empty();
        Optional<Bytes> reply;
        if (t.spnegoMech().isPresent()) {
            reply = Optional.of(Spnego.encodeResp(new NegTokenResp(Optional.of(NegState.ACCEPT_COMPLETED),
                    t.spnegoMech(), apRepToken, Optional.empty())));
        } else {
            reply = apRepToken;
        }
        return new Result(ctx, reply.map(NegotiateAcceptor::header), t.krb5().mech(), t.spnegoMech().isPresent());
    }

    /**
     * A decoded initiator token: the Kerberos AP-REQ token, and for SPNEGO the mechanism OID to name as
     * supportedMech (the initiator's first).
     */
    public record InitiatorToken(GssTokens.Krb5ApReq krb5, Optional<Oid> spnegoMech) {}

    /**
     * Decodes an initial token without verifying anything cryptographic: SPNEGO NegTokenInit with a Kerberos
     * optimistic token, or a raw Kerberos token. This is the parser exposed to untrusted input (and fuzzed).
     */
    public static InitiatorToken decode(Bytes token) throws AcceptException {
        if (token.isEmpty()) {
            throw new AcceptException(Reason.MALFORMED, "empty token");
        }
        if ((token.get(0) & 0xFF) == 0xA1) {
            throw new AcceptException(Reason.UNSUPPORTED_TOKEN, "NegTokenResp from the initiator: no negotiation "
                    + "is in progress (one-round acceptor)");
        }
        GssTokens.Framed f = GssTokens.unframe(token);
        if (f.mech().isKerberos()) {
            return new InitiatorToken(GssTokens.decodeKrb5ApReq(token), Optional.empty());
        }
        if (!f.mech().equals(Oid.SPNEGO)) {
            throw new AcceptException(Reason.BAD_MECH, "token for mechanism " + f.mech());
        }
        NegTokenInit init = Spnego.decodeInitial(token);
        if (init.mechTypes().isEmpty()) {
            throw new AcceptException(Reason.MALFORMED, "NegTokenInit with no mechTypes");
        }
        Oid first = init.mechTypes().get(0);
        if (!first.isKerberos()) {
            boolean listed = init.mechTypes().stream().anyMatch(Oid::isKerberos);
            throw new AcceptException(listed ? Reason.UNSUPPORTED_TOKEN : Reason.BAD_MECH, "initiator prefers "
                    + first + (listed ? "; Kerberos listed later would need a second round" : "; no Kerberos"));
        }
        if (init.mechToken().isEmpty()) {
            throw new AcceptException(Reason.UNSUPPORTED_TOKEN, "NegTokenInit without an optimistic mechToken");
        }
        GssTokens.Krb5ApReq krb5 = GssTokens.decodeKrb5ApReq(init.mechToken().get());
        return new InitiatorToken(krb5, Optional.of(first));
    }

    /** Parses "Negotiate &lt;base64&gt;" (scheme case-insensitive, RFC 7235 §2.1). */
    public static Bytes parseHeader(String value) throws AcceptException {
        if (value == null) {
            throw new AcceptException(Reason.MALFORMED, "no Authorization header");
        }
        if (value.length() > MAX_HEADER_CHARS) {
            throw new AcceptException(Reason.MALFORMED, "Authorization header of " + value.length() + " chars");
        }
        String v = value.strip();
        int sp = v.indexOf(' ');
        if (sp < 0 || !v.substring(0, sp).equalsIgnoreCase(SCHEME)) {
            throw new AcceptException(Reason.MALFORMED, "not a Negotiate credential");
        }
        String b64 = v.substring(sp + 1).strip();
        try {
            byte[] token = Base64.getDecoder().decode(b64);
            if (token.length == 0) {
                throw new AcceptException(Reason.MALFORMED, "empty Negotiate token");
            }
            return Bytes.wrap(token);
        } catch (IllegalArgumentException e) {
            throw new AcceptException(Reason.MALFORMED, "Negotiate token is not base64");
        }
    }

    /** RFC 4121 §4.1: an AP-REP is sent when the initiator asked for mutual authentication. */
    private static boolean mutual(ApReq req, AcceptedContext ctx) {
        return ctx.gssFlags().mutual() || req.has(ApReq.MUTUAL_REQUIRED);
    }

    private static String header(Bytes token) {
        return SCHEME + " " + Base64.getEncoder().encodeToString(token.unsafeArray());
    }
}
