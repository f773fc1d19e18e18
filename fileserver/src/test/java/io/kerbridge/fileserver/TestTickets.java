package io.kerbridge.fileserver;

import io.kerbridge.kerberos.Bytes;
import io.kerbridge.kerberos.crypto.Enctypes;
import io.kerbridge.kerberos.file.Keytab;
import io.kerbridge.kerberos.gss.GssChecksum;
import io.kerbridge.kerberos.gss.GssFlags;
import io.kerbridge.kerberos.gss.GssTokens;
import io.kerbridge.kerberos.gss.Oid;
import io.kerbridge.kerberos.gss.Spnego;
import io.kerbridge.kerberos.msg.ApReq;
import io.kerbridge.kerberos.msg.Authenticator;
import io.kerbridge.kerberos.msg.EncTicketPart;
import io.kerbridge.kerberos.msg.EncryptedData;
import io.kerbridge.kerberos.msg.KrbCodec;
import io.kerbridge.kerberos.msg.PaCodec;
import io.kerbridge.kerberos.msg.Ticket;
import io.kerbridge.kerberos.msg.TransitedEncoding;
import io.kerbridge.kerberos.pac.FileTime;
import io.kerbridge.kerberos.pac.GroupMembership;
import io.kerbridge.kerberos.pac.KerbValidationInfo;
import io.kerbridge.kerberos.pac.Pac;
import io.kerbridge.kerberos.pac.PacClientInfo;
import io.kerbridge.kerberos.pac.PacException;
import io.kerbridge.kerberos.pac.PacSigner;
import io.kerbridge.kerberos.pac.Sid;
import io.kerbridge.kerberos.pac.SidAndAttributes;
import io.kerbridge.kerberos.types.Checksum;
import io.kerbridge.kerberos.types.ChecksumType;
import io.kerbridge.kerberos.types.EncType;
import io.kerbridge.kerberos.types.EncryptionKey;
import io.kerbridge.kerberos.types.KeyUsage;
import io.kerbridge.kerberos.types.PrincipalName;
import io.kerbridge.kerberos.types.TicketFlags;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * A stand-in KDC for unit tests: it knows the file server's key (and writes it to a keytab) and mints
 * service tickets with PACs for test users, as our DC would, so that every PAC case can be built:
 * groups, extra SIDs, no PAC, a PAC with a bad server signature, a mismatching client name.
 */
final class TestTickets {
    static final String REALM = "CONTOSO.TEST";
    static final PrincipalName SPN = PrincipalName.parse("HTTP/files.contoso.test");
    static final Sid DOMAIN = Sid.parse("S-1-5-21-1111-2222-3333");
    static final int FINANCE_RID = 1105;
    static final Sid FINANCE = DOMAIN.withRid(FINANCE_RID);
    static final EncType ETYPE = EncType.AES256_CTS_HMAC_SHA1_96;

    final SecureRandom random = new SecureRandom();
    final EncryptionKey serviceKey = Enctypes.find(ETYPE).orElseThrow().generateKey(random);
    final EncryptionKey krbtgtKey = Enctypes.find(ETYPE).orElseThrow().generateKey(random);
    final int kvno = 2;

    void writeKeytab(Path file) throws IOException {
        Keytab.empty().add(SPN, REALM, kvno, serviceKey, Instant.now()).write(file);
    }

    /** What goes into one ticket; tests change fields before {@link #header}. */
    final class Ticketed {
        String user;
        int rid;
        List<Integer> groups = new ArrayList<>(List.of(513));
        List<SidAndAttributes> extraSids = new ArrayList<>();
        boolean pac = true;
        boolean corruptServerSignature;
        String clientInfoName;
        Instant authTime = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(30);
        /** The PAC's logon time and ClientId, when they should differ from the ticket's authtime. */
        Instant pacAuthTime;
        EncryptionKey ticketKey = serviceKey;
        PrincipalName sname = SPN;

        Ticketed(String user, int rid) {
            this.user = user;
            this.rid = rid;
            this.clientInfoName = user;
        }

        Ticketed groups(Integer... rids) {
            groups.addAll(List.of(rids));
            return this;
        }

        /** The SPNEGO token: NegTokenInit{krb5, AP-REQ}, mutual authentication requested. */
        Bytes token() {
            PrincipalName cname = PrincipalName.user(user);
            EncryptionKey session = Enctypes.find(ETYPE).orElseThrow().generateKey(random);
            Optional<List<io.kerbridge.kerberos.types.AuthorizationDataEntry>> ad = Optional.empty();
            if (pac) {
                ad = Optional.of(List.of(PaCodec.wrapPac(pac().encode())));
            }
            Instant now = Instant.now();
            EncTicketPart etp = new EncTicketPart(TicketFlags.of(TicketFlags.FORWARDABLE), session, REALM, cname,
                    TransitedEncoding.EMPTY, authTime, Optional.empty(), now.plusSeconds(3600), Optional.empty(),
                    Optional.empty(), ad);
            Bytes cipher = Enctypes.find(ETYPE).orElseThrow().encrypt(ticketKey, KeyUsage.KDC_REP_TICKET,
                    KrbCodec.encodeEncTicketPart(etp), random);
            Ticket ticket = new Ticket(REALM, sname, new EncryptedData(ETYPE, Optional.of(kvno), cipher));
            Checksum cksum = new Checksum(ChecksumType.GSSAPI, GssChecksum.encode(Bytes.wrap(new byte[16]),
                    GssFlags.MUTUAL | GssFlags.INTEG | GssFlags.SEQUENCE, Optional.empty()));
            Authenticator a = new Authenticator(REALM, cname, Optional.of(cksum), random.nextInt(1_000_000), now,
                    Optional.of(Enctypes.find(ETYPE).orElseThrow().generateKey(random)), Optional.of(random.nextInt() & 0x3FFFFFFF),
                    Optional.empty());
            Bytes authCipher = Enctypes.find(ETYPE).orElseThrow().encrypt(session, KeyUsage.AP_REQ_AUTH, KrbCodec.encodeAuthenticator(a),
                    random);
            ApReq req = new ApReq(1 << (31 - ApReq.MUTUAL_REQUIRED), ticket,
                    new EncryptedData(ETYPE, Optional.empty(), authCipher));
            return Spnego.encodeInitial(new Spnego.NegTokenInit(List.of(Oid.KRB5), Optional.empty(),
                    Optional.of(GssTokens.encodeKrb5ApReq(Oid.KRB5, KrbCodec.encodeApReq(req))), Optional.empty()));
        }

        String header() {
            return "Negotiate " + Base64.getEncoder().encodeToString(token().toByteArray());
        }

        private Pac pac() {
            Instant pacTime = pacAuthTime != null ? pacAuthTime : authTime;
            KerbValidationInfo info = KerbValidationInfo.builder()
                    .logonTime(FileTime.of(pacTime))
                    .effectiveName(user)
                    .userId(rid)
                    .primaryGroupId(513)
                    .groupIds(groups.stream().map(GroupMembership::of).toList())
                    .logonDomainName("CONTOSO")
                    .logonDomainId(DOMAIN)
                    .extraSids(extraSids)
                    .build();
            Pac unsigned = Pac.builder().add(info).add(new PacClientInfo(FileTime.of(pacTime), clientInfoName)).build();
            try {
                Pac signed = PacSigner.sign(unsigned, ticketKey, krbtgtKey);
                if (!corruptServerSignature) {
                    return signed;
                }
                byte[] b = signed.encode().toByteArray();
                int at = signed.offsetOf(signed.indexOf(io.kerbridge.kerberos.pac.PacBufferType.SERVER_CHECKSUM));
                b[at + 4] ^= 0x01;
                return Pac.decode(Bytes.wrap(b));
            } catch (PacException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    Ticketed alice() {
        return new Ticketed("alice", 1103).groups(FINANCE_RID);
    }

    Ticketed bob() {
        return new Ticketed("bob", 1104);
    }
}
