package io.kerbridge.kerberos.pac;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kerbridge.kerberos.Bytes;
import io.kerbridge.kerberos.asn1.Der;
import io.kerbridge.kerberos.asn1.DerWriter;
import java.util.EnumSet;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The PAC and the ticket-signature input taken from a real EncTicketPart (Samba vectors). */
class TicketPacTest {
    @ParameterizedTest
    @ValueSource(strings = {SambaVectors.TGT, SambaVectors.SERVICE_AES, SambaVectors.SERVICE_RC4})
    void extractsThePacAndReproducesTheTicketSigningData(String ticket) throws PacException {
        Bytes encTicketPart = SambaVectors.hex(ticket + ".enc-ticket-part.hex");
        assertThat(TicketPac.extract(encTicketPart)).isEqualTo(SambaVectors.pac(ticket));
        // Independent oracle: pyasn1 re-encoding done by testkit/samba-pac/extract.py.
        assertThat(TicketPac.signingData(encTicketPart).hex()).isEqualTo(SambaVectors.ticketSigningData(ticket).hex());
    }

    @Test
    void ticketSignatureVerifiesFromTheEncTicketPartAlone() throws PacException {
        Bytes encTicketPart = SambaVectors.hex(SambaVectors.SERVICE_AES + ".enc-ticket-part.hex");
        Pac pac = Pac.decode(TicketPac.extract(encTicketPart));
        PacVerification v = PacVerifier.verify(pac,
                Optional.of(SambaVectors.key("pacsvc", io.kerbridge.kerberos.types.EncType.AES256_CTS_HMAC_SHA1_96)),
                Optional.of(SambaVectors.krbtgt()), Optional.of(TicketPac.signingData(encTicketPart)));
        assertThat(v.isValid(EnumSet.allOf(PacSignatureKind.class))).isTrue();
    }

    static Bytes adEntry(int type, Bytes data) {
        DerWriter w = new DerWriter();
        int e = w.begin(Der.SEQUENCE);
        int t = w.begin(Der.context(0));
        w.integer(type);
        w.end(t);
        int d = w.begin(Der.context(1));
        w.octetString(data);
        w.end(d);
        w.end(e);
        return w.toBytes();
    }

    static Bytes seqOf(Bytes... entries) {
        DerWriter w = new DerWriter();
        int s = w.begin(Der.SEQUENCE);
        for (Bytes b : entries) {
            w.raw(b);
        }
        w.end(s);
        return w.toBytes();
    }

    static Bytes encTicketPart(Bytes authorizationData) {
        DerWriter w = new DerWriter();
        int a = w.begin(Der.application(3));
        int s = w.begin(Der.SEQUENCE);
        int f = w.begin(Der.context(0));
        w.flags(0);
        w.end(f);
        int ad = w.begin(Der.context(10));
        w.raw(authorizationData);
        w.end(ad);
        w.end(s);
        w.end(a);
        return w.toBytes();
    }

    @Test
    void refusesMissingBareDuplicateAndDeeplyNestedPacs() {
        Bytes pac = Bytes.fromHex("0000000000000000");
        Bytes bare = encTicketPart(seqOf(adEntry(128, pac)));
        assertThatThrownBy(() -> TicketPac.extract(bare)).isInstanceOfSatisfying(PacException.class,
                e -> assertThat(e.reason()).isEqualTo(PacException.Reason.MISSING_BUFFER));
        Bytes two = encTicketPart(seqOf(adEntry(1, seqOf(adEntry(128, pac), adEntry(128, pac)))));
        assertThatThrownBy(() -> TicketPac.extract(two)).isInstanceOfSatisfying(PacException.class,
                e -> assertThat(e.reason()).isEqualTo(PacException.Reason.DUPLICATE_BUFFER));
        Bytes nested = seqOf(adEntry(128, pac));
        for (int i = 0; i < 6; i++) {
            nested = seqOf(adEntry(1, nested));
        }
        Bytes deep = encTicketPart(nested);
        assertThatThrownBy(() -> TicketPac.extract(deep)).isInstanceOfSatisfying(PacException.class,
                e -> assertThat(e.reason()).isEqualTo(PacException.Reason.BAD_VALUE));
        assertThatThrownBy(() -> TicketPac.extract(Bytes.fromHex("6303300100"))).isInstanceOf(PacException.class);
    }

    @Test
    void otherAuthorizationDataIsKeptAsIs() throws PacException {
        Bytes pac = Bytes.fromHex("0102");
        Bytes other = adEntry(141, Bytes.fromHex("aabbcc"));
        Bytes part = encTicketPart(seqOf(other, adEntry(1, seqOf(adEntry(128, pac)))));
        assertThat(TicketPac.extract(part)).isEqualTo(pac);
        Bytes expected = encTicketPart(seqOf(other, adEntry(1, seqOf(adEntry(128, Bytes.fromHex("00"))))));
        assertThat(TicketPac.signingData(part)).isEqualTo(expected);
    }
}
