package io.kerbridge.dc;

import io.kerbridge.kerberos.client.AsRequest;
import io.kerbridge.kerberos.client.KdcClient;
import io.kerbridge.kerberos.client.KdcReply;
import io.kerbridge.kerberos.client.KdcTransport;
import io.kerbridge.kerberos.client.KeySource;
import io.kerbridge.kerberos.client.KrbConfig;
import io.kerbridge.kerberos.client.NegotiateInitiator;
import io.kerbridge.kerberos.client.TgsRequest;
import io.kerbridge.kerberos.types.NameType;
import io.kerbridge.kerberos.types.PrincipalName;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * A real admin API client for tests, as the CLI's AdminClient does it: a TGT from the DC's KDC with
 * a password, a ticket for {@code HTTP/<dc host>}, a fresh Negotiate authenticator per request, and the
 * mutual-authentication reply checked.
 */
final class NegotiateTestClient implements AutoCloseable {
    private final URI base;
    private final HttpClient http;
    private final NegotiateInitiator initiator = new NegotiateInitiator(Clock.systemUTC(), new SecureRandom());
    private final KdcReply serviceTicket;

    NegotiateTestClient(DcConfig cfg, int adminPort, Path caCert, String user, String password) throws Exception {
        this.base = URI.create("https://localhost:" + adminPort);
        this.http = HttpClient.newBuilder().sslContext(io.kerbridge.kerberos.client.HttpAnchors.context(
                List.of(caCert.toString()))).connectTimeout(Duration.ofSeconds(5)).build();
        KrbConfig krb = KrbConfig.parse("[libdefaults]\n    default_realm = " + cfg.realm() + "\n[realms]\n"
                + cfg.krb5ConfRealm());
        KdcClient kdc = new KdcClient(new KdcTransport(krb), Clock.systemUTC(), new SecureRandom());
        PrincipalName client = PrincipalName.user(user);
        KdcReply tgt = kdc.asExchange(AsRequest.tgt(client, cfg.realm()),
                KeySource.password(cfg.realm(), client, password.toCharArray()));
        serviceTicket = kdc.tgsExchange(TgsRequest.forService(tgt,
                PrincipalName.of(NameType.NT_SRV_INST, "HTTP", cfg.hostName()), cfg.realm()));
    }

    HttpResponse<String> call(String method, String path, String json) throws Exception {
        NegotiateInitiator.Context ctx = initiator.initiate(serviceTicket);
        HttpRequest req = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", ctx.authorizationHeader()).header("Content-Type", "application/json")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json))
                .build();
        HttpResponse<String> rsp = http.send(req, HttpResponse.BodyHandlers.ofString());
        if (rsp.statusCode() != 401) {
            String reply = rsp.headers().firstValue("WWW-Authenticate").orElseThrow();
            initiator.verifyReply(ctx, reply);
        }
        return rsp;
    }

    @Override
    public void close() {
        http.close();
    }
}
