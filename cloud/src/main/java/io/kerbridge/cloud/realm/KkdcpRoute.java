// MS-KKDCP 2.2.2 (KDC-PROXY-MESSAGE: kerb-message with the 4-octet big-endian length of RFC 4120 §7.2.2;
// target-domain required for client messages), 3.2.5.1 (the server validates that kerb-message is a
// well-formed Kerberos message, else "SHOULD drop the connection"; no target-domain: ERROR_BAD_FORMAT),
// 3.2.5.2 (the reply is a KDC-PROXY-MESSAGE without target-domain and dclocator-hint); protocol-notes §5.2
// (Entra's endpoint https://login.microsoftonline.com/<tenantId>/kerberos; Content-Type application/kerberos).
package io.kerbridge.cloud.realm;

import io.kerbridge.cloud.ApiException;
import io.kerbridge.cloud.http.Route;
import io.kerbridge.cloud.http.Route.Call;
import io.kerbridge.cloud.http.Route.Reply;
import io.kerbridge.kerberos.Bytes;
import io.kerbridge.kerberos.asn1.DerException;
import io.kerbridge.kerberos.msg.KdcProxyMessage;
import io.kerbridge.kerberos.msg.KdcReq;
import io.kerbridge.kerberos.msg.KrbCodec;
import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.Set;

/**
 * {@code POST /{tenant}/kerberos}: the tenant's KKDCP endpoint, public (Kerberos authenticates). The proxy and
 * the KDC are one here, so the reply to a well-formed request is always a Kerberos message (TGS-REP or
 * KRB-ERROR) in a KDC-PROXY-MESSAGE with HTTP 200. What a proxy would not pass on is a 4xx instead: a body that
 * is not a KDC-PROXY-MESSAGE, a kerb-message whose length prefix is wrong or that is not an AS-REQ or TGS-REQ
 * (MS-KKDCP says drop the connection; a 400 tells the client why), no target-domain (ERROR_BAD_FORMAT).
 */
final class KkdcpRoute {
    static final String PATH = "/{tenant}/kerberos";
    static final String CONTENT_TYPE = "application/kerberos";

    private final CloudKdc kdc;

    KkdcpRoute(CloudKdc kdc) {
        this.kdc = kdc;
    }

    Route route() {
        return Route.raw("POST", PATH, Set.of(), this::handle);
    }

    private Reply handle(Call c) throws ApiException {
        KdcProxyMessage m = proxyMessage(c.raw());
        String target = m.targetDomain().orElseThrow(() -> ApiException.badRequest("bad_format",
                "KDC-PROXY-MESSAGE without target-domain (MS-KKDCP 3.2.5.1: ERROR_BAD_FORMAT)"));
        KdcReq req = kdcReq(unframe(m.kerbMessage()));
        Bytes reply = kdc.handle(c.tenantOrThrow(), target, req);
        Bytes out = KrbCodec.encodeKdcProxyMessage(new KdcProxyMessage(frame(reply), Optional.empty(), Optional.empty()));
        return Reply.bytes(200, CONTENT_TYPE, out.toByteArray());
    }

    private static KdcProxyMessage proxyMessage(byte[] body) throws ApiException {
        try {
            return KrbCodec.decodeKdcProxyMessage(Bytes.wrap(body));
        } catch (DerException e) {
            throw ApiException.badRequest("not_kdc_proxy_message",
                    "the body is not a DER KDC-PROXY-MESSAGE (MS-KKDCP 2.2.2)");
        }
    }

    /** The Kerberos message after its 4-octet length, which must equal the rest (RFC 4120 §7.2.2). */
    static Bytes unframe(Bytes kerb) throws ApiException {
        if (kerb.length() < 4) {
            throw malformed("kerb-message shorter than its length prefix");
        }
        long len = ByteBuffer.wrap(kerb.unsafeArray(), 0, 4).getInt() & 0xFFFFFFFFL;
        if (len != kerb.length() - 4) {
            throw malformed("kerb-message length prefix " + len + " but " + (kerb.length() - 4) + " octets follow");
        }
        return kerb.slice(4, kerb.length());
    }

    static Bytes frame(Bytes msg) {
        return Bytes.wrap(ByteBuffer.allocate(4 + msg.length()).putInt(msg.length()).put(msg.unsafeArray()).array());
    }

    private static KdcReq kdcReq(Bytes msg) throws ApiException {
        try {
            return KrbCodec.decodeKdcReq(msg);
        } catch (DerException e) {
            throw malformed("kerb-message is not a well-formed AS-REQ or TGS-REQ");
        }
    }

    private static ApiException malformed(String why) {
        return ApiException.badRequest("malformed_kerb_message", why + " (MS-KKDCP 3.2.5.1)");
    }
}
