// notes §2.3-§2.8: the partial-TGT exchange, one test per row of §2.6 plus the §2.8 observations.
package io.kerbridge.kdc;

import static io.kerbridge.kdc.KdcClientTest.assertCode;
import static org.assertj.core.api.Assertions.assertThat;

import io.kerbridge.directory.Account;
import io.kerbridge.directory.GroupSids;
import io.kerbridge.directory.PrincipalEntry;
import io.kerbridge.directory.RodcPolicyView.RevealPolicy;
import io.kerbridge.directory.Uac;
import io.kerbridge.kdc.audit.AuditEvent;
import io.kerbridge.kdc.audit.RodcTrail;
import io.kerbridge.kdc.testing.MemoryDirectory;
import io.kerbridge.kdc.testing.MitTools;
import io.kerbridge.kdc.testing.PartialTgt;
import io.kerbridge.kdc.testing.TestRealm;
import io.kerbridge.kerberos.Bytes;
import io.kerbridge.kerberos.client.AsRequest;
import io.kerbridge.kerberos.client.CcacheCredentials;
import io.kerbridge.kerberos.client.KdcClient;
import io.kerbridge.kerberos.client.KdcReply;
import io.kerbridge.kerberos.client.KeySource;
import io.kerbridge.kerberos.client.TgsRequest;
import io.kerbridge.kerberos.crypto.Enctypes;
import io.kerbridge.kerberos.crypto.NtHash;
import io.kerbridge.kerberos.file.Ccache;
import io.kerbridge.kerberos.msg.EncTicketPart;
import io.kerbridge.kerberos.msg.KrbCodec;
import io.kerbridge.kerberos.msg.PaCodec;
import io.kerbridge.kerberos.msg.PaData;
import io.kerbridge.kerberos.pac.GroupMembership;
import io.kerbridge.kerberos.pac.KerbValidationInfo;
import io.kerbridge.kerberos.pac.Pac;
import io.kerbridge.kerberos.pac.PacBufferType;
import io.kerbridge.kerberos.pac.PacVerifier;
import io.kerbridge.kerberos.pac.Sid;
import io.kerbridge.kerberos.pac.SidAndAttributes;
import io.kerbridge.kerberos.pac.TicketPac;
import io.kerbridge.kerberos.types.EncType;
import io.kerbridge.kerberos.types.EncryptionKey;
import io.kerbridge.kerberos.types.ErrorCode;
import io.kerbridge.kerberos.types.KdcOptions;
import io.kerbridge.kerberos.types.KeyUsage;
import io.kerbridge.kerberos.types.NameType;
import io.kerbridge.kerberos.types.PaDataType;
import io.kerbridge.kerberos.types.PrincipalName;
import io.kerbridge.kerberos.types.TicketFlags;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Partial TGTs minted as the cloud does, exchanged at our KDC (Windows writable DC behaviour). */
class RodcExchangeTest {
    /** The observed Entra object of notes §2.3a: Id 30775, KeyVersion 1585708 -> kvno 2016883244. */
    static final int RODC = 30775;
    static final int KEY_VERSION = 1585708 & 0xFFFF;
    static final PrincipalName HTTP = PrincipalName.of(NameType.NT_SRV_INST, "HTTP", "files.contoso.test");

    TestRealm realm;
    PrincipalEntry rodc;

    @TempDir
    Path tmp;

    @BeforeEach
    void up() {
        realm = new TestRealm();
        rodc = realm.dir.addRodc(RODC, KEY_VERSION);
    }

    @AfterEach
    void down() throws Exception {
        realm.close();
    }

    Instant now() {
        return realm.clock.instant().truncatedTo(ChronoUnit.SECONDS);
    }

    static EncryptionKey aes256(PrincipalEntry e) {
        return e.currentKeys().orElseThrow().key(EncType.AES256_CTS_HMAC_SHA1_96).orElseThrow();
    }

    PartialTgt partial(Account user) {
        return PartialTgt.of(realm.dir.domain(), user, aes256(rodc), rodc.currentKeys().orElseThrow().kvno(), now());
    }

    KdcReply exchange(PartialTgt p, PaData... extra) throws Exception {
        return exchange(realm.client(), p, extra);
    }

    KdcReply exchange(KdcClient client, PartialTgt p, PaData... extra) throws Exception {
        PartialTgt.Minted m = p.mint();
        return client.tgsExchange(PartialTgt.exchange(m, TestRealm.REALM, m.part().cname(), List.of(extra)));
    }

    AuditEvent last() {
        return realm.audit.get(realm.audit.size() - 1);
    }

    void refused(PartialTgt p, ErrorCode code, Status status) {
        assertCode(() -> exchange(p), code);
        assertThat(last().status()).isEqualTo(status);
    }

    Bytes decryptFullTgt(KdcReply r) throws Exception {
        EncryptionKey k = realm.dir.krbtgt().currentKeys().orElseThrow().key(r.ticket().encPart().etype()).orElseThrow();
        return Enctypes.get(k.type()).decrypt(k, KeyUsage.KDC_REP_TICKET, r.ticket().encPart().cipher());
    }

    @Test
    void exchangesForFullTgtWithPacFromTheDirectory() throws Exception {
        PartialTgt p = partial(realm.alice);
        PartialTgt.Minted m = p.mint();
        realm.clock.advance(Duration.ofMinutes(3));
        KdcReply r = realm.client().tgsExchange(PartialTgt.exchange(m, TestRealm.REALM, m.part().cname(), List.of()));
        assertThat(r.ticket().sname()).isEqualTo(PrincipalName.krbtgt(TestRealm.REALM));
        assertThat(r.ticket().encPart().kvno()).contains(1);
        Bytes der = decryptFullTgt(r);
        EncTicketPart full = KrbCodec.decodeEncTicketPart(der);
        assertThat(full.authTime()).isEqualTo(m.part().authTime());
        assertThat(full.endTime()).isEqualTo(m.part().endTime());
        assertThat(full.renewTill()).isEqualTo(m.part().renewTill());
        assertThat(full.startTime()).contains(now());
        assertThat(full.flags().has(TicketFlags.INITIAL)).isFalse();
        assertThat(full.flags().has(TicketFlags.FORWARDABLE)).isTrue();
        assertThat(full.flags().has(TicketFlags.RENEWABLE)).isTrue();
        Pac pac = Pac.decode(TicketPac.extract(der));
        EncryptionKey krbtgt = realm.dir.krbtgt().currentKeys().orElseThrow().key(r.ticket().encPart().etype()).orElseThrow();
        assertThat(PacVerifier.verify(pac, krbtgt, krbtgt).isValid()).isTrue();
        assertThat(pac.kdcSignature().orElseThrow().rodcIdentifier()).isEmpty();
        assertThat(pac.buffers().stream().map(b -> b.type())).containsExactly(PacBufferType.LOGON_INFO,
                PacBufferType.CLIENT_INFO, PacBufferType.UPN_DNS_INFO, PacBufferType.REQUESTOR,
                PacBufferType.SERVER_CHECKSUM, PacBufferType.PRIVSVR_CHECKSUM);
        KerbValidationInfo li = pac.logonInfo().orElseThrow();
        assertThat(li.groupIds().stream().map(GroupMembership::relativeId)).containsExactly(513, 1200, 1201);
        assertThat(li.extraSids().stream().map(SidAndAttributes::sid).map(Object::toString))
                .contains("S-1-18-1", "S-1-5-21-9-9-9-4242");
        assertThat(pac.requestor().orElseThrow().userSid()).isEqualTo(realm.alice.sid());
        assertThat(last().status()).isEqualTo(Status.EXCHANGED);
        assertThat(last().rodc()).contains(new RodcTrail(RODC, KEY_VERSION));
        assertThat(last().line()).isEqualTo("TGS alice@CONTOSO.TEST -> krbtgt/CONTOSO.TEST@CONTOSO.TEST ISSUED"
                + " EXCHANGED rodc=30775 keyVersion=12844");
        // the full TGT is an ordinary TGT from now on
        KdcReply st = realm.client().tgsExchange(TgsRequest.forService(r, HTTP, TestRealm.REALM));
        assertThat(st.part().sname()).isEqualTo(HTTP);
    }

    @Test
    void keyListReturnsTheNtHashAndAesKey() throws Exception {
        KdcReply r = exchange(partial(realm.alice), PartialTgt.keyListReq(EncType.RC4_HMAC,
                EncType.AES256_CTS_HMAC_SHA1_96), PartialTgt.branchAware());
        PaData rep = r.part().findEncryptedPadata(PaDataType.KERB_KEY_LIST_REP).orElseThrow();
        List<EncryptionKey> keys = PaCodec.decodeKeyListRep(rep.value());
        assertThat(keys.get(0)).isEqualTo(NtHash.of(TestRealm.PASSWORD.toCharArray()));
        assertThat(keys.get(1)).isEqualTo(realm.dir.keys(realm.alice.sid()).get(0));
        assertThat(last().status()).isEqualTo(Status.KEY_LIST_RETURNED);
        assertThat(last().line()).doesNotContain(keys.get(0).toString());
    }

    @Test
    void keyListIgnoredForOrdinaryTgtAndForServiceTargets() throws Exception {
        PrincipalName c = PrincipalName.user("alice");
        KdcReply tgt = realm.client().asExchange(AsRequest.tgt(c, TestRealm.REALM),
                KeySource.password(TestRealm.REALM, c, TestRealm.PASSWORD.toCharArray()));
        KdcReply plain = realm.client().tgsExchange(new TgsRequest(tgt.ticket(), tgt.sessionKey(), TestRealm.REALM, c,
                PrincipalName.krbtgt(TestRealm.REALM), TestRealm.REALM, KdcOptions.of(KdcOptions.FORWARDABLE),
                Duration.ofHours(1), AsRequest.DEFAULT_ETYPES, List.of(PartialTgt.keyListReq(EncType.RC4_HMAC))));
        assertThat(plain.part().findEncryptedPadata(PaDataType.KERB_KEY_LIST_REP)).isEmpty();
        assertThat(last().status()).isEqualTo(Status.ISSUED);

        PartialTgt.Minted m = partial(realm.alice).mint();
        TgsRequest toService = new TgsRequest(m.ticket(), m.sessionKey(), TestRealm.REALM, m.part().cname(), HTTP,
                TestRealm.REALM, KdcOptions.of(KdcOptions.FORWARDABLE), Duration.ofHours(1), AsRequest.DEFAULT_ETYPES,
                List.of(PartialTgt.keyListReq(EncType.RC4_HMAC)));
        KdcReply st = realm.client().tgsExchange(toService);
        assertThat(st.part().findEncryptedPadata(PaDataType.KERB_KEY_LIST_REP)).isEmpty();
        assertThat(last().status()).isEqualTo(Status.EXCHANGED);
        EncryptionKey svc = realm.dir.keys(realm.files.sid()).stream()
                .filter(k -> k.type().equals(st.ticket().encPart().etype())).findFirst().orElseThrow();
        Bytes der = Enctypes.get(svc.type()).decrypt(svc, KeyUsage.KDC_REP_TICKET, st.ticket().encPart().cipher());
        Pac pac = Pac.decode(TicketPac.extract(der));
        assertThat(pac.logonInfo().orElseThrow().groupIds().stream().map(GroupMembership::relativeId))
                .containsExactly(513, 1200, 1201);
        assertThat(pac.requestor()).isEmpty();
    }

    @Test
    void rodcNumberAbove32767TravelsAsNegativeInt32() throws Exception {
        PrincipalEntry high = realm.dir.addRodc(40000, 7);
        int kvno = high.currentKeys().orElseThrow().kvno();
        assertThat(kvno).isNegative();
        PartialTgt p = PartialTgt.of(realm.dir.domain(), realm.alice, aes256(high), kvno, now());
        PartialTgt.Minted m = p.mint();
        String hex = KrbCodec.encodeTicket(m.ticket()).hex().toLowerCase();
        assertThat(hex).as("kvno [1] INTEGER, 4 bytes 0x9C400007").contains("a10602049c400007");
        KdcReply r = exchange(p);
        assertThat(r.ticket().sname()).isEqualTo(PrincipalName.krbtgt(TestRealm.REALM));
        assertThat(last().rodc()).contains(new RodcTrail(40000, 7));
    }

    @Test
    void unknownRodcNumber() {
        PartialTgt p = PartialTgt.of(realm.dir.domain(), realm.alice, aes256(rodc), (RODC + 1) << 16 | KEY_VERSION,
                now());
        refused(p, ErrorCode.KDC_ERR_S_PRINCIPAL_UNKNOWN, Status.RODC_UNKNOWN);
    }

    @Test
    void wrongKeyOrPacSignedWithAnotherKey() throws Exception {
        EncryptionKey other = Enctypes.get(EncType.AES256_CTS_HMAC_SHA1_96).generateKey(new SecureRandom());
        PartialTgt p = PartialTgt.of(realm.dir.domain(), realm.alice, other, rodc.currentKeys().orElseThrow().kvno(),
                now());
        refused(p, ErrorCode.KRB_AP_ERR_BAD_INTEGRITY, Status.BAD_INTEGRITY);
        refused(partial(realm.alice).pacKey(other), ErrorCode.KRB_AP_ERR_BAD_INTEGRITY, Status.PAC_BAD_SIGNATURE);
    }

    @Test
    void unknownKeyVersion() {
        PartialTgt p = PartialTgt.of(realm.dir.domain(), realm.alice, aes256(rodc), RODC << 16 | (KEY_VERSION + 5),
                now());
        refused(p, ErrorCode.KRB_AP_ERR_BADKEYVER, Status.UNKNOWN_KVNO);
    }

    @Test
    void previousKeyAcceptedAfterOneRotationNotAfterTwo() throws Exception {
        PartialTgt old = partial(realm.alice);
        realm.dir.rotateRodc(RODC);
        exchange(old);
        assertThat(last().status()).isEqualTo(Status.EXCHANGED);
        realm.dir.rotateRodc(RODC);
        refused(old, ErrorCode.KRB_AP_ERR_BADKEYVER, Status.UNKNOWN_KVNO);
    }

    @Test
    void pacMissingOrWithoutRequesterOrForeignRequester() {
        refused(partial(realm.alice).noPac(), ErrorCode.KDC_ERR_TGT_REVOKED, Status.NO_PAC);
        refused(partial(realm.alice).requester(Optional.empty()), ErrorCode.KDC_ERR_TGT_REVOKED,
                Status.NO_REQUESTER_SID);
        refused(partial(realm.alice).requester(Optional.of(realm.bob.sid())), ErrorCode.KDC_ERR_TGT_REVOKED,
                Status.REQUESTER_SID_MISMATCH);
    }

    @Test
    void partialPacContentsAreNotTrusted() throws Exception {
        KdcReply r = exchange(partial(realm.alice).logonSid(realm.bob.sid()));
        Pac pac = Pac.decode(TicketPac.extract(decryptFullTgt(r)));
        assertThat(pac.logonInfo().orElseThrow().userSid()).contains(realm.alice.sid());
    }

    @Test
    void pacWithoutRodcIdentifierAccepted() throws Exception {
        exchange(partial(realm.alice).noRodcId());
        assertThat(last().status()).isEqualTo(Status.EXCHANGED);
    }

    @Test
    void garbageOrTruncatedPacIsRevokedNeverACrash() throws Exception {
        Bytes good = partial(realm.alice).mint().part().authorizationData().map(ad -> {
            try {
                return io.kerbridge.kerberos.msg.PaCodec.findPac(ad).orElseThrow();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).orElseThrow();
        for (Bytes bad : List.of(Bytes.wrap(new byte[] {1, 2, 3}), good.slice(0, good.length() / 2),
                Bytes.wrap(new byte[200]))) {
            assertCode(() -> exchange(partial(realm.alice).rawPac(bad)), ErrorCode.KDC_ERR_TGT_REVOKED);
            assertThat(last().status()).isIn(Status.PAC_INVALID, Status.NO_PAC);
        }
        exchange(partial(realm.alice));
        assertThat(last().status()).isEqualTo(Status.EXCHANGED);
    }

    @Test
    void domainAdminsAndAdministratorsAreNeverRevealed() {
        Account admin = realm.dir.addUser("da", "Passw0rd!da", 512);
        // Denied RODC PRG (572) contains Domain Admins: transitively in the token
        realm.dir.setGroups(admin.sid(), new GroupSids(List.of(512L, 572L), List.of(), List.of()));
        refused(partial(admin), ErrorCode.KDC_ERR_TGT_REVOKED, Status.PRP_DENIED);
        Account administrator = realm.dir.addUser("admin2", "Passw0rd!ad");
        realm.dir.setGroups(administrator.sid(), new GroupSids(List.of(), List.of(Sid.parse("S-1-5-32-544")),
                List.of()));
        refused(partial(administrator), ErrorCode.KDC_ERR_TGT_REVOKED, Status.PRP_DENIED);
    }

    @Test
    void userInNeitherGroupIsNotAllowed() {
        Sid allowed = realm.dir.domain().sidWithRid(571);
        RevealPolicy d = realm.dir.revealPolicy(RODC).orElseThrow();
        realm.dir.setRevealPolicy(new RevealPolicy(RODC, true, true, d.neverReveal(), List.of(allowed)));
        refused(partial(realm.alice), ErrorCode.KDC_ERR_TGT_REVOKED, Status.PRP_NOT_ALLOWED);
    }

    @Test
    void rodcObjectWithoutPartialSecretsOrRemoved() {
        RevealPolicy d = realm.dir.revealPolicy(RODC).orElseThrow();
        realm.dir.setRevealPolicy(new RevealPolicy(RODC, true, false, d.neverReveal(), d.revealOnDemand()));
        refused(partial(realm.alice), ErrorCode.KDC_ERR_POLICY, Status.RODC_NO_PARTIAL_SECRETS);
        realm.dir.removeRodcComputer(RODC);
        refused(partial(realm.alice), ErrorCode.KDC_ERR_POLICY, Status.RODC_NOT_LINKED);
        PartialTgt p = partial(realm.alice);
        realm.dir.removeRodc(RODC);
        refused(p, ErrorCode.KDC_ERR_S_PRINCIPAL_UNKNOWN, Status.RODC_UNKNOWN);
    }

    @Test
    void accountState() {
        realm.dir.update(realm.alice.sid(), a -> MemoryDirectory.withUac(a, a.userAccountControl() | Uac.ACCOUNTDISABLE));
        refused(partial(realm.alice), ErrorCode.KDC_ERR_CLIENT_REVOKED, Status.CLIENT_DISABLED);
        realm.dir.update(realm.bob.sid(), a -> MemoryDirectory.withPwdLastSet(a, Optional.empty()));
        refused(partial(realm.bob), ErrorCode.KDC_ERR_KEY_EXPIRED, Status.KEY_EXPIRED);
        Account carol = realm.dir.addUser("carol", "Passw0rd!carol");
        realm.dir.update(carol.sid(), a -> MemoryDirectory.withLockout(a,
                new Account.LockoutState(3, Optional.of(now()), Optional.of(now()))));
        refused(partial(carol), ErrorCode.KDC_ERR_CLIENT_REVOKED, Status.CLIENT_LOCKED_OUT);
        Account dave = realm.dir.addUser("dave", "Passw0rd!dave");
        PartialTgt p = partial(dave);
        realm.dir.removeAccount(dave.sid());
        refused(p, ErrorCode.KDC_ERR_C_PRINCIPAL_UNKNOWN, Status.CLIENT_NOT_FOUND);
    }

    @Test
    void expiredPartialTgt() {
        refused(partial(realm.alice).times(now().minus(Duration.ofHours(9)), Duration.ofHours(8)),
                ErrorCode.KRB_AP_ERR_TKT_EXPIRED, Status.TKT_EXPIRED);
    }

    @Test
    void s4uSelfAndRenewalRefused() {
        PartialTgt.Minted m = partial(realm.alice).mint();
        TgsRequest s4u = new TgsRequest(m.ticket(), m.sessionKey(), TestRealm.REALM, m.part().cname(), HTTP,
                TestRealm.REALM, KdcOptions.of(KdcOptions.FORWARDABLE), Duration.ofHours(1), AsRequest.DEFAULT_ETYPES,
                List.of(new PaData(PaDataType.PA_FOR_USER, Bytes.wrap(new byte[] {0x30, 0}))));
        assertCode(() -> realm.client().tgsExchange(s4u), ErrorCode.KDC_ERR_C_PRINCIPAL_UNKNOWN);
        assertThat(last().status()).isEqualTo(Status.RODC_S4U);
        TgsRequest renew = PartialTgt.exchange(m, TestRealm.REALM, m.part().cname(), List.of())
                .withOptions(KdcOptions.of(KdcOptions.RENEW));
        assertCode(() -> realm.client().tgsExchange(renew), ErrorCode.KDC_ERR_BADOPTION);
        assertThat(last().status()).isEqualTo(Status.RODC_RENEW);
    }

    @Test
    void withoutRodcViewRodcTicketsAreRefusedAsBefore() throws Exception {
        KdcService plain = new KdcService(KdcConfig.loopback().withAudit(realm.audit::add), realm.dir, realm.dir,
                realm.clock);
        KdcClient client = new KdcClient((r, req) -> plain.handle(req, false).orElseThrow(), realm.clock,
                new SecureRandom());
        assertCode(() -> exchange(client, partial(realm.alice)), ErrorCode.KDC_ERR_POLICY);
        assertThat(last().status()).isEqualTo(Status.RODC_TGT_NOT_SUPPORTED);
    }

    @Test
    void mitToolsUseTheFullTgt() throws Exception {
        KdcReply r = exchange(partial(realm.alice));
        Path cc = tmp.resolve("cc");
        new Ccache(r.client(), r.clientRealm(), List.of(CcacheCredentials.from(r)), List.of(), Optional.empty())
                .write(cc);
        Path conf = realm.krb5Conf(tmp);
        MitTools.Result klist = MitTools.run(conf, cc, null, "klist", "-c", cc.toString());
        assertThat(klist.stdout()).as(klist.toString()).contains("Default principal: alice@CONTOSO.TEST")
                .contains("krbtgt/CONTOSO.TEST@CONTOSO.TEST");
        MitTools.Result kvno = MitTools.run(conf, cc, null, "kvno", "HTTP/files.contoso.test");
        assertThat(kvno.ok()).as(kvno.toString()).isTrue();
        assertThat(kvno.stdout()).contains("HTTP/files.contoso.test@CONTOSO.TEST: kvno = 2");
    }
}
