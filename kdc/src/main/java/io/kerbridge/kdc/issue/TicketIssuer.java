// RFC 4120 §5.3 (Ticket, EncTicketPart, key usage 2); MS-PAC 2.8 (server/KDC signatures), 2.8.3 and
// 2.8.5 (ticket and extended-KDC "full" signatures in tickets not for a krbtgt: notes §2.3, §4.2);
// MS-KILE 3.3.5.3 / 3.3.5.7 (AD-IF-RELEVANT { AD-WIN2K-PAC }).
package io.kerbridge.kdc.issue;

import io.kerbridge.kerberos.Bytes;
import io.kerbridge.kerberos.msg.EncTicketPart;
import io.kerbridge.kerberos.msg.EncryptedData;
import io.kerbridge.kerberos.msg.KrbCodec;
import io.kerbridge.kerberos.msg.PaCodec;
import io.kerbridge.kerberos.msg.Ticket;
import io.kerbridge.kerberos.pac.Pac;
import io.kerbridge.kerberos.pac.PacException;
import io.kerbridge.kerberos.pac.PacSigner;
import io.kerbridge.kerberos.pac.TicketPac;
import io.kerbridge.kerberos.types.EncryptionKey;
import io.kerbridge.kerberos.types.KeyUsage;
import io.kerbridge.kerberos.types.PrincipalName;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;

/**
 * Seals tickets: puts the signed PAC into the EncTicketPart and encrypts it with the server's key.
 * A ticket for a krbtgt (a TGT or a referral) gets server and KDC signatures only; a service ticket
 * also the ticket signature (over the EncTicketPart with the PAC as one zero byte) and the full
 * signature, all with the local krbtgt key.
 */
public final class TicketIssuer {
    private final SecureRandom random;

    public TicketIssuer(SecureRandom random) {
        this.random = random;
    }

    /** The keys the PAC is signed with: the ticket's server key and the signing KDC's krbtgt key. */
    public record PacKeys(EncryptionKey serverKey, EncryptionKey kdcKey) {}

    /** What the ticket is encrypted to: realm, name, key and its kvno. */
    public record Target(String realm, PrincipalName sname, EncryptionKey key, int kvno, boolean krbtgt) {}

    public Ticket seal(EncTicketPart part, Optional<Pac> unsignedPac, PacKeys keys, Target target) {
        EncTicketPart withPac = part;
        if (unsignedPac.isPresent()) {
            withPac = withAuthData(part, sign(part, unsignedPac.get(), keys, target.krbtgt()));
        }
        Bytes der = KrbCodec.encodeEncTicketPart(withPac);
        Bytes cipher = Crypto.enctype(target.key().type()).encrypt(target.key(), KeyUsage.KDC_REP_TICKET, der, random);
        return new Ticket(target.realm(), target.sname(), EncryptedData.of(target.key().type(), target.kvno(), cipher));
    }

    private static Pac sign(EncTicketPart part, Pac pac, PacKeys keys, boolean forKrbtgt) {
        try {
            if (forKrbtgt) {
                return PacSigner.sign(pac, keys.serverKey(), keys.kdcKey());
            }
            return PacSigner.sign(pac, keys.serverKey(), keys.kdcKey(),
                    PacSigner.Options.serviceTicket(ticketSigningData(part)));
        } catch (PacException e) {
            throw new IllegalStateException("cannot sign a PAC we built: " + e.reason(), e);
        }
    }

    /**
     * What the ticket signature covers (MS-PAC 2.8.3): the EncTicketPart with the AD-WIN2K-PAC ad-data as one zero
     * byte. Encoded directly; equal to {@link TicketPac#signingData} of the final EncTicketPart because our
     * encoding is DER (one encoding per value), without encoding the whole ticket and walking it twice (issue 9).
     */
    static Bytes ticketSigningData(EncTicketPart part) {
        return KrbCodec.encodeEncTicketPart(withAuthData(part, ZERO_PAC));
    }

    private static final Bytes ZERO_PAC = Bytes.of((byte) 0);

    private static EncTicketPart withAuthData(EncTicketPart p, Pac pac) {
        return withAuthData(p, pac.encode());
    }

    private static EncTicketPart withAuthData(EncTicketPart p, Bytes pac) {
        return new EncTicketPart(p.flags(), p.key(), p.crealm(), p.cname(), p.transited(), p.authTime(), p.startTime(),
                p.endTime(), p.renewTill(), p.addresses(), Optional.of(List.of(PaCodec.wrapPac(pac))));
    }

    public EncryptionKey newSessionKey(io.kerbridge.kerberos.types.EncType etype) {
        return Crypto.enctype(etype).generateKey(random);
    }

    public Bytes encrypt(EncryptionKey key, KeyUsage usage, Bytes plain) {
        return Crypto.enctype(key.type()).encrypt(key, usage, plain, random);
    }
}
