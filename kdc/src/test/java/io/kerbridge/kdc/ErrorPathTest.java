package io.kerbridge.kdc;

import static io.kerbridge.kdc.KdcClientTest.assertCode;
import static org.assertj.core.api.Assertions.assertThat;

import io.kerbridge.directory.Uac;
import io.kerbridge.kdc.testing.MemoryDirectory;
import io.kerbridge.kdc.testing.TestRealm;
import io.kerbridge.kerberos.Bytes;
import io.kerbridge.kerberos.client.AsRequest;
import io.kerbridge.kerberos.client.KdcReply;
import io.kerbridge.kerberos.client.KeySource;
import io.kerbridge.kerberos.client.TgsRequest;
import io.kerbridge.kerberos.crypto.Checksums;
import io.kerbridge.kerberos.crypto.Enctypes;
import io.kerbridge.kerberos.msg.ApReq;
import io.kerbridge.kerberos.msg.Authenticator;
import io.kerbridge.kerberos.msg.EncryptedData;
import io.kerbridge.kerberos.msg.Encoded;
import io.kerbridge.kerberos.msg.KdcReq;
import io.kerbridge.kerberos.msg.KdcReqBody;
import io.kerbridge.kerberos.msg.KrbCodec;
import io.kerbridge.kerberos.msg.KrbError;
import io.kerbridge.kerberos.msg.PaData;
import io.kerbridge.kerberos.types.Checksum;
import io.kerbridge.kerberos.types.EncType;
import io.kerbridge.kerberos.types.ErrorCode;
import io.kerbridge.kerberos.types.KdcOptions;
import io.kerbridge.kerberos.types.KeyUsage;
import io.kerbridge.kerberos.types.MessageType;
import io.kerbridge.kerberos.types.NameType;
import io.kerbridge.kerberos.types.PaDataType;
import io.kerbridge.kerberos.types.PrincipalName;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Refusals, each with its wire code and audit status. */
class ErrorPathTest {
    TestRealm realm;
    static final PrincipalName HTTP = PrincipalName.of(NameType.NT_SRV_INST, "HTTP", "files.contoso.test");

    @BeforeEach
    void up() {
        realm = new TestRealm();
    }

    @AfterEach
    void down() throws Exception {
        realm.close();
    }

    KdcReply tgt(String user, String pw) throws Exception {
        return tgt(AsRequest.tgt(PrincipalName.user(user), TestRealm.REALM), pw);
    }

    KdcReply tgt(AsRequest req, String pw) throws Exception {
        return realm.client().asExchange(req, KeySource.password(TestRealm.REALM, req.client(), pw.toCharArray()));
    }

    Status lastStatus() {
        return realm.audit.get(realm.audit.size() - 1).status();
    }

    @Test
    void disabledAccountIsRevoked() {
        realm.dir.update(realm.alice.sid(), a -> MemoryDirectory.withUac(a, a.userAccountControl() | Uac.ACCOUNTDISABLE));
        assertCode(() -> tgt("alice", TestRealm.PASSWORD), ErrorCode.KDC_ERR_CLIENT_REVOKED);
        assertThat(lastStatus()).isEqualTo(Status.CLIENT_DISABLED);
    }

    @Test
    void lockedAfterThreeFailuresThenUnlockedAfterDuration() throws Exception {
        for (int i = 0; i < 3; i++) {
            assertCode(() -> tgt("alice", "bad"), ErrorCode.KDC_ERR_PREAUTH_FAILED);
            assertThat(lastStatus()).isEqualTo(Status.PREAUTH_FAILED);
        }
        assertCode(() -> tgt("alice", TestRealm.PASSWORD), ErrorCode.KDC_ERR_CLIENT_REVOKED);
        assertThat(lastStatus()).isEqualTo(Status.CLIENT_LOCKED_OUT);
        realm.clock.advance(Duration.ofMinutes(31));
        assertThat(tgt("alice", TestRealm.PASSWORD).part().flags()).isNotNull();
        assertThat(realm.dir.entry(realm.alice.sid()).account().lockout().badPwdCount()).isZero();
    }

    @Test
    void passwordExpiredOrMustChange() {
        realm.clock.advance(Duration.ofDays(43));
        assertCode(() -> tgt("bob", "Passw0rd!bob"), ErrorCode.KDC_ERR_KEY_EXPIRED);
        assertThat(lastStatus()).isEqualTo(Status.KEY_EXPIRED);
        realm.clock.reset();
        realm.dir.update(realm.bob.sid(), a -> MemoryDirectory.withPwdLastSet(a, Optional.empty()));
        assertCode(() -> tgt("bob", "Passw0rd!bob"), ErrorCode.KDC_ERR_KEY_EXPIRED);
    }

    @Test
    void dontExpirePasswordWins() throws Exception {
        realm.clock.advance(Duration.ofDays(43));
        realm.dir.update(realm.bob.sid(), a -> MemoryDirectory.withUac(a, a.userAccountControl() | Uac.DONT_EXPIRE_PASSWORD));
        assertThat(tgt("bob", "Passw0rd!bob")).isNotNull();
    }

    @Test
    void accountExpired() {
        realm.dir.update(realm.bob.sid(), a -> MemoryDirectory.withExpiry(a, Optional.of(Instant.now().minusSeconds(5))));
        assertCode(() -> tgt("bob", "Passw0rd!bob"), ErrorCode.KDC_ERR_CLIENT_REVOKED);
        assertThat(lastStatus()).isEqualTo(Status.CLIENT_EXPIRED);
    }

    @Test
    void clockSkewOnPreauthAndOnTgs() throws Exception {
        Clock off = Clock.offset(Clock.systemUTC(), Duration.ofMinutes(10));
        PrincipalName c = PrincipalName.user("alice");
        assertCode(() -> realm.client(off).asExchange(AsRequest.tgt(c, TestRealm.REALM),
                KeySource.password(TestRealm.REALM, c, TestRealm.PASSWORD.toCharArray())), ErrorCode.KRB_AP_ERR_SKEW);
        KdcReply tgt = tgt("alice", TestRealm.PASSWORD);
        assertCode(() -> realm.client(off).tgsExchange(TgsRequest.forService(tgt, HTTP, TestRealm.REALM)),
                ErrorCode.KRB_AP_ERR_SKEW);
        assertThat(lastStatus()).isEqualTo(Status.SKEW);
    }

    @Test
    void tgsWithoutBodyChecksumIsInappropriateAndWithWrongOneModified() throws Exception {
        KdcReply tgt = tgt("alice", TestRealm.PASSWORD);
        assertThat(rawTgs(tgt, false, false).errorCode()).isEqualTo(ErrorCode.KRB_AP_ERR_INAPP_CKSUM);
        assertThat(lastStatus()).isEqualTo(Status.INAPP_CKSUM);
        assertThat(rawTgs(tgt, true, true).errorCode()).isEqualTo(ErrorCode.KRB_AP_ERR_MODIFIED);
        assertThat(lastStatus()).isEqualTo(Status.MODIFIED);
    }

    @Test
    void expiredTgt() throws Exception {
        KdcReply tgt = tgt("alice", TestRealm.PASSWORD);
        realm.clock.advance(Duration.ofHours(11));
        assertCode(() -> realm.client().tgsExchange(TgsRequest.forService(tgt, HTTP, TestRealm.REALM)),
                ErrorCode.KRB_AP_ERR_TKT_EXPIRED);
    }

    @Test
    void tgtWithoutPacIsRefused() throws Exception {
        AsRequest noPac = new AsRequest(PrincipalName.user("alice"), TestRealm.REALM,
                PrincipalName.krbtgt(TestRealm.REALM), Duration.ofHours(10), Optional.empty(), true, false,
                AsRequest.DEFAULT_ETYPES, Optional.of(false));
        KdcReply tgt = tgt(noPac, TestRealm.PASSWORD);
        assertCode(() -> realm.client().tgsExchange(TgsRequest.forService(tgt, HTTP, TestRealm.REALM)),
                ErrorCode.KDC_ERR_TGT_REVOKED);
        assertThat(lastStatus()).isEqualTo(Status.NO_PAC);
    }

    @Test
    void disabledAfterTgtIsRefusedAtTgs() throws Exception {
        KdcReply tgt = tgt("alice", TestRealm.PASSWORD);
        realm.dir.update(realm.alice.sid(), a -> MemoryDirectory.withUac(a, a.userAccountControl() | Uac.ACCOUNTDISABLE));
        assertCode(() -> realm.client().tgsExchange(TgsRequest.forService(tgt, HTTP, TestRealm.REALM)),
                ErrorCode.KDC_ERR_CLIENT_REVOKED);
    }

    @Test
    void renewTgt() throws Exception {
        KdcReply tgt = tgt(AsRequest.tgt(PrincipalName.user("alice"), TestRealm.REALM)
                .withLifetime(Duration.ofHours(1), Optional.of(Duration.ofDays(2))), TestRealm.PASSWORD);
        assertThat(tgt.part().renewTill()).isPresent();
        realm.clock.advance(Duration.ofMinutes(30));
        KdcReply renewed = realm.client().tgsExchange(TgsRequest.forService(tgt, PrincipalName.krbtgt(TestRealm.REALM),
                TestRealm.REALM).withOptions(KdcOptions.of(KdcOptions.RENEW)));
        assertThat(renewed.part().endTime()).isAfter(tgt.part().endTime());
        assertThat(renewed.part().renewTill()).isEqualTo(tgt.part().renewTill());
        assertThat(renewed.sessionKey()).isEqualTo(tgt.sessionKey());
        // and the renewed TGT still works
        assertThat(realm.client().tgsExchange(TgsRequest.forService(renewed, HTTP, TestRealm.REALM))).isNotNull();
    }

    @Test
    void notRenewable() throws Exception {
        KdcReply tgt = tgt("alice", TestRealm.PASSWORD);
        assertCode(() -> realm.client().tgsExchange(TgsRequest.forService(tgt, PrincipalName.krbtgt(TestRealm.REALM),
                TestRealm.REALM).withOptions(KdcOptions.of(KdcOptions.RENEW))), ErrorCode.KDC_ERR_BADOPTION);
    }

    @Test
    void etypeNotSupported() {
        PrincipalName c = PrincipalName.user("alice");
        assertCode(() -> realm.client().asExchange(AsRequest.tgt(c, TestRealm.REALM).withEtypes(List.of(EncType.RC4_HMAC)),
                KeySource.password(TestRealm.REALM, c, TestRealm.PASSWORD.toCharArray())), ErrorCode.KDC_ERR_ETYPE_NOSUPP);
    }

    /** A TGS-REQ built by hand: authenticator without checksum, or with one over other bytes. */
    KrbError rawTgs(KdcReply tgt, boolean withChecksum, boolean wrongBytes) throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        KdcReqBody body = new KdcReqBody(KdcOptions.NONE, Optional.empty(), TestRealm.REALM, Optional.of(HTTP),
                Optional.empty(), now.plusSeconds(3600), Optional.empty(), 42, AsRequest.DEFAULT_ETYPES,
                Optional.empty(), Optional.empty(), Optional.empty());
        Bytes bodyDer = KrbCodec.encodeKdcReqBody(body);
        var key = tgt.sessionKey();
        Optional<Checksum> ck = withChecksum ? Optional.of(Checksums.mandatoryFor(key.type()).compute(key,
                KeyUsage.TGS_REQ_AUTH_CKSUM, wrongBytes ? bodyDer.concat(Bytes.of((byte) 0)) : bodyDer)) : Optional.empty();
        Authenticator a = new Authenticator(tgt.clientRealm(), tgt.client(), ck, 0, now, Optional.empty(),
                Optional.empty(), Optional.empty());
        Bytes enc = Enctypes.get(key.type()).encrypt(key, KeyUsage.TGS_REQ_AUTH, KrbCodec.encodeAuthenticator(a),
                new SecureRandom());
        ApReq ap = new ApReq(0, tgt.ticket(), new EncryptedData(key.type(), Optional.empty(), enc));
        KdcReq req = new KdcReq(MessageType.TGS_REQ, Optional.of(List.of(new PaData(PaDataType.PA_TGS_REQ,
                KrbCodec.encodeApReq(ap)))), new Encoded<>(body, bodyDer));
        Bytes reply = realm.kdc.service().handle(KrbCodec.encodeKdcReq(req), false).orElseThrow();
        return KrbCodec.decodeKrbError(reply);
    }
}
