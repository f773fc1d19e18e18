package io.kerbridge.kerberos.client;

import io.kerbridge.kerberos.msg.PaData;
import io.kerbridge.kerberos.msg.Ticket;
import io.kerbridge.kerberos.types.EncType;
import io.kerbridge.kerberos.types.EncryptionKey;
import io.kerbridge.kerberos.types.KdcOptions;
import io.kerbridge.kerberos.types.PrincipalName;
import java.time.Duration;
import java.util.List;

/**
 * What to ask for in a TGS exchange (RFC 4120 §3.3): the TGT to present (ticket, its session key,
 * and the client name it was issued to), the service, options and extra padata (for example
 * KERB-KEY-LIST-REQ or PA-PAC-OPTIONS, MS-KILE 2.2.10/2.2.11).
 */
public record TgsRequest(Ticket tgt, EncryptionKey tgtSessionKey, String clientRealm, PrincipalName client,
        PrincipalName server, String serverRealm, KdcOptions options, Duration lifetime, List<EncType> etypes,
        List<PaData> extraPadata) {
    public TgsRequest {
        etypes = List.copyOf(etypes);
        extraPadata = List.copyOf(extraPadata);
    }

    public static TgsRequest forService(KdcReply tgt, PrincipalName server, String serverRealm) {
        return new TgsRequest(tgt.ticket(), tgt.sessionKey(), tgt.clientRealm(), tgt.client(), server, serverRealm,
                KdcOptions.of(KdcOptions.FORWARDABLE, KdcOptions.CANONICALIZE), Duration.ofHours(10),
                AsRequest.DEFAULT_ETYPES, List.of());
    }

    public TgsRequest withExtraPadata(List<PaData> padata) {
        return new TgsRequest(tgt, tgtSessionKey, clientRealm, client, server, serverRealm, options, lifetime, etypes,
                padata);
    }

    public TgsRequest withOptions(KdcOptions o) {
        return new TgsRequest(tgt, tgtSessionKey, clientRealm, client, server, serverRealm, o, lifetime, etypes,
                extraPadata);
    }
}
