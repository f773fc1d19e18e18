// protocol-notes §5.2-§5.3 (the cloud realm's KDC behind KKDCP).
// RFC 4120 §3.3.2 (receipt of a TGS-REQ); MIT krb5 do_tgs_req.c struct tgs_req_info, as immutable records.
package io.kerbridge.cloud.realm;

import io.kerbridge.cloud.store.Tenant;
import io.kerbridge.kerberos.Bytes;
import io.kerbridge.kerberos.msg.Authenticator;
import io.kerbridge.kerberos.msg.EncTicketPart;
import io.kerbridge.kerberos.msg.KdcReq;
import io.kerbridge.kerberos.msg.KdcReqBody;
import io.kerbridge.kerberos.pac.Pac;
import java.time.Instant;

/** A TGS-REQ to the cloud realm with its presented TGT decrypted; {@code now} is fixed for the whole request. */
record TgsState(Tenant tenant, KdcReq req, KdcReqBody body, PresentedTgt tgt, Instant now) {}

/** The cloud TGT of a TGS-REQ: plaintext, its DER (the PAC is read from it), the realm key, the authenticator. */
record PresentedTgt(EncTicketPart part, Bytes der, RealmKeys.RealmKey key, Authenticator authenticator) {}

/** What authorization grants: the TGT's verified PAC and the service principal to issue a ticket for. */
record Grant(TgsState state, Pac pac, ServicePrincipals.ServiceKey server) {}
