package io.kerbridge.kerberos.gss;

import io.kerbridge.kerberos.Bytes;
import io.kerbridge.kerberos.crypto.Enctypes;
import io.kerbridge.kerberos.msg.ApReq;
import io.kerbridge.kerberos.msg.Authenticator;
import io.kerbridge.kerberos.msg.EncKrbCredPart;
import io.kerbridge.kerberos.msg.EncTicketPart;
import io.kerbridge.kerberos.msg.EncryptedData;
import io.kerbridge.kerberos.msg.KrbCodec;
import io.kerbridge.kerberos.msg.KrbCred;
import io.kerbridge.kerberos.msg.KrbCredInfo;
import io.kerbridge.kerberos.msg.Ticket;
import io.kerbridge.kerberos.msg.TransitedEncoding;
import io.kerbridge.kerberos.types.Checksum;
import io.kerbridge.kerberos.types.ChecksumType;
import io.kerbridge.kerberos.types.EncType;
import io.kerbridge.kerberos.types.EncryptionKey;
import io.kerbridge.kerberos.types.KeyUsage;
import io.kerbridge.kerberos.types.PrincipalName;
import io.kerbridge.kerberos.types.TicketFlags;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A test initiator that forges tickets with a known service key, so every field the acceptor checks can be
 * set: times, flags, names, checksum, subkey, delegation. Deterministic when given a seeded random.
 */
final class FakeInitiator {
    static final String REALM = "FAKE.TEST";
    static final PrincipalName SERVICE = PrincipalName.parse("HTTP/fake.example.test");
    static final PrincipalName CLIENT = PrincipalName.user("alice");
    static final EncType ETYPE = EncType.AES256_CTS_HMAC_SHA1_96;

    final SecureRandom random;
    final EncryptionKey serviceKey;
    final int kvno = 3;

    /** Deterministic: SHA1PRNG seeded before first use gives the same keys and confounders every run. */
    FakeInitiator(long seed) {
        try {
            random = SecureRandom.getInstance("SHA1PRNG");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        random.setSeed(seed);
        serviceKey = Enctypes.find(ETYPE).orElseThrow().generateKey(random);
    }

    ServiceKeys keys() {
        return (p, r, k, e) -> p.components().equals(SERVICE.components()) && r.equals(REALM)
                && k.equals(Optional.of(kvno)) && e.equals(ETYPE) ? Optional.of(serviceKey) : Optional.empty();
    }

    ApReqVerifier.Builder verifier() {
        return ApReqVerifier.builder(keys()).principal(SERVICE, REALM).random(random);
    }

    /** Everything that goes into one AP-REQ; tests change fields before calling {@link #apReq}. */
    final class Req {
        PrincipalName sname = SERVICE;
        String srealm = REALM;
        PrincipalName cname = CLIENT;
        String crealm = REALM;
        PrincipalName authCname = CLIENT;
        String authCrealm = REALM;
        Instant now = Instant.now();
        Instant authTime = now.minusSeconds(60);
        Optional<Instant> startTime = Optional.empty();
        Instant endTime = now.plusSeconds(3600);
        TicketFlags flags = TicketFlags.of(TicketFlags.FORWARDABLE);
        Instant ctime = now;
        int cusec = 123456;
        int gssFlags = GssFlags.MUTUAL | GssFlags.INTEG | GssFlags.SEQUENCE;
        Bytes bindings = Bytes.wrap(new byte[16]);
        Optional<Checksum> checksumOverride = null;
        Optional<Bytes> delegation = Optional.empty();
        boolean subkey = true;
        int apOptions = 1 << (31 - ApReq.MUTUAL_REQUIRED);
        EncryptionKey sessionKey = Enctypes.find(ETYPE).orElseThrow().generateKey(random);
        EncryptionKey ticketKey = serviceKey;
        Optional<Integer> ticketKvno = Optional.of(kvno);
        Optional<List<io.kerbridge.kerberos.types.AuthorizationDataEntry>> authData = Optional.empty();
        /** Applied to the DER plaintexts before encryption, to reach the decoders behind the crypto. */
        java.util.function.UnaryOperator<Bytes> ticketPlain = b -> b;
        java.util.function.UnaryOperator<Bytes> authPlain = b -> b;

        /** A KRB-CRED for the delegation field, encrypted in the session key (MIT) or plain. */
        Bytes krbCred(boolean encrypted) {
            EncryptionKey fwdKey = Enctypes.find(ETYPE).orElseThrow().generateKey(random);
            Ticket tgt = new Ticket(REALM, PrincipalName.krbtgt(REALM),
                    EncryptedData.of(ETYPE, 1, Bytes.wrap(new byte[64])));
            KrbCredInfo info = new KrbCredInfo(fwdKey, Optional.of(REALM), Optional.of(CLIENT),
                    Optional.of(TicketFlags.of(TicketFlags.FORWARDED)), Optional.empty(), Optional.empty(),
                    Optional.of(endTime), Optional.empty(), Optional.of(REALM), Optional.of(PrincipalName.krbtgt(REALM)),
                    Optional.empty());
            Bytes part = KrbCodec.encodeEncKrbCredPart(new EncKrbCredPart(List.of(info), Optional.empty(),
                    Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty()));
            EncryptedData enc = encrypted
                    ? new EncryptedData(ETYPE, Optional.empty(),
                            Enctypes.find(ETYPE).orElseThrow().encrypt(sessionKey, KeyUsage.KRB_CRED_ENC_PART, part, random))
                    : new EncryptedData(EncType.of(0), Optional.empty(), part);
            return KrbCodec.encodeKrbCred(new KrbCred(List.of(tgt), enc));
        }

        ApReq apReq() {
            EncTicketPart etp = new EncTicketPart(flags, sessionKey, crealm, cname, TransitedEncoding.EMPTY,
                    authTime, startTime, endTime, Optional.empty(), Optional.empty(), authData);
            Bytes ticketCipher = Enctypes.find(ticketKey.type()).orElseThrow()
                    .encrypt(ticketKey, KeyUsage.KDC_REP_TICKET, ticketPlain.apply(KrbCodec.encodeEncTicketPart(etp)), random);
            Ticket ticket = new Ticket(srealm, sname, new EncryptedData(ticketKey.type(), ticketKvno, ticketCipher));
            Optional<Checksum> cksum = checksumOverride != null ? checksumOverride
                    : Optional.of(new Checksum(ChecksumType.GSSAPI, GssChecksum.encode(bindings,
                            gssFlags | (delegation.isPresent() ? GssFlags.DELEG : 0), delegation)));
            Optional<EncryptionKey> sub = subkey
                    ? Optional.of(Enctypes.find(ETYPE).orElseThrow().generateKey(random)) : Optional.empty();
            Authenticator a = new Authenticator(authCrealm, authCname, cksum, cusec, ctime, sub,
                    Optional.of(random.nextInt() & 0x3FFFFFFF), Optional.empty());
            Bytes authCipher = Enctypes.find(sessionKey.type()).orElseThrow()
                    .encrypt(sessionKey, KeyUsage.AP_REQ_AUTH, authPlain.apply(KrbCodec.encodeAuthenticator(a)), random);
            return new ApReq(apOptions, ticket, new EncryptedData(sessionKey.type(), Optional.empty(), authCipher));
        }

        Bytes krb5Token() {
            return GssTokens.encodeKrb5ApReq(Oid.KRB5, KrbCodec.encodeApReq(apReq()));
        }

        Bytes spnegoToken(Oid... mechs) {
            List<Oid> list = mechs.length == 0 ? List.of(Oid.KRB5) : List.of(mechs);
            Oid inner = list.get(0).isKerberos() ? list.get(0) : Oid.KRB5;
            return Spnego.encodeInitial(new Spnego.NegTokenInit(list, Optional.empty(),
                    Optional.of(GssTokens.encodeKrb5ApReq(inner, KrbCodec.encodeApReq(apReq()))), Optional.empty()));
        }
    }

    Req req() {
        return new Req();
    }

    /** A request at a fixed time (for seed corpora that must verify under a fixed clock). */
    Req req(Instant now) {
        Req r = new Req();
        r.now = now;
        r.authTime = now.minusSeconds(60);
        r.endTime = now.plusSeconds(3600);
        r.ctime = now;
        return r;
    }
}
