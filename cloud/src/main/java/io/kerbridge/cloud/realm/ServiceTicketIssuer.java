// RFC 4120 §3.3.3 (the TGS reply: new session key; endtime the least of the requested till, the TGT's endtime
// and the realm's maximum; NEVER_VALID 11 otherwise), §2.2 (FORWARDABLE granted only when the TGT has it;
// PRE-AUTHENT and HW-AUTHENT carried over from the TGT), §5.4.2 (EncTGSRepPart under the authenticator subkey,
// usage 9, else the TGT session key, usage 8); MS-KILE 3.3.5.7 (the TGT's PAC copied into the service ticket
// without PAC_ATTRIBUTES_INFO and PAC_REQUESTOR, which belong to TGTs); MS-PAC 2.8 (server signature with the
// service key; KDC, ticket (2.8.3) and full (2.8.5) signatures with the krbtgt key, protocol-notes §2.3);
// protocol-notes §5.3 (the ticket is encrypted with the service principal's key) and §5.1 (AES-256 only).
package io.kerbridge.cloud.realm;

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
import io.kerbridge.kerberos.pac.Pac;
import io.kerbridge.kerberos.pac.PacBuffer;
import io.kerbridge.kerberos.pac.PacBufferType;
import io.kerbridge.kerberos.pac.PacException;
import io.kerbridge.kerberos.pac.PacSigner;
import io.kerbridge.kerberos.pac.TicketPac;
import io.kerbridge.kerberos.types.EncryptionKey;
import io.kerbridge.kerberos.types.ErrorCode;
import io.kerbridge.kerberos.types.KdcOptions;
import io.kerbridge.kerberos.types.KeyUsage;
import io.kerbridge.kerberos.types.MessageType;
import io.kerbridge.kerberos.types.PrincipalName;
import io.kerbridge.kerberos.types.TicketFlags;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/**
 * Issues the service ticket and the TGS-REP. Service tickets live at most {@link #SERVICE_TICKET_LIFETIME}
 * (an Entra service ticket for Azure Files was observed valid 1 h next to a 10 h cloud TGT: third-party
 * {@code klist} output [3P]) and never beyond the TGT; they are not renewable.
 */
final class ServiceTicketIssuer {
    static final Duration SERVICE_TICKET_LIFETIME = Duration.ofHours(1);

    private final SecureRandom random;

    ServiceTicketIssuer(SecureRandom random) {
        this.random = random;
    }

    Step<Bytes> issue(Grant g) {
        TgsState s = g.state();
        Instant now = s.now().truncatedTo(ChronoUnit.SECONDS);
        Instant till = s.body().till().equals(Instant.EPOCH) ? Instant.MAX : s.body().till(); // 0 = no limit (MIT)
        Instant end = min(min(now.plus(SERVICE_TICKET_LIFETIME), s.tgt().part().endTime()), till);
        if (!end.isAfter(now)) {
            return Step.refused(ErrorCode.KDC_ERR_NEVER_VALID, "requested_end_in_the_past");
        }
        return Step.ok(reply(g, now, end));
    }

    private Bytes reply(Grant g, Instant now, Instant end) {
        TgsState s = g.state();
        EncTicketPart tgt = s.tgt().part();
        Enctype aes = Enctypes.find(RealmKeys.ETYPE).orElseThrow();
        EncryptionKey session = aes.generateKey(random);
        TicketFlags flags = flags(s.body().options(), tgt.flags());
        PrincipalName sname = s.body().sname().orElseThrow();
        EncTicketPart part = new EncTicketPart(flags, session, tgt.crealm(), tgt.cname(), tgt.transited(),
                tgt.authTime(), Optional.of(now), end, Optional.empty(), tgt.addresses(), Optional.empty());
        Ticket ticket = seal(part, servicePac(g.pac()), g.server(), s.tgt().key().key(), sname);
        EncKdcRepPart rep = new EncKdcRepPart(EncKdcRepPart.ENC_TGS_REP_PART, session, List.of(new LastReq(0, now)),
                s.body().nonce(), Optional.empty(), flags, tgt.authTime(), Optional.of(now), end, Optional.empty(),
                CloudKerberosRealm.REALM, sname, tgt.addresses(), Optional.empty());
        Optional<EncryptionKey> subkey = s.tgt().authenticator().subkey();
        EncryptionKey replyKey = subkey.orElse(tgt.key());
        KeyUsage usage = subkey.isPresent() ? KeyUsage.TGS_REP_ENC_PART_SUBKEY : KeyUsage.TGS_REP_ENC_PART_SESSION_KEY;
        Bytes enc = Enctypes.find(replyKey.type()).orElseThrow()
                .encrypt(replyKey, usage, KrbCodec.encodeEncKdcRepPart(rep), random);
        return KrbCodec.encodeKdcRep(new KdcRep(MessageType.TGS_REP, Optional.empty(), tgt.crealm(), tgt.cname(), ticket,
                new EncryptedData(replyKey.type(), Optional.empty(), enc)));
    }

    static TicketFlags flags(KdcOptions options, TicketFlags tgt) {
        TicketFlags f = TicketFlags.NONE;
        if (options.has(KdcOptions.FORWARDABLE) && tgt.has(TicketFlags.FORWARDABLE)) {
            f = f.with(TicketFlags.FORWARDABLE);
        }
        for (int carried : new int[] {TicketFlags.PRE_AUTHENT, TicketFlags.HW_AUTHENT}) {
            if (tgt.has(carried)) {
                f = f.with(carried);
            }
        }
        return f;
    }

    /** The TGT's PAC without signatures and without the TGT-only buffers. */
    static Pac servicePac(Pac tgtPac) {
        Pac.Builder b = Pac.builder();
        for (PacBuffer buf : tgtPac.buffers()) {
            PacBufferType t = buf.type();
            if (!t.isSignature() && !t.equals(PacBufferType.ATTRIBUTES_INFO) && !t.equals(PacBufferType.REQUESTOR)) {
                b.add(buf);
            }
        }
        return b.build();
    }

    private Ticket seal(EncTicketPart part, Pac pac, ServicePrincipals.ServiceKey server, EncryptionKey realmKey,
            PrincipalName sname) {
        EncTicketPart withPac;
        try {
            Bytes signingData = TicketPac.signingData(KrbCodec.encodeEncTicketPart(withPac(part, pac)));
            withPac = withPac(part, PacSigner.sign(pac, server.key(), realmKey,
                    PacSigner.Options.serviceTicket(signingData)));
        } catch (PacException e) {
            throw new IllegalStateException("cannot sign a PAC copied from a verified TGT: " + e.reason(), e);
        }
        Bytes cipher = Enctypes.find(server.key().type()).orElseThrow()
                .encrypt(server.key(), KeyUsage.KDC_REP_TICKET, KrbCodec.encodeEncTicketPart(withPac), random);
        return new Ticket(CloudKerberosRealm.REALM, sname,
                EncryptedData.of(server.key().type(), server.servicePrincipal().kvno(), cipher));
    }

    private static EncTicketPart withPac(EncTicketPart p, Pac pac) {
        return new EncTicketPart(p.flags(), p.key(), p.crealm(), p.cname(), p.transited(), p.authTime(), p.startTime(),
                p.endTime(), p.renewTill(), p.addresses(), Optional.of(List.of(PaCodec.wrapPac(pac.encode()))));
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
