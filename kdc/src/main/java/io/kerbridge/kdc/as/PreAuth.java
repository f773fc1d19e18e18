// RFC 4120 §5.2.7.2 (PA-ENC-TIMESTAMP, key usage 1), §5.2.7.5 (PA-ETYPE-INFO2 in METHOD-DATA e-data of
// KDC_ERR_PREAUTH_REQUIRED), §7.5.9 (PREAUTH_FAILED 24, SKEW 37); MS-KILE 3.3.5.6.1 (timestamp
// validation against MaxClockSkew); MS-SAMR lockout bookkeeping through AccountEvents. FAST (RFC 6113)
// is deliberately not advertised: MIT clients then send plain TGS-REQs.
package io.kerbridge.kdc.as;

import io.kerbridge.directory.Uac;
import io.kerbridge.kdc.KdcContext;
import io.kerbridge.kdc.Rejection;
import io.kerbridge.kdc.Result;
import io.kerbridge.kdc.Status;
import io.kerbridge.kdc.issue.Crypto;
import io.kerbridge.directory.KeySalts;
import io.kerbridge.kerberos.Bytes;
import io.kerbridge.kerberos.asn1.DerException;
import io.kerbridge.kerberos.msg.EncryptedData;
import io.kerbridge.kerberos.msg.EtypeInfo2Entry;
import io.kerbridge.kerberos.msg.KrbCodec;
import io.kerbridge.kerberos.msg.PaCodec;
import io.kerbridge.kerberos.msg.PaData;
import io.kerbridge.kerberos.msg.PaEncTsEnc;
import io.kerbridge.kerberos.types.EncryptionKey;
import io.kerbridge.kerberos.types.ErrorCode;
import io.kerbridge.kerberos.types.KeyUsage;
import io.kerbridge.kerberos.types.PaDataType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Encrypted-timestamp pre-authentication. */
final class PreAuth {
    private final KdcContext ctx;

    PreAuth(KdcContext ctx) {
        this.ctx = ctx;
    }

    Result<Preauth> verify(AsState s) {
        EncryptionKey chosen = ctx.etypes().replyKey(s.client(), s.body().etypes()).orElseThrow();
        int kvno = s.client().currentKeys().orElseThrow().kvno();
        Optional<PaData> pa = s.req().findPadata(PaDataType.PA_ENC_TIMESTAMP);
        if (pa.isEmpty()) {
            if ((s.client().account().userAccountControl() & Uac.DONT_REQ_PREAUTH) != 0) {
                return Result.ok(new Preauth(chosen, kvno, false));
            }
            return Result.refused(new Rejection(ErrorCode.KDC_ERR_PREAUTH_REQUIRED, Status.PREAUTH_REQUIRED,
                    Optional.of(methodData(s, chosen))));
        }
        EncryptedData enc;
        try {
            enc = KrbCodec.decodeEncryptedData(pa.get().value());
        } catch (DerException e) {
            return Result.refused(ErrorCode.KDC_ERR_PREAUTH_FAILED, Status.MALFORMED);
        }
        Optional<EncryptionKey> key = ctx.etypes().usableKeys(s.client()).stream()
                .filter(k -> k.type().equals(enc.etype())).findFirst();
        if (key.isEmpty()) {
            return Result.refused(ErrorCode.KDC_ERR_ETYPE_NOSUPP, Status.PREAUTH_ETYPE_NOSUPP);
        }
        Optional<Bytes> plain = Crypto.decrypt(key.get(), KeyUsage.PA_ENC_TIMESTAMP, enc);
        if (plain.isEmpty()) {
            ctx.events().badPassword(s.client().account().sid(), ctx.clock().instant());
            return Result.refused(ErrorCode.KDC_ERR_PREAUTH_FAILED, Status.PREAUTH_FAILED);
        }
        return checkTimestamp(s, plain.get()).<Result<Preauth>>map(Result::refused).orElseGet(() -> {
            if (s.client().account().lockout().badPwdCount() > 0) {
                ctx.events().goodPassword(s.client().account().sid(), ctx.clock().instant());
            }
            return Result.ok(new Preauth(key.get(), kvno, true));
        });
    }

    private Optional<Rejection> checkTimestamp(AsState s, Bytes plain) {
        PaEncTsEnc ts;
        try {
            ts = PaCodec.decodePaEncTsEnc(plain);
        } catch (DerException e) {
            return Optional.of(Rejection.of(ErrorCode.KDC_ERR_PREAUTH_FAILED, Status.MALFORMED));
        }
        Duration off = Duration.between(ts.paTimestamp(), s.now()).abs();
        return off.compareTo(s.policy().maxClockSkew()) > 0
                ? Optional.of(Rejection.of(ErrorCode.KRB_AP_ERR_SKEW, Status.SKEW)) : Optional.empty();
    }

    /**
     * METHOD-DATA: PA-ETYPE-INFO2 (the entry the KDC will use first, then the account's other requested
     * enctypes in KDC preference; salt from MS-KILE 3.1.1.2) and an empty PA-ENC-TIMESTAMP.
     */
    private Bytes methodData(AsState s, EncryptionKey chosen) {
        return PaCodec.encodeMethodData(List.of(etypeInfo2(s, chosen),
                new PaData(PaDataType.PA_ENC_TIMESTAMP, Bytes.EMPTY)));
    }

    PaData etypeInfo2(AsState s, EncryptionKey chosen) {
        Optional<String> salt = Optional.of(KeySalts.forAccount(s.client().domain(), s.client().account().type(), s.client().account().samAccountName()));
        List<EtypeInfo2Entry> entries = new ArrayList<>();
        entries.add(new EtypeInfo2Entry(chosen.type(), salt, Optional.empty()));
        for (EncryptionKey k : ctx.etypes().usableKeys(s.client())) {
            if (!k.type().equals(chosen.type()) && s.body().etypes().contains(k.type())) {
                entries.add(new EtypeInfo2Entry(k.type(), salt, Optional.empty()));
            }
        }
        return new PaData(PaDataType.PA_ETYPE_INFO2, PaCodec.encodeEtypeInfo2(entries));
    }

    /** PA-ETYPE-INFO2 with only the reply key's entry, for the AS-REP padata. */
    PaData replyEtypeInfo2(AsState s, EncryptionKey replyKey) {
        Optional<String> salt = Optional.of(KeySalts.forAccount(s.client().domain(), s.client().account().type(), s.client().account().samAccountName()));
        return new PaData(PaDataType.PA_ETYPE_INFO2,
                PaCodec.encodeEtypeInfo2(List.of(new EtypeInfo2Entry(replyKey.type(), salt, Optional.empty()))));
    }
}
