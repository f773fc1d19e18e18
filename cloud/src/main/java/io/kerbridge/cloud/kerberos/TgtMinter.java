// protocol-notes §2.2 (the AS-REP carried in tgt_ad/tgt_cloud: enc-part under the random clientKey, usage 3,
// etype = keyType 18), §2.3 (ticket krbtgt/REALM, etype 18, flags forwardable|renewable|enc-pa-rep, 8 h),
// §3.2a (EncASRepPart [APPLICATION 25]; starttime and renew-till present for impacket's CCache.fromTGT),
// §5.1 (cloud TGT, 10 h). RFC 4120 §5.3 (EncTicketPart), §5.4.2 (KDC-REP).
package io.kerbridge.cloud.kerberos;

import io.kerbridge.kerberos.Bytes;
import io.kerbridge.kerberos.crypto.Enctype;
import io.kerbridge.kerberos.crypto.Enctypes;
import io.kerbridge.kerberos.msg.EncKdcRepPart;
import io.kerbridge.kerberos.msg.EncTicketPart;
import io.kerbridge.kerberos.msg.EncryptedData;
import io.kerbridge.kerberos.msg.KdcRep;
import io.kerbridge.kerberos.msg.KrbCodec;
import io.kerbridge.kerberos.msg.LastReq;
import io.kerbridge.kerberos.msg.PaCodec;
import io.kerbridge.kerberos.msg.Ticket;
import io.kerbridge.kerberos.msg.TransitedEncoding;
import io.kerbridge.kerberos.types.EncType;
import io.kerbridge.kerberos.types.EncryptionKey;
import io.kerbridge.kerberos.types.KeyUsage;
import io.kerbridge.kerberos.types.MessageType;
import io.kerbridge.kerberos.types.PrincipalName;
import io.kerbridge.kerberos.types.TicketFlags;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Mints a TGT the way the cloud hands it to a device: not in answer to an AS-REQ but as a finished AS-REP
 * whose enc-part is encrypted with a fresh random "client key" (the key the PRT response carries, under the
 * session key, as {@code clientKey}). The ticket is encrypted with the realm's krbtgt key at the given kvno;
 * the PAC (if any) is built by the caller from the ticket's auth time, since it has to match CLIENT_INFO.
 */
public final class TgtMinter {
    /** keyType of §2.2: aes256-cts-hmac-sha1-96 for both the client key and the session key. */
    public static final EncType KEY_TYPE = EncType.AES256_CTS_HMAC_SHA1_96;

    /** What to mint. {@code pac} maps the auth time to signed PAC bytes, or is empty for no PAC. */
    public record Request(String realm, PrincipalName client, EncryptionKey krbtgtKey, int kvno, Instant authTime,
            Duration lifetime, Duration renewable, Optional<Function<Instant, Bytes>> pac) {}

    /** The AS-REP (DER) and the key its enc-part opens with; also the ticket's session key, for tests. */
    public record Minted(Bytes asRep, EncryptionKey clientKey, EncryptionKey sessionKey, String realm,
            PrincipalName client, PrincipalName server) {}

    private final SecureRandom random;

    public TgtMinter(SecureRandom random) {
        this.random = random;
    }

    public Minted mint(Request r) {
        Enctype aes = Enctypes.find(KEY_TYPE).orElseThrow();
        EncryptionKey session = aes.generateKey(random);
        EncryptionKey clientKey = aes.generateKey(random);
        PrincipalName krbtgt = PrincipalName.krbtgt(r.realm());
        Instant auth = r.authTime();
        Instant end = auth.plus(r.lifetime());
        Instant renewTill = auth.plus(r.renewable());
        TicketFlags flags = TicketFlags.of(TicketFlags.FORWARDABLE, TicketFlags.RENEWABLE, TicketFlags.INITIAL,
                TicketFlags.PRE_AUTHENT, TicketFlags.ENC_PA_REP);
        EncTicketPart part = new EncTicketPart(flags, session, r.realm(), r.client(), TransitedEncoding.EMPTY, auth,
                Optional.of(auth), end, Optional.of(renewTill), Optional.empty(),
                r.pac().map(p -> List.of(PaCodec.wrapPac(p.apply(auth)))));
        Enctype ticketType = Enctypes.find(r.krbtgtKey().type()).orElseThrow();
        Bytes ticketCipher = ticketType.encrypt(r.krbtgtKey(), KeyUsage.KDC_REP_TICKET, KrbCodec.encodeEncTicketPart(part),
                random);
        Ticket ticket = new Ticket(r.realm(), krbtgt, EncryptedData.of(r.krbtgtKey().type(), r.kvno(), ticketCipher));
        EncKdcRepPart encPart = new EncKdcRepPart(EncKdcRepPart.ENC_AS_REP_PART, session,
                List.of(new LastReq(0, auth)), nonce(), Optional.empty(), flags, auth, Optional.of(auth), end,
                Optional.of(renewTill), r.realm(), krbtgt, Optional.empty(), Optional.empty());
        Bytes encCipher = aes.encrypt(clientKey, KeyUsage.AS_REP_ENC_PART, KrbCodec.encodeEncKdcRepPart(encPart), random);
        KdcRep rep = new KdcRep(MessageType.AS_REP, Optional.empty(), r.realm(), r.client(), ticket,
                new EncryptedData(KEY_TYPE, Optional.empty(), encCipher));
        return new Minted(KrbCodec.encodeKdcRep(rep), clientKey, session, r.realm(), r.client(), krbtgt);
    }

    private int nonce() {
        return random.nextInt() & 0x7FFFFFFF;
    }
}
