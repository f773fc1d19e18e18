package io.kerbridge.kerberos.gss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kerbridge.kerberos.Bytes;
import io.kerbridge.kerberos.gss.AcceptException.Reason;
import io.kerbridge.kerberos.gss.Spnego.NegState;
import io.kerbridge.kerberos.gss.Spnego.NegTokenInit;
import io.kerbridge.kerberos.gss.Spnego.NegTokenResp;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SpnegoCodecTest {
    @Test
    void oids() {
        assertThat(Oid.KRB5.der().hex()).isEqualTo("2a864886f712010202");
        assertThat(Oid.MS_KRB5.der().hex()).isEqualTo("2a864882f712010202");
        assertThat(Oid.SPNEGO.der().hex()).isEqualTo("2b0601050502");
        assertThat(Oid.NTLMSSP.toString()).isEqualTo("1.3.6.1.4.1.311.2.2.10");
        assertThat(Oid.MS_KRB5.toString()).isEqualTo("1.2.840.48018.1.2.2");
        assertThat(new Oid(Bytes.fromHex("2a86")).toString()).isEqualTo("1.2.?");
        assertThat(Oid.KRB5.isKerberos() && Oid.MS_KRB5.isKerberos() && !Oid.SPNEGO.isKerberos()).isTrue();
    }

    /** The accept-completed reply, byte for byte (RFC 4178 §4.2.2; ENUMERATED 0, the krb5 OID, the token). */
    @Test
    void negTokenRespGolden() throws Exception {
        NegTokenResp r = new NegTokenResp(Optional.of(NegState.ACCEPT_COMPLETED), Optional.of(Oid.KRB5),
                Optional.of(Bytes.fromHex("0102")), Optional.empty());
        Bytes der = Spnego.encodeResp(r);
        assertThat(der.hex()).isEqualTo("a11a3018a0030a0100a10b06092a864886f712010202a20404020102");
        assertThat(Spnego.decodeNegotiationToken(der)).isEqualTo(r);
        // The smallest reply a server may send without mutual authentication (seen from IIS): oQcwBaADCgEA.
        assertThat(Spnego.decodeNegotiationToken(Bytes.wrap(Base64.getDecoder().decode("oQcwBaADCgEA"))))
                .isEqualTo(new NegTokenResp(Optional.of(NegState.ACCEPT_COMPLETED), Optional.empty(),
                        Optional.empty(), Optional.empty()));
    }

    @Test
    void negTokenInitRoundTripAndNegTokenInit2() throws Exception {
        NegTokenInit init = new NegTokenInit(List.of(Oid.MS_KRB5, Oid.KRB5, Oid.NTLMSSP), Optional.of(0x60000000),
                Optional.of(Bytes.fromHex("6000")), Optional.of(Bytes.fromHex("aa")));
        Bytes token = Spnego.encodeInitial(init);
        assertThat(token.hex()).startsWith("60").contains("06062b0601050502a0");
        assertThat(Spnego.decodeInitial(token)).isEqualTo(init);

        // MS-SPNG 2.2.1 NegTokenInit2: negHints in [3] is skipped.
        Bytes init2 = Bytes.wrap(Base64.getDecoder().decode(
                "oEkwR6AZMBcGCSqGSIb3EgECAgYKKwYBBAGCNwICCqMqMCigJhskbm90X2RlZmluZWRfaW5fUkZDNDE3OEBwbGVhc2VfaWdub3Jl"));
        NegTokenInit hinted = (NegTokenInit) Spnego.decodeNegotiationToken(init2);
        assertThat(hinted.mechTypes()).containsExactly(Oid.KRB5, Oid.NTLMSSP);
        assertThat(hinted.mechToken()).isEmpty();
        assertThat(hinted.mechListMic()).isEmpty();
    }

    @Test
    void malformedSpnego() {
        for (String hex : new String[] {"a000", "a2023000", "a1053003a00100", "a1083006a0030a0104",
                "a1083006a1040602ff80", "a003300100", "a0043002a000"}) {
            assertThatThrownBy(() -> Spnego.decodeNegotiationToken(Bytes.fromHex(hex)))
                    .as(hex).isInstanceOfSatisfying(AcceptException.class,
                            e -> assertThat(e.reason()).isEqualTo(Reason.MALFORMED));
        }
        assertThatThrownBy(() -> Spnego.decodeInitial(GssTokens.frame(Oid.KRB5, Bytes.fromHex("0100"))))
                .isInstanceOfSatisfying(AcceptException.class, e -> assertThat(e.reason()).isEqualTo(Reason.BAD_MECH));
    }

    @Test
    void krb5Framing() throws Exception {
        Bytes t = GssTokens.encodeKrb5ApRep(Oid.KRB5, Bytes.fromHex("6f00"));
        assertThat(t.hex()).isEqualTo("600f06092a864886f7120102020200" + "6f00");
        assertThat(GssTokens.unframe(t).inner().hex()).isEqualTo("02006f00");
        assertThatThrownBy(() -> GssTokens.decodeKrb5ApReq(t)).isInstanceOfSatisfying(AcceptException.class,
                e -> assertThat(e.reason()).isEqualTo(Reason.MALFORMED)); // TOK_ID 02 00 is not an AP-REQ
        assertThatThrownBy(() -> GssTokens.decodeKrb5ApReq(GssTokens.frame(Oid.NTLMSSP, Bytes.fromHex("0100"))))
                .isInstanceOfSatisfying(AcceptException.class, e -> assertThat(e.reason()).isEqualTo(Reason.BAD_MECH));
    }
}
