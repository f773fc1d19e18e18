// RFC 4120 §3.1 (AS exchange; PREAUTH_REQUIRED → ETYPE-INFO2 → PA-ENC-TIMESTAMP, §5.2.7.2/§5.2.7.5),
// §3.3 (TGS exchange: PA-TGS-REQ with an authenticator whose checksum covers the KDC-REQ-BODY bytes,
// usage 6 — required by a Windows/Samba DC, protocol-notes §2.8), RFC 6113 §5.2 (PA-FX-COOKIE echo).
package io.kerbridge.kerberos.client;

import io.kerbridge.kerberos.Bytes;
import io.kerbridge.kerberos.asn1.DerException;
import io.kerbridge.kerberos.crypto.Checksums;
import io.kerbridge.kerberos.crypto.Enctype;
import io.kerbridge.kerberos.crypto.Enctypes;
import io.kerbridge.kerberos.crypto.IntegrityException;
import io.kerbridge.kerberos.crypto.KerberosCryptoException;
import io.kerbridge.kerberos.msg.ApReq;
import io.kerbridge.kerberos.msg.Authenticator;
import io.kerbridge.kerberos.msg.EncKdcRepPart;
import io.kerbridge.kerberos.msg.Encoded;
import io.kerbridge.kerberos.msg.EncryptedData;
import io.kerbridge.kerberos.msg.EtypeInfo2Entry;
import io.kerbridge.kerberos.msg.KdcRep;
import io.kerbridge.kerberos.msg.KdcReq;
import io.kerbridge.kerberos.msg.KdcReqBody;
import io.kerbridge.kerberos.msg.KrbCodec;
import io.kerbridge.kerberos.msg.KrbError;
import io.kerbridge.kerberos.msg.PaCodec;
import io.kerbridge.kerberos.msg.PaData;
import io.kerbridge.kerberos.msg.PaEncTsEnc;
import io.kerbridge.kerberos.types.ErrorCode;
import io.kerbridge.kerberos.types.EncType;
import io.kerbridge.kerberos.types.EncryptionKey;
import io.kerbridge.kerberos.types.KdcOptions;
import io.kerbridge.kerberos.types.KeyUsage;
import io.kerbridge.kerberos.types.MessageType;
import io.kerbridge.kerberos.types.PaDataType;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A Kerberos client for the AS and TGS exchanges, over any {@link KdcExchange}. */
public final class KdcClient {
    private final KdcExchange kdc;
    private final Clock clock;
    private final SecureRandom random;

    public KdcClient(KdcExchange kdc, Clock clock, SecureRandom random) {
        this.kdc = kdc;
        this.clock = clock;
        this.random = random;
    }

    // ---- AS ------------------------------------------------------------------------------------

    /** Gets a ticket (normally a TGT) with the client's long-term key from {@code keys}. */
    public KdcReply asExchange(AsRequest req, KeySource keys) throws KerberosClientException {
        List<EncType> etypes = keys.etypes().isEmpty() ? req.etypes()
                : req.etypes().stream().filter(keys.etypes()::contains).toList();
        if (etypes.isEmpty()) {
            etypes = keys.etypes();
        }
        KdcReqBody body = asBody(req, etypes);
        List<PaData> padata = new ArrayList<>();
        req.pacRequest().ifPresent(p -> padata.add(new PaData(PaDataType.PA_PAC_REQUEST, PaCodec.encodePacRequest(p))));
        Bytes reply = send(req.realm(), new KdcReq(MessageType.AS_REQ, Optional.of(padata), encoded(body)));
        EncryptionKey replyKey = null;
        if (isError(reply)) {
            KrbError err = decodeError(reply);
            if (!err.errorCode().equals(ErrorCode.KDC_ERR_PREAUTH_REQUIRED)) {
                throw new KdcErrorException("initial ticket request for " + req.client().withRealm(req.realm()), err);
            }
            List<PaData> methodData = methodData(err);
            EtypeInfo2Entry info = chooseEtype(methodData, etypes);
            replyKey = keys.keyFor(info.etype(), info.salt(), info.s2kParams()).orElseThrow(
                    () -> new KerberosClientException("no key for " + info.etype().name() + " in the key source"));
            List<PaData> preauth = new ArrayList<>(padata);
            preauth.add(0, encTimestamp(replyKey));
            methodData.stream().filter(p -> p.type().equals(PaDataType.PA_FX_COOKIE)).forEach(preauth::add);
            reply = send(req.realm(), new KdcReq(MessageType.AS_REQ, Optional.of(preauth), encoded(body)));
            if (isError(reply)) {
                throw new KdcErrorException("initial ticket request for " + req.client().withRealm(req.realm()),
                        decodeError(reply));
            }
        }
        KdcRep rep = decodeRep(reply, MessageType.AS_REP);
        EncryptionKey key = asReplyKey(rep, replyKey, keys);
        EncKdcRepPart part = decryptPart(rep, key, KeyUsage.AS_REP_ENC_PART);
        checkReply(part, body);
        return new KdcReply(rep, part);
    }

    private KdcReqBody asBody(AsRequest req, List<EncType> etypes) {
        Instant now = clock.instant();
        KdcOptions opts = KdcOptions.NONE;
        if (req.forwardable()) {
            opts = opts.with(KdcOptions.FORWARDABLE);
        }
        if (req.renewable().isPresent()) {
            opts = opts.with(KdcOptions.RENEWABLE);
        }
        if (req.canonicalize()) {
            opts = opts.with(KdcOptions.CANONICALIZE);
        }
        return new KdcReqBody(opts, Optional.of(req.client()), req.realm(), Optional.of(req.server()),
                Optional.empty(), now.plus(req.lifetime()), req.renewable().map(now::plus), nonce(), etypes,
                Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** The first ETYPE-INFO2 entry (KDC preference order) whose etype we asked for and support. */
    private static EtypeInfo2Entry chooseEtype(List<PaData> methodData, List<EncType> asked)
            throws KerberosClientException {
        Optional<PaData> pa = methodData.stream().filter(p -> p.type().equals(PaDataType.PA_ETYPE_INFO2)).findFirst();
        if (pa.isEmpty()) {
            return new EtypeInfo2Entry(asked.get(0), Optional.empty(), Optional.empty());
        }
        try {
            for (EtypeInfo2Entry e : PaCodec.decodeEtypeInfo2(pa.get().value())) {
                if (asked.contains(e.etype()) && Enctypes.find(e.etype()).isPresent()) {
                    return e;
                }
            }
        } catch (DerException e) {
            throw new KerberosClientException("the KDC sent a malformed PA-ETYPE-INFO2: " + e.getMessage(), e);
        }
        throw new KerberosClientException("the KDC offers none of the requested encryption types " + asked);
    }

    private PaData encTimestamp(EncryptionKey key) throws KerberosClientException {
        Instant now = clock.instant();
        Bytes ts = PaCodec.encodePaEncTsEnc(new PaEncTsEnc(now.truncatedTo(java.time.temporal.ChronoUnit.SECONDS),
                Optional.of(now.getNano() / 1000)));
        Bytes cipher = enctype(key.type()).encrypt(key, KeyUsage.PA_ENC_TIMESTAMP, ts, random);
        Bytes enc = KrbCodec.encodeEncryptedData(new EncryptedData(key.type(), Optional.empty(), cipher));
        return new PaData(PaDataType.PA_ENC_TIMESTAMP, enc);
    }

    /** The key the AS-REP enc-part is under: the pre-auth key, else one derived from the reply's ETYPE-INFO2. */
    private static EncryptionKey asReplyKey(KdcRep rep, EncryptionKey preauthKey, KeySource keys)
            throws KerberosClientException {
        EncType etype = rep.encPart().etype();
        if (preauthKey != null && preauthKey.type().equals(etype)) {
            return preauthKey;
        }
        Optional<String> salt = Optional.empty();
        Optional<Bytes> params = Optional.empty();
        for (PaData p : rep.padata().orElse(List.of())) {
            if (p.type().equals(PaDataType.PA_ETYPE_INFO2)) {
                try {
                    for (EtypeInfo2Entry e : PaCodec.decodeEtypeInfo2(p.value())) {
                        if (e.etype().equals(etype)) {
                            salt = e.salt();
                            params = e.s2kParams();
                        }
                    }
                } catch (DerException e) {
                    throw new KerberosClientException("malformed PA-ETYPE-INFO2 in the AS-REP: " + e.getMessage(), e);
                }
            }
        }
        return keys.keyFor(etype, salt, params)
                .orElseThrow(() -> new KerberosClientException("no key for the reply's encryption type " + etype.name()));
    }

    // ---- TGS -----------------------------------------------------------------------------------

    /** Presents a TGT for a service ticket (or, with krbtgt as server, an exchanged TGT). */
    public KdcReply tgsExchange(TgsRequest req) throws KerberosClientException {
        Instant now = clock.instant();
        KdcReqBody body = new KdcReqBody(req.options(), Optional.empty(), req.serverRealm(), Optional.of(req.server()),
                Optional.empty(), now.plus(req.lifetime()), Optional.empty(), nonce(), req.etypes(), Optional.empty(),
                Optional.empty(), Optional.empty());
        Encoded<KdcReqBody> encodedBody = encoded(body);
        EncryptionKey sessionKey = req.tgtSessionKey();
        Enctype enctype = enctype(sessionKey.type());
        EncryptionKey subkey = enctype.generateKey(random);
        Authenticator auth = new Authenticator(req.clientRealm(), req.client(),
                Optional.of(checksum(sessionKey, encodedBody.der())), now.getNano() / 1000,
                now.truncatedTo(java.time.temporal.ChronoUnit.SECONDS), Optional.of(subkey), Optional.empty(),
                Optional.empty());
        Bytes authCipher = enctype.encrypt(sessionKey, KeyUsage.TGS_REQ_AUTH, KrbCodec.encodeAuthenticator(auth), random);
        ApReq ap = new ApReq(0, req.tgt(), new EncryptedData(sessionKey.type(), Optional.empty(), authCipher));
        List<PaData> padata = new ArrayList<>();
        padata.add(new PaData(PaDataType.PA_TGS_REQ, KrbCodec.encodeApReq(ap)));
        padata.addAll(req.extraPadata());
        Bytes reply = send(kdcRealmOf(req.tgt()), new KdcReq(MessageType.TGS_REQ, Optional.of(padata), encodedBody));
        if (isError(reply)) {
            throw new KdcErrorException("ticket request for " + req.server().withRealm(req.serverRealm()),
                    decodeError(reply));
        }
        KdcRep rep = decodeRep(reply, MessageType.TGS_REP);
        // RFC 4120 §5.4.2: with a subkey in the authenticator the reply is under it, usage 9.
        EncKdcRepPart part = decryptPart(rep, subkey, KeyUsage.TGS_REP_ENC_PART_SUBKEY);
        checkReply(part, body);
        return new KdcReply(rep, part);
    }

    /**
     * The realm whose KDC accepts this TGT: krbtgt/X@Y is presented to X (a cross-realm TGT issued by Y
     * goes to X's KDC, RFC 4120 §1.2); any other ticket to its own realm.
     */
    static String kdcRealmOf(io.kerbridge.kerberos.msg.Ticket tgt) {
        return tgt.sname().isKrbtgt() ? tgt.sname().components().get(1) : tgt.realm();
    }

    private static io.kerbridge.kerberos.types.Checksum checksum(EncryptionKey key, Bytes data)
            throws KerberosClientException {
        try {
            return Checksums.mandatoryFor(key.type()).compute(key, KeyUsage.TGS_REQ_AUTH_CKSUM, data);
        } catch (KerberosCryptoException e) {
            throw new KerberosClientException("no checksum for " + key.type().name(), e);
        }
    }

    // ---- shared --------------------------------------------------------------------------------

    private Bytes send(String realm, KdcReq req) throws KerberosClientException {
        try {
            return kdc.send(realm, KrbCodec.encodeKdcReq(req));
        } catch (KdcTransport.KdcUnreachableException e) {
            throw new KerberosClientException(e.getMessage(), e);
        }
    }

    private int nonce() {
        return random.nextInt() & 0x7FFFFFFF;
    }

    private static Encoded<KdcReqBody> encoded(KdcReqBody body) {
        return new Encoded<>(body, KrbCodec.encodeKdcReqBody(body));
    }

    private static boolean isError(Bytes reply) {
        return KrbCodec.peekMessageType(reply).map(MessageType.KRB_ERROR::equals).orElse(false);
    }

    private static KrbError decodeError(Bytes reply) throws KerberosClientException {
        try {
            return KrbCodec.decodeKrbError(reply);
        } catch (DerException e) {
            throw new KerberosClientException("the KDC sent a malformed KRB-ERROR: " + e.getMessage(), e);
        }
    }

    private static List<PaData> methodData(KrbError err) throws KerberosClientException {
        if (err.edata().isEmpty()) {
            return List.of();
        }
        try {
            return PaCodec.decodeMethodData(err.edata().get());
        } catch (DerException e) {
            throw new KerberosClientException("the KDC sent malformed METHOD-DATA: " + e.getMessage(), e);
        }
    }

    private static KdcRep decodeRep(Bytes reply, MessageType expected) throws KerberosClientException {
        try {
            KdcRep rep = KrbCodec.decodeKdcRep(reply);
            if (!rep.msgType().equals(expected)) {
                throw new KerberosClientException("expected " + expected.name() + ", got " + rep.msgType().name());
            }
            return rep;
        } catch (DerException e) {
            throw new KerberosClientException("the KDC sent a malformed reply: " + e.getMessage(), e);
        }
    }

    private static EncKdcRepPart decryptPart(KdcRep rep, EncryptionKey key, KeyUsage usage)
            throws KerberosClientException {
        if (!rep.encPart().etype().equals(key.type())) {
            throw new KerberosClientException("reply encrypted with " + rep.encPart().etype().name()
                    + " but the key is " + key.type().name());
        }
        try {
            Bytes plain = enctype(key.type()).decrypt(key, usage, rep.encPart().cipher());
            return KrbCodec.decodeEncKdcRepPart(plain);
        } catch (IntegrityException e) {
            throw new KerberosClientException("cannot decrypt the KDC reply (wrong key or password?)", e);
        } catch (DerException e) {
            throw new KerberosClientException("the KDC reply's encrypted part is malformed: " + e.getMessage(), e);
        }
    }

    /** RFC 4120 §3.1.5: the nonce must match the request's. */
    private static void checkReply(EncKdcRepPart part, KdcReqBody body) throws KerberosClientException {
        if (part.nonce() != body.nonce()) {
            throw new KerberosClientException("the KDC reply's nonce does not match the request (replay?)");
        }
    }

    private static Enctype enctype(EncType t) throws KerberosClientException {
        return Enctypes.find(t).orElseThrow(() -> new KerberosClientException("unsupported encryption type " + t.name()));
    }
}
