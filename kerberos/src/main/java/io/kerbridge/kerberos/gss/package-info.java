/**
 * The Kerberos V5 GSS-API acceptor (RFC 4121) with SPNEGO (RFC 4178), for HTTP Negotiate (RFC 4559).
 *
 * <ul>
 *   <li>{@link io.kerbridge.kerberos.gss.NegotiateAcceptor}: Authorization header in, verified
 *       {@link io.kerbridge.kerberos.gss.AcceptedContext} and WWW-Authenticate reply out; one round, SPNEGO or
 *       raw krb5; the mechListMIC decision is documented there.</li>
 *   <li>{@link io.kerbridge.kerberos.gss.ApReqVerifier}: the AP-REQ checks (server name, keys by
 *       {@link io.kerbridge.kerberos.gss.ServiceKeys}, decryption, client match, skew, ticket times, the 0x8003
 *       checksum with channel bindings and delegation, PAC server signature, {@link
 *       io.kerbridge.kerberos.gss.ReplayCache}) and the AP-REP.</li>
 *   <li>{@link io.kerbridge.kerberos.gss.GssTokens} (RFC 2743 §3.1 framing, krb5 TOK_IDs) and
 *       {@link io.kerbridge.kerberos.gss.Spnego} (NegTokenInit/NegTokenResp codec).</li>
 * </ul>
 * Every refusal is an {@link io.kerbridge.kerberos.gss.AcceptException} with a stable
 * {@link io.kerbridge.kerberos.gss.AcceptException.Reason}. Not implemented: per-message tokens (MIC/Wrap),
 * acceptor subkeys, multi-round SPNEGO, KRB-ERROR error tokens, user-to-user, DCE-style contexts.
 */
package io.kerbridge.kerberos.gss;
