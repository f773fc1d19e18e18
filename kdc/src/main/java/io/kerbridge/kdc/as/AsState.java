// RFC 4120 §3.1.2-§3.1.3; MIT krb5 do_as_req.c struct as_req_state, split into immutable records.
package io.kerbridge.kdc.as;

import io.kerbridge.directory.DomainPolicy;
import io.kerbridge.directory.PrincipalEntry;
import io.kerbridge.kerberos.msg.KdcReq;
import io.kerbridge.kerberos.msg.KdcReqBody;
import io.kerbridge.kerberos.types.EncryptionKey;
import io.kerbridge.kerberos.types.PrincipalName;
import java.time.Instant;
import java.util.Optional;

/** What the gather phase found for an AS-REQ. {@code now} is whole seconds. */
record AsState(KdcReq req, KdcReqBody body, PrincipalName cname, PrincipalName sname, PrincipalEntry client,
        PrincipalEntry server, PrincipalEntry krbtgt, DomainPolicy policy, Optional<Boolean> pacRequest, Instant now) {
    boolean serverIsTgt() {
        return server.account().type() == io.kerbridge.directory.AccountType.KRBTGT;
    }
}

/** The result of pre-authentication: the key the reply is encrypted in, and whether it was proven. */
record Preauth(EncryptionKey replyKey, int replyKvno, boolean preauthenticated) {}
