package io.kerbridge.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kerbridge.kerberos.client.AsRequest;
import io.kerbridge.kerberos.client.KdcClient;
import io.kerbridge.kerberos.client.KdcReply;
import io.kerbridge.kerberos.client.KdcTransport;
import io.kerbridge.kerberos.client.KerberosClientException;
import io.kerbridge.kerberos.client.KeySource;
import io.kerbridge.kerberos.client.KrbConfig;
import io.kerbridge.kerberos.client.NegotiateInitiator;
import io.kerbridge.kerberos.client.TgsRequest;
import io.kerbridge.kerberos.testing.MitKdc;
import io.kerbridge.kerberos.types.PrincipalName;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Our HTTP Negotiate initiator against the JDK's GSS acceptor (SPNEGO, mutual authentication). */
@ExtendWith(MitKdc.Extension.class)
class NegotiateInitiatorTest {
    @Test
    void theJdkAcceptsOurSpnegoTokenAndWeVerifyItsReply(MitKdc kdc) throws Exception {
        kdc.addUser("kbneg", "neg-Passw0rd", "aes256-cts-hmac-sha1-96:normal");
        kdc.addService("HTTP/neg.example.test", "aes256-cts-hmac-sha1-96:normal");
        Path keytab = kdc.exportKeytab("neg.keytab", "HTTP/neg.example.test");
        KdcClient client = new KdcClient(new KdcTransport(KrbConfig.load(kdc.krb5Conf())), Clock.systemUTC(),
                new SecureRandom());
        PrincipalName alice = PrincipalName.user("kbneg");
        KdcReply tgt = client.asExchange(AsRequest.tgt(alice, "EXAMPLE.TEST"),
                KeySource.password("EXAMPLE.TEST", alice, "neg-Passw0rd".toCharArray()));
        KdcReply svc = client.tgsExchange(TgsRequest.forService(tgt, PrincipalName.parse("HTTP/neg.example.test"),
                "EXAMPLE.TEST"));

        NegotiateInitiator initiator = new NegotiateInitiator(Clock.systemUTC(), new SecureRandom());
        NegotiateInitiator.Context ctx = initiator.initiate(svc);
        assertThat(ctx.authorizationHeader()).startsWith("Negotiate YI");
        JdkGss.Accepted accepted = JdkGss.accept(kdc.krb5Conf(), keytab, "HTTP/neg.example.test@EXAMPLE.TEST",
                ctx.token().toByteArray());
        assertThat(accepted.clientName()).isEqualTo("kbneg@EXAMPLE.TEST");
        assertThat(accepted.replyToken()).isNotEmpty();
        initiator.verifyReply(ctx, "Negotiate " + Base64.getEncoder().encodeToString(accepted.replyToken()));

        // a reply for another context is refused
        NegotiateInitiator.Context other = initiator.initiate(svc);
        assertThatThrownBy(() -> initiator.verifyReply(other,
                "Negotiate " + Base64.getEncoder().encodeToString(accepted.replyToken())))
                .isInstanceOf(KerberosClientException.class);
        assertThatThrownBy(() -> initiator.verifyReply(ctx, "Negotiate !!!"))
                .isInstanceOf(KerberosClientException.class).hasMessageContaining("malformed");
    }
}
