package io.kerbridge.kerberos.msg;

import io.kerbridge.kerberos.types.MessageType;
import io.kerbridge.kerberos.types.PaDataType;
import java.util.List;
import java.util.Optional;

/**
 * AS-REQ [APPLICATION 10] or TGS-REQ [APPLICATION 12] (RFC 4120 §5.4.1). The body keeps the bytes
 * it was received as, for the PA-TGS-REQ authenticator checksum.
 */
public record KdcReq(MessageType msgType, Optional<List<PaData>> padata, Encoded<KdcReqBody> body)
        implements KrbMessage {
    public KdcReq {
        if (!msgType.equals(MessageType.AS_REQ) && !msgType.equals(MessageType.TGS_REQ)) {
            throw new IllegalArgumentException("not a KDC-REQ type: " + msgType);
        }
        padata = padata.map(List::copyOf);
    }

    public Optional<PaData> findPadata(PaDataType type) {
        return padata.orElse(List.of()).stream().filter(p -> p.type().equals(type)).findFirst();
    }
}
