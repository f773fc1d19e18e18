package io.kerbridge.cli;

import io.kerbridge.kerberos.client.CcacheCredentials;
import io.kerbridge.kerberos.client.KdcClient;
import io.kerbridge.kerberos.client.KdcReply;
import io.kerbridge.kerberos.client.KdcTransport;
import io.kerbridge.kerberos.client.KerberosClientException;
import io.kerbridge.kerberos.client.KrbConfig;
import io.kerbridge.kerberos.client.NegotiateInitiator;
import io.kerbridge.kerberos.client.TgsRequest;
import io.kerbridge.kerberos.file.Credential;
import io.kerbridge.kerberos.types.KdcOptions;
import io.kerbridge.kerberos.types.PrincipalName;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Talks to a DC's admin API over HTTPS, authenticating with Kerberos (HTTP Negotiate, RFC 4559) with
 * the TGT in the caller's ccache: a service ticket for {@code HTTP/<dc host>} is fetched once and a
 * fresh authenticator is sent with each request; the server's mutual-authentication reply is checked.
 */
final class AdminClient implements AutoCloseable {
    static final JsonMapper JSON = JsonMapper.builder().build();

    private final URI base;
    private final HttpClient http;
    private final NegotiateInitiator initiator = new NegotiateInitiator(Clock.systemUTC(), new SecureRandom());
    private final KdcReply serviceTicket;

    AdminClient(URI base, Path caCert, KrbConfig config, Credential tgt, PrincipalName spn) throws IOException {
        this.base = base;
        this.http = HttpClient.newBuilder().sslContext(tls(caCert)).connectTimeout(Duration.ofSeconds(5)).build();
        try {
            KdcClient kdc = new KdcClient(new KdcTransport(config), Clock.systemUTC(), new SecureRandom());
            serviceTicket = kdc.tgsExchange(new TgsRequest(CcacheCredentials.ticket(tgt), tgt.key(), tgt.clientRealm(),
                    tgt.client(), spn, tgt.clientRealm(), KdcOptions.of(KdcOptions.CANONICALIZE), Duration.ofHours(10),
                    io.kerbridge.kerberos.client.AsRequest.DEFAULT_ETYPES, List.of()));
        } catch (KerberosClientException e) {
            throw new CliError("cannot get a ticket for the admin API (" + spn.withRealm(tgt.clientRealm()) + "): "
                    + e.getMessage());
        }
    }

    private static SSLContext tls(Path caCert) throws IOException {
        if (caCert == null) {
            return null;
        }
        if (!Files.isReadable(caCert)) {
            throw new CliError("cannot read the DC certificate " + caCert + " (give the DC's tls-cert.pem with --cacert)");
        }
        return io.kerbridge.kerberos.client.HttpAnchors.context(List.of(caCert.toString()));
    }

    /** An answer of the admin API: status and JSON (null for 204). */
    record Answer(int status, JsonNode json) {}

    /** Sends a request; returns the JSON answer (null for 204); a refusal becomes a CliError with the server's reason. */
    JsonNode call(String method, String path, Object body) throws IOException {
        Answer a = send(method, path, body);
        if (a.status() >= 400) {
            throw new CliError(a.json().path("error").asString("the DC answered HTTP " + a.status()));
        }
        return a.json();
    }

    /** Sends a request and hands back any answer (the caller judges 4xx); transport and Kerberos failures are CliErrors. */
    Answer send(String method, String path, Object body) throws IOException {
        try {
            NegotiateInitiator.Context ctx = initiator.initiate(serviceTicket);
            HttpRequest req = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30))
                    .header("Authorization", ctx.authorizationHeader()).header("Content-Type", "application/json")
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                    .build();
            HttpResponse<String> rsp = http.send(req, HttpResponse.BodyHandlers.ofString());
            if (rsp.statusCode() != 401) {
                rsp.headers().firstValue("WWW-Authenticate").filter(h -> h.length() > 10)
                        .ifPresent(h -> verify(ctx, h));
            }
            if (rsp.statusCode() == 204) {
                return new Answer(204, null);
            }
            return new Answer(rsp.statusCode(), rsp.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(rsp.body()));
        } catch (KerberosClientException e) {
            throw new CliError(e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        } catch (java.net.ConnectException e) {
            throw new CliError("cannot connect to the DC admin API at " + base + " (is `kerbridge dc start` running?)");
        }
    }

    private void verify(NegotiateInitiator.Context ctx, String header) {
        try {
            initiator.verifyReply(ctx, header);
        } catch (KerberosClientException e) {
            throw new CliError("the DC failed mutual authentication: " + e.getMessage());
        }
    }

    @Override
    public void close() {
        http.close();
    }
}
