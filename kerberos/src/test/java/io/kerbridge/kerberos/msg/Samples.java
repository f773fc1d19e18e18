package io.kerbridge.kerberos.msg;

import io.kerbridge.kerberos.Bytes;
import io.kerbridge.kerberos.types.AddressType;
import io.kerbridge.kerberos.types.AuthorizationDataEntry;
import io.kerbridge.kerberos.types.AuthzDataType;
import io.kerbridge.kerberos.types.Checksum;
import io.kerbridge.kerberos.types.ChecksumType;
import io.kerbridge.kerberos.types.EncType;
import io.kerbridge.kerberos.types.EncryptionKey;
import io.kerbridge.kerberos.types.ErrorCode;
import io.kerbridge.kerberos.types.HostAddress;
import io.kerbridge.kerberos.types.KdcOptions;
import io.kerbridge.kerberos.types.MessageType;
import io.kerbridge.kerberos.types.PaDataType;
import io.kerbridge.kerberos.types.PrincipalName;
import io.kerbridge.kerberos.types.TicketFlags;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Hand-built instances of every message, with all OPTIONAL fields present, and their encodings. */
final class Samples {
    private Samples() {}

    static final Instant T0 = Instant.parse("2026-11-25T09:00:00Z");
    static final Instant T1 = Instant.parse("2026-11-25T19:00:00Z");
    static final EncryptionKey KEY = new EncryptionKey(EncType.AES256_CTS_HMAC_SHA1_96, new byte[32]);
    static final PrincipalName ALICE = PrincipalName.user("alice");
    static final PrincipalName HTTP = PrincipalName.of(io.kerbridge.kerberos.types.NameType.NT_SRV_INST, "HTTP",
            "files.contoso.test");
    /** kvno of an RODC-issued ticket with RODC number ≥ 32768: negative as a signed Int32. */
    static final int RODC_KVNO = (40000 << 16) | 3;
    static final EncryptedData ENC = EncryptedData.of(EncType.AES256_CTS_HMAC_SHA1_96, RODC_KVNO,
            Bytes.fromHex("00112233445566778899aabbccddeeff0011"));
    static final Ticket TICKET = new Ticket("CONTOSO.TEST", PrincipalName.krbtgt("CONTOSO.TEST"), ENC);
    static final List<HostAddress> ADDRS = List.of(new HostAddress(AddressType.IPV4, Bytes.fromHex("7f000001")));
    static final List<PaData> PADATA = List.of(new PaData(PaDataType.PA_PAC_REQUEST, PaCodec.encodePacRequest(true)),
            new PaData(PaDataType.of(4242), Bytes.fromHex("0102")));

    static KdcReqBody body() {
        return new KdcReqBody(KdcOptions.of(KdcOptions.FORWARDABLE, KdcOptions.CANONICALIZE), Optional.of(ALICE),
                "CONTOSO.TEST", Optional.of(PrincipalName.krbtgt("CONTOSO.TEST")), Optional.of(T0), T1,
                Optional.of(T1), 0x9abcdef0, List.of(EncType.AES256_CTS_HMAC_SHA1_96, EncType.of(99)),
                Optional.of(ADDRS), Optional.of(ENC), Optional.of(List.of(TICKET)));
    }

    static KdcReq tgsReq() {
        KdcReqBody b = body();
        return new KdcReq(MessageType.TGS_REQ, Optional.of(PADATA), new Encoded<>(b, KrbCodec.encodeKdcReqBody(b)));
    }

    static KdcRep asRep() {
        return new KdcRep(MessageType.AS_REP, Optional.of(PADATA), "CONTOSO.TEST", ALICE, TICKET, ENC);
    }

    static EncKdcRepPart encRepPart() {
        return new EncKdcRepPart(EncKdcRepPart.ENC_TGS_REP_PART, KEY, List.of(new LastReq(0, T0)), -5,
                Optional.of(T1), TicketFlags.of(TicketFlags.FORWARDABLE, TicketFlags.ENC_PA_REP), T0,
                Optional.of(T0), T1, Optional.of(T1), "CONTOSO.TEST", PrincipalName.krbtgt("CONTOSO.TEST"),
                Optional.of(ADDRS), Optional.of(List.of(new PaData(PaDataType.KERB_KEY_LIST_REP,
                        PaCodec.encodeKeyListRep(List.of(new EncryptionKey(EncType.RC4_HMAC, new byte[16])))))));
    }

    static EncTicketPart encTicketPart() {
        return new EncTicketPart(TicketFlags.of(TicketFlags.INITIAL, TicketFlags.PRE_AUTHENT), KEY, "CONTOSO.TEST",
                ALICE, TransitedEncoding.EMPTY, T0, Optional.of(T0), T1, Optional.of(T1), Optional.of(ADDRS),
                Optional.of(List.of(PaCodec.wrapPac(Bytes.fromHex("0000000000000000")))));
    }

    static Authenticator authenticator() {
        return new Authenticator("CONTOSO.TEST", ALICE,
                Optional.of(new Checksum(ChecksumType.HMAC_SHA1_96_AES256, Bytes.fromHex("00112233445566778899aabb"))),
                999999, T0, Optional.of(KEY), Optional.of(-1),
                Optional.of(List.of(new AuthorizationDataEntry(AuthzDataType.of(777), Bytes.fromHex("aa")))));
    }

    static KrbError error() {
        return new KrbError(Optional.of(T0), Optional.of(12), T0, 34, ErrorCode.KDC_ERR_PREAUTH_REQUIRED,
                Optional.of("CONTOSO.TEST"), Optional.of(ALICE), "CONTOSO.TEST", PrincipalName.krbtgt("CONTOSO.TEST"),
                Optional.of("NEEDED_PREAUTH"), Optional.of(PaCodec.encodeMethodData(List.of(new PaData(
                        PaDataType.PA_ETYPE_INFO2, PaCodec.encodeEtypeInfo2(List.of(new EtypeInfo2Entry(
                                EncType.AES256_CTS_HMAC_SHA1_96, Optional.of("CONTOSO.TESTalice"),
                                Optional.of(Bytes.fromHex("00001000"))))))))));
    }

    static KrbCred cred() {
        return new KrbCred(List.of(TICKET), ENC);
    }

    static EncKrbCredPart encCredPart() {
        return new EncKrbCredPart(List.of(new KrbCredInfo(KEY, Optional.of("CONTOSO.TEST"), Optional.of(ALICE),
                Optional.of(TicketFlags.of(TicketFlags.FORWARDED)), Optional.of(T0), Optional.of(T0), Optional.of(T1),
                Optional.of(T1), Optional.of("CONTOSO.TEST"), Optional.of(HTTP), Optional.of(ADDRS))),
                Optional.of(7), Optional.of(T0), Optional.of(5), Optional.of(ADDRS.get(0)), Optional.of(ADDRS.get(0)));
    }

    /** Every encodable sample, by name, as DER. */
    static Map<String, Bytes> encodings() {
        return Map.ofEntries(
                Map.entry("tgs-req", KrbCodec.encodeKdcReq(tgsReq())),
                Map.entry("as-rep", KrbCodec.encodeKdcRep(asRep())),
                Map.entry("enc-kdc-rep-part", KrbCodec.encodeEncKdcRepPart(encRepPart())),
                Map.entry("enc-ticket-part", KrbCodec.encodeEncTicketPart(encTicketPart())),
                Map.entry("ap-req", KrbCodec.encodeApReq(new ApReq(1 << 29, TICKET, ENC))),
                Map.entry("ap-rep", KrbCodec.encodeApRep(new ApRep(ENC))),
                Map.entry("enc-ap-rep-part", KrbCodec.encodeEncApRepPart(new EncApRepPart(T0, 5, Optional.of(KEY),
                        Optional.of(0x80000000)))),
                Map.entry("authenticator", KrbCodec.encodeAuthenticator(authenticator())),
                Map.entry("krb-error", KrbCodec.encodeKrbError(error())),
                Map.entry("krb-cred", KrbCodec.encodeKrbCred(cred())),
                Map.entry("enc-krb-cred-part", KrbCodec.encodeEncKrbCredPart(encCredPart())),
                Map.entry("kdc-proxy-message", KrbCodec.encodeKdcProxyMessage(new KdcProxyMessage(
                        Bytes.fromHex("00000002a000"), Optional.of("CONTOSO.TEST"), Optional.of(0)))));
    }

    /** Decodes a sample by name with the matching decoder, re-encoding the result. */
    static Bytes reencode(String name, Bytes der) throws io.kerbridge.kerberos.asn1.DerException {
        return switch (name) {
            case "tgs-req" -> KrbCodec.encodeKdcReq(KrbCodec.decodeKdcReq(der));
            case "as-rep" -> KrbCodec.encodeKdcRep(KrbCodec.decodeKdcRep(der));
            case "enc-kdc-rep-part" -> KrbCodec.encodeEncKdcRepPart(KrbCodec.decodeEncKdcRepPart(der));
            case "enc-ticket-part" -> KrbCodec.encodeEncTicketPart(KrbCodec.decodeEncTicketPart(der));
            case "ap-req" -> KrbCodec.encodeApReq(KrbCodec.decodeApReq(der));
            case "ap-rep" -> KrbCodec.encodeApRep(KrbCodec.decodeApRep(der));
            case "enc-ap-rep-part" -> KrbCodec.encodeEncApRepPart(KrbCodec.decodeEncApRepPart(der));
            case "authenticator" -> KrbCodec.encodeAuthenticator(KrbCodec.decodeAuthenticator(der));
            case "krb-error" -> KrbCodec.encodeKrbError(KrbCodec.decodeKrbError(der));
            case "krb-cred" -> KrbCodec.encodeKrbCred(KrbCodec.decodeKrbCred(der));
            case "enc-krb-cred-part" -> KrbCodec.encodeEncKrbCredPart(KrbCodec.decodeEncKrbCredPart(der));
            case "kdc-proxy-message" -> KrbCodec.encodeKdcProxyMessage(KrbCodec.decodeKdcProxyMessage(der));
            default -> throw new IllegalArgumentException(name);
        };
    }
}
