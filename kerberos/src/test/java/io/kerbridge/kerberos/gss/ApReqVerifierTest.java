package io.kerbridge.kerberos.gss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kerbridge.kerberos.Bytes;
import io.kerbridge.kerberos.crypto.Enctypes;
import io.kerbridge.kerberos.gss.AcceptException.Reason;
import io.kerbridge.kerberos.msg.ApRep;
import io.kerbridge.kerberos.msg.ApReq;
import io.kerbridge.kerberos.msg.EncApRepPart;
import io.kerbridge.kerberos.msg.KrbCodec;
import io.kerbridge.kerberos.types.Checksum;
import io.kerbridge.kerberos.types.ChecksumType;
import io.kerbridge.kerberos.types.KeyUsage;
import io.kerbridge.kerberos.types.PrincipalName;
import io.kerbridge.kerberos.types.TicketFlags;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class ApReqVerifierTest {
    private final FakeInitiator ini = new FakeInitiator(42);

    private AcceptedContext verify(Consumer<FakeInitiator.Req> setup) throws AcceptException {
        FakeInitiator.Req r = ini.req();
        setup.accept(r);
        return ini.verifier().build().verify(r.apReq());
    }

    private static Clock at(Instant t) {
        return Clock.fixed(t, ZoneOffset.UTC);
    }

    private void refused(Reason reason, Consumer<FakeInitiator.Req> setup) {
        assertThatThrownBy(() -> verify(setup)).isInstanceOfSatisfying(AcceptException.class,
                e -> assertThat(e.reason()).as(e.getMessage()).isEqualTo(reason));
    }

    @Test
    void acceptsAndReportsTheContext() throws Exception {
        FakeInitiator.Req r = ini.req();
        ApReq req = r.apReq();
        ApReqVerifier v = ini.verifier().build();
        AcceptedContext ctx = v.verify(KrbCodec.encodeApReq(req));
        assertThat(ctx.clientName()).isEqualTo("alice@FAKE.TEST");
        assertThat(ctx.server()).isEqualTo(FakeInitiator.SERVICE);
        assertThat(ctx.sessionKey()).isEqualTo(r.sessionKey);
        assertThat(ctx.subkey()).isPresent();
        assertThat(ctx.contextKey()).isEqualTo(ctx.subkey().get());
        assertThat(ctx.gssFlags().mutual()).isTrue();
        assertThat(ctx.gssFlags().delegation()).isFalse();
        assertThat(ctx.ticketFlags().has(TicketFlags.FORWARDABLE)).isTrue();
        assertThat(ctx.endTime()).isEqualTo(r.endTime.truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
        assertThat(ctx.pac()).isEmpty();
        assertThat(ctx.delegated()).isEmpty();
        assertThat(ctx.initiatorSeq()).isPresent();
        assertThat(ctx.acceptorSeq()).isBetween(0, 0x3FFFFFFF);

        // The AP-REP decrypts with the session key (usage 12) and echoes ctime/cusec (RFC 4120 §3.2.4).
        ApRep rep = KrbCodec.decodeApRep(v.apRep(ctx));
        Bytes plain = Enctypes.get(r.sessionKey.type()).decrypt(r.sessionKey, KeyUsage.AP_REP_ENC_PART,
                rep.encPart().cipher());
        EncApRepPart part = KrbCodec.decodeEncApRepPart(plain);
        assertThat(part.ctime()).isEqualTo(ctx.ctime());
        assertThat(part.cusec()).isEqualTo(123456);
        assertThat(part.seqNumber()).contains(ctx.acceptorSeq());
        assertThat(part.subkey()).isEmpty();
    }

    @Test
    void replayOfTheSameAuthenticatorIsRefused() throws Exception {
        ApReq req = ini.req().apReq();
        ApReqVerifier v = ini.verifier().build();
        v.verify(req);
        assertThatThrownBy(() -> v.verify(req)).isInstanceOfSatisfying(AcceptException.class,
                e -> assertThat(e.reason()).isEqualTo(Reason.REPLAY));
        // A new authenticator with the same ticket is fine.
        assertThat(ini.verifier().build().verify(req)).isNotNull();
    }

    @Test
    void replayCacheExpiresAfterTheSkewAndRefusesWhenFull() {
        ReplayCache c = new ReplayCache(2, Duration.ofMinutes(5));
        Instant t = Instant.parse("2026-11-25T10:00:00Z");
        var a = new ReplayCache.Entry("a@R", t, 1, Bytes.of((byte) 1));
        var b = new ReplayCache.Entry("b@R", t, 1, Bytes.of((byte) 1));
        var d = new ReplayCache.Entry("d@R", t, 1, Bytes.of((byte) 1));
        assertThat(c.record(a, t)).isEqualTo(ReplayCache.Outcome.FRESH);
        assertThat(c.record(a, t.plusSeconds(10))).isEqualTo(ReplayCache.Outcome.REPLAY);
        assertThat(c.record(b, t)).isEqualTo(ReplayCache.Outcome.FRESH);
        assertThat(c.record(d, t.plusSeconds(1))).isEqualTo(ReplayCache.Outcome.FULL);
        assertThat(c.record(d, t.plusSeconds(301))).isEqualTo(ReplayCache.Outcome.FRESH);
        assertThat(c.size()).isEqualTo(1);
    }

    @Test
    void clockSkewIsCheckedAgainstTheInjectedClock() throws Exception {
        ApReq req = ini.req().apReq();
        Instant ctime = Instant.now();
        assertThatThrownBy(() -> ini.verifier().clock(at(ctime.plusSeconds(301))).build().verify(req))
                .isInstanceOfSatisfying(AcceptException.class, e -> assertThat(e.reason()).isEqualTo(Reason.SKEW));
        assertThatThrownBy(() -> ini.verifier().clock(at(ctime.minusSeconds(400))).build().verify(req))
                .isInstanceOfSatisfying(AcceptException.class, e -> assertThat(e.reason()).isEqualTo(Reason.SKEW));
        assertThat(ini.verifier().clock(at(ctime.plusSeconds(290))).build().verify(req)).isNotNull();
        assertThat(ini.verifier().skew(Duration.ofMinutes(30)).clock(at(ctime.plusSeconds(1500))).build()
                .verify(req)).isNotNull();
    }

    @Test
    void ticketTimesAreChecked() {
        Instant now = Instant.now();
        refused(Reason.TKT_EXPIRED, r -> r.endTime = now.minusSeconds(400));
        refused(Reason.TKT_NOT_YET_VALID, r -> r.startTime = Optional.of(now.plusSeconds(400)));
        refused(Reason.TKT_NOT_YET_VALID, r -> r.flags = TicketFlags.of(TicketFlags.INVALID));
    }

    @Test
    void expiredTicketWithinSkewIsAccepted() throws Exception {
        assertThat(verify(r -> r.endTime = Instant.now().minusSeconds(60))).isNotNull();
    }

    @Test
    void serverAndKeySelection() {
        refused(Reason.WRONG_SERVER, r -> r.sname = PrincipalName.parse("HTTP/other.example.test"));
        refused(Reason.WRONG_SERVER, r -> r.srealm = "OTHER.TEST");
        refused(Reason.NO_KEY, r -> r.ticketKvno = Optional.of(4));
        refused(Reason.NO_KEY, r -> r.ticketKey = Enctypes.find(io.kerbridge.kerberos.types.EncType.AES128_CTS_HMAC_SHA1_96)
                .orElseThrow().generateKey(ini.random));
        refused(Reason.BAD_INTEGRITY, r -> r.ticketKey = Enctypes.find(FakeInitiator.ETYPE).orElseThrow()
                .generateKey(ini.random));
    }

    @Test
    void anyPrincipalOfTheKeySourceWhenNoneIsConfigured() throws Exception {
        ApReq req = ini.req().apReq();
        assertThat(ApReqVerifier.builder(ini.keys()).build().verify(req).server()).isEqualTo(FakeInitiator.SERVICE);
    }

    @Test
    void clientNamesMustMatch() {
        refused(Reason.CLIENT_MISMATCH, r -> r.authCname = PrincipalName.user("mallory"));
        refused(Reason.CLIENT_MISMATCH, r -> r.authCrealm = "OTHER.TEST");
    }

    @Test
    void gssChecksumIsRequiredAndParsed() {
        refused(Reason.BAD_CHECKSUM, r -> r.checksumOverride = Optional.empty());
        refused(Reason.BAD_CHECKSUM, r -> r.checksumOverride = Optional.of(
                new Checksum(ChecksumType.HMAC_SHA1_96_AES256, Bytes.wrap(new byte[12]))));
        refused(Reason.BAD_CHECKSUM, r -> r.checksumOverride = Optional.of(
                new Checksum(ChecksumType.GSSAPI, Bytes.wrap(new byte[23]))));
        byte[] badLgth = GssChecksum.encode(Bytes.wrap(new byte[16]), 2, Optional.empty()).toByteArray();
        badLgth[0] = 17;
        refused(Reason.BAD_CHECKSUM, r -> r.checksumOverride = Optional.of(
                new Checksum(ChecksumType.GSSAPI, Bytes.wrap(badLgth))));
        byte[] delegFlagOnly = GssChecksum.encode(Bytes.wrap(new byte[16]), GssFlags.DELEG, Optional.empty())
                .toByteArray();
        refused(Reason.BAD_CHECKSUM, r -> r.checksumOverride = Optional.of(
                new Checksum(ChecksumType.GSSAPI, Bytes.wrap(delegFlagOnly))));
    }

    @Test
    void channelBindingsWhenRequired() throws Exception {
        ChannelBindings cb = ChannelBindings.ofApplicationData(Bytes.ascii("tls-server-end-point:abc"));
        FakeInitiator.Req r = ini.req();
        r.bindings = cb.md5();
        ApReq good = r.apReq();
        assertThat(ini.verifier().channelBindings(cb).build().verify(good)).isNotNull();
        FakeInitiator.Req none = ini.req();
        assertThatThrownBy(() -> ini.verifier().channelBindings(cb).build().verify(none.apReq()))
                .isInstanceOfSatisfying(AcceptException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.BAD_BINDINGS));
        // Without configured bindings, whatever the initiator sent is accepted (MIT behaviour).
        assertThat(ini.verifier().build().verify(good)).isNotNull();
    }

    @Test
    void delegatedCredentialsAreDecrypted() throws Exception {
        for (boolean encrypted : new boolean[] {true, false}) {
            AcceptedContext ctx = verify(r -> r.delegation = Optional.of(r.krbCred(encrypted)));
            assertThat(ctx.gssFlags().delegation()).isTrue();
            assertThat(ctx.delegated()).isPresent();
            assertThat(ctx.delegated().get().tickets().get(0).sname().isKrbtgt()).isTrue();
            assertThat(ctx.delegated().get().encPart().ticketInfo().get(0).pname()).contains(FakeInitiator.CLIENT);
        }
        refused(Reason.BAD_DELEGATION, r -> r.delegation = Optional.of(Bytes.ascii("not a KRB-CRED")));
        refused(Reason.BAD_DELEGATION, r -> {
            FakeInitiator.Req other = ini.req();
            r.delegation = Optional.of(other.krbCred(true)); // encrypted in another session key
        });
    }

    @Test
    void userToUserIsRefused() {
        refused(Reason.USER_TO_USER, r -> r.apOptions = 1 << (31 - ApReq.USE_SESSION_KEY));
    }

    @Test
    void tamperedCiphertextIsBadIntegrity() {
        ApReq req = ini.req().apReq();
        byte[] c = req.ticket().encPart().cipher().toByteArray();
        c[c.length / 2] ^= 1;
        ApReq bad = new ApReq(req.apOptions(), new io.kerbridge.kerberos.msg.Ticket(req.ticket().realm(),
                req.ticket().sname(), new io.kerbridge.kerberos.msg.EncryptedData(req.ticket().encPart().etype(),
                        req.ticket().encPart().kvno(), Bytes.wrap(c))), req.authenticator());
        assertThatThrownBy(() -> ini.verifier().build().verify(bad)).isInstanceOfSatisfying(AcceptException.class,
                e -> assertThat(e.reason()).isEqualTo(Reason.BAD_INTEGRITY));
    }
}
