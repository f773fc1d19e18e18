// RFC 4120 §3.3.2 (receipt of a TGS-REQ); MIT krb5 do_tgs_req.c struct tgs_req_info, as immutable records.
package io.kerbridge.kdc.tgs;

import io.kerbridge.directory.DomainPolicy;
import io.kerbridge.directory.PrincipalEntry;
import io.kerbridge.kdc.Status;
import io.kerbridge.kerberos.Bytes;
import io.kerbridge.kerberos.msg.ApReq;
import io.kerbridge.kerberos.msg.Authenticator;
import io.kerbridge.kerberos.msg.EncTicketPart;
import io.kerbridge.kerberos.msg.KdcReq;
import io.kerbridge.kerberos.msg.KdcReqBody;
import io.kerbridge.kerberos.msg.PaData;
import io.kerbridge.kerberos.pac.Pac;
import io.kerbridge.kerberos.types.EncryptionKey;
import io.kerbridge.kerberos.types.PrincipalName;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Where the presented TGT came from. */
enum TgtOrigin {
    /** krbtgt/THIS@THIS, encrypted with our krbtgt key. */
    LOCAL,
    /** krbtgt/THIS@OTHER, issued by a trusted domain's KDC, encrypted with the inbound trust key. */
    CROSS_REALM,
    /**
     * krbtgt/THIS@THIS under an RODC-style krbtgt_&lt;n&gt; key (a partial TGT from the cloud, MS-KILE
     * 3.1.5.8): only exchanged, its PAC rebuilt from the directory (notes §2.5).
     */
    RODC
}

/** The decrypted TGT: its issuer key entry, its plaintext and DER, the authenticator. */
record Tgt(TgtOrigin origin, PrincipalEntry keyEntry, EncryptionKey key, EncTicketPart part, Bytes der,
        Authenticator authenticator, ApReq apReq) {}

/** What the requested server resolved to. */
enum TargetKind {
    /** A service of this domain: a service ticket. */
    SERVICE,
    /** Our own krbtgt: a new (or renewed) TGT. */
    LOCAL_TGT,
    /** krbtgt/OTHER@THIS, a trusted domain: a referral TGT under the trust key. */
    REFERRAL
}

record ServerTarget(TargetKind kind, PrincipalEntry entry, PrincipalName sname) {
    boolean krbtgt() {
        return kind != TargetKind.SERVICE;
    }
}

/** Everything the gather phase found. */
record TgsState(KdcReq req, KdcReqBody body, Tgt tgt, ServerTarget server, PrincipalEntry localKrbtgt,
        DomainPolicy policy, Instant now) {}

/**
 * What the authorize phase grants the new ticket: its unsigned PAC, encrypted-pa-data for the reply
 * (KERB-KEY-LIST-REP, RFC 6806 §11) and the status for the audit line.
 */
record Authorized(Pac pac, Optional<List<PaData>> encryptedPadata, Status status) {
    /** An ordinary TGS: the PAC only. */
    static Authorized plain(Pac pac) {
        return new Authorized(pac, Optional.empty(), Status.ISSUED);
    }
}
