package io.kerbridge.kdc.kpasswd;

import static org.assertj.core.api.Assertions.assertThat;

import io.kerbridge.directory.PasswordChange.Result;
import io.kerbridge.kerberos.Bytes;
import io.kerbridge.kerberos.types.EncType;
import io.kerbridge.kerberos.types.EncryptionKey;
import io.kerbridge.kerberos.types.ErrorCode;
import io.kerbridge.kerberos.types.NameType;
import io.kerbridge.kerberos.types.PrincipalName;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * KpasswdService (RFC 3244 §2; RFC 4120 §3.2.3 AP-REQ checks, §5.7 KRB-PRIV) against in-memory
 * doubles and a Java client built like MIT's.
 */
class KpasswdServiceTest {
    static final String REALM = "CONTOSO.TEST";
    static final InetSocketAddress FROM = new InetSocketAddress("127.0.0.1", 40000);
    static final int KVNO = 3;

    TestDirectory dir;
    EncryptionKey serviceKey;
    KpasswdService service;

    @BeforeEach
    void setUp() {
        dir = new TestDirectory(REALM);
        dir.addUser("alice", false);
        dir.addUser("admin", true);
        dir.addUser("bob", false);
        dir.addDisabledUser("carol");
        serviceKey = KpasswdTestClient.randomKey(EncType.AES256_CTS_HMAC_SHA1_96);
        dir.setChangepwKeys(List.of(TestDirectory.keyVersion(KVNO, serviceKey,
                KpasswdTestClient.randomKey(EncType.AES128_CTS_HMAC_SHA1_96))));
        service = new KpasswdService(dir, dir);
    }

    KpasswdTestClient client(String user, boolean initial) {
        return KpasswdTestClient.minted(REALM, serviceKey, KVNO, user, initial);
    }

    KpasswdTestClient.Reply send(KpasswdTestClient c, Bytes request) throws Exception {
        Optional<Bytes> reply = service.handle(request, FROM);
        assertThat(reply).as("a reply").isPresent();
        return c.readReply(reply.get());
    }

    @Test
    void changeOwnPasswordSucceeds() throws Exception {
        KpasswdTestClient c = client("alice", true);
        KpasswdTestClient.Reply r = send(c, c.changeRequest("N3w-Passwörd"));
        assertThat(r.isError()).isFalse();
        assertThat(r.result()).isEqualTo(KpasswdResult.SUCCESS);
        assertThat(r.apRepSeq()).isPresent();
        assertThat(r.privSeq()).isEqualTo(r.apRepSeq());
        assertThat(dir.callsSnapshot()).containsExactly(
                new TestDirectory.Call("change", dir.sidOf("alice").orElseThrow(), "N3w-Passwörd", false));
    }

    @Test
    void withoutSubkeyTheSessionKeyProtectsThePriv() throws Exception {
        KpasswdTestClient c = client("alice", true);
        c.useSubkey = false;
        c.authSeq = Optional.empty();
        assertThat(send(c, c.changeRequest("An0ther-pass")).result()).isEqualTo(KpasswdResult.SUCCESS);
    }

    @ParameterizedTest
    @ValueSource(ints = {17, 18, 19, 20, 23})
    void everyEnctypeWorks(int etype) throws Exception {
        EncryptionKey k = KpasswdTestClient.randomKey(EncType.of(etype));
        dir.setChangepwKeys(List.of(TestDirectory.keyVersion(9, k)));
        KpasswdTestClient c = KpasswdTestClient.minted(REALM, k, 9, "alice", true);
        assertThat(send(c, c.changeRequest("Passw0rd-" + etype)).result()).isEqualTo(KpasswdResult.SUCCESS);
    }

    @Test
    void policyRefusalIsASoftErrorWithReadableText() throws Exception {
        dir.nextResult = Result.TOO_SHORT;
        KpasswdTestClient c = client("alice", true);
        KpasswdTestClient.Reply r = send(c, c.changeRequest("x"));
        assertThat(r.result()).isEqualTo(KpasswdResult.SOFTERROR);
        assertThat(r.isError()).isFalse();
        assertThat(r.text()).isEqualTo("Password too short: it must contain at least 7 characters.");
        for (Result p : List.of(Result.NOT_COMPLEX, Result.IN_HISTORY, Result.TOO_SOON)) {
            dir.nextResult = p;
            KpasswdTestClient c2 = client("alice", true);
            KpasswdTestClient.Reply r2 = send(c2, c2.changeRequest("x"));
            assertThat(r2.result()).isEqualTo(KpasswdResult.SOFTERROR);
            assertThat(r2.text()).startsWith("Password ").doesNotContain("\0");
        }
    }

    @Test
    void adPolicyBlobOnRequest() throws Exception {
        service = new KpasswdService(dir, dir, new KpasswdService.Options(SetPasswordAuthority.ADMINISTRATORS, true,
                100, false), Clock.systemUTC(), new SecureRandom());
        dir.nextResult = Result.NOT_COMPLEX;
        KpasswdTestClient c = client("alice", true);
        KpasswdTestClient.Reply r = send(c, c.changeRequest("x"));
        assertThat(r.result()).isEqualTo(KpasswdResult.SOFTERROR);
        // 0000, min length 7, history 24, complex, max age 42 d, min age 1 d (100 ns units)
        assertThat(r.resultString().hex()).isEqualTo("0000" + "00000007" + "00000018" + "00000001"
                + String.format("%016x", 42L * 86400 * 10_000_000) + String.format("%016x", 86400L * 10_000_000));
    }

    @Test
    void nonInitialTicketIsRefused() throws Exception {
        KpasswdTestClient c = client("alice", false);
        KpasswdTestClient.Reply r = send(c, c.changeRequest("N3w-Password"));
        assertThat(r.result()).isEqualTo(KpasswdResult.INITIAL_FLAG_NEEDED);
        assertThat(dir.calls).isEmpty();
    }

    @Test
    void disabledAndUnknownAccounts() throws Exception {
        KpasswdTestClient c = client("carol", true);
        assertThat(send(c, c.changeRequest("N3w-Password")).result()).isEqualTo(KpasswdResult.ACCESSDENIED);
        KpasswdTestClient d = client("nobody", true);
        assertThat(send(d, d.changeRequest("N3w-Password")).result()).isEqualTo(KpasswdResult.AUTHERROR);
        assertThat(dir.calls).isEmpty();
    }

    @Test
    void directoryFailureIsAHardError() throws Exception {
        dir.nextFailure = new IllegalStateException("ldap down: secret detail");
        KpasswdTestClient c = client("alice", true);
        KpasswdTestClient.Reply r = send(c, c.changeRequest("N3w-Password"));
        assertThat(r.result()).isEqualTo(KpasswdResult.HARDERROR);
        assertThat(r.text()).doesNotContain("secret");
        dir.nextFailure = null;
        dir.nextResult = Result.NO_SUCH_ACCOUNT;
        KpasswdTestClient c2 = client("alice", true);
        assertThat(send(c2, c2.changeRequest("N3w-Password")).result()).isEqualTo(KpasswdResult.HARDERROR);
    }

    @Test
    void setPasswordNeedsAnAdministrator() throws Exception {
        ChangePasswdData forBob = new ChangePasswdData(Bytes.utf8("B0b-new-pass"),
                Optional.of(PrincipalName.user("bob")), Optional.of(REALM));
        KpasswdTestClient alice = client("alice", true);
        assertThat(send(alice, alice.setRequest(forBob)).result()).isEqualTo(KpasswdResult.ACCESSDENIED);
        assertThat(dir.calls).isEmpty();

        KpasswdTestClient admin = client("admin", false); // a set does not need an INITIAL ticket
        assertThat(send(admin, admin.setRequest(forBob)).result()).isEqualTo(KpasswdResult.SUCCESS);
        assertThat(dir.callsSnapshot()).containsExactly(
                new TestDirectory.Call("set", dir.sidOf("bob").orElseThrow(), "B0b-new-pass", false));

        KpasswdTestClient admin2 = client("admin", true);
        ChangePasswdData ghost = new ChangePasswdData(Bytes.utf8("x"), Optional.of(PrincipalName.user("ghost")),
                Optional.empty());
        assertThat(send(admin2, admin2.setRequest(ghost)).result()).isEqualTo(KpasswdResult.HARDERROR);
        KpasswdTestClient admin3 = client("admin", true);
        ChangePasswdData otherRealm = new ChangePasswdData(Bytes.utf8("x"), Optional.of(PrincipalName.user("bob")),
                Optional.of("OTHER.TEST"));
        assertThat(send(admin3, admin3.setRequest(otherRealm)).result()).isEqualTo(KpasswdResult.HARDERROR);
    }

    @Test
    void setWithoutTargetIsAChangeOfOnesOwn() throws Exception {
        ChangePasswdData own = new ChangePasswdData(Bytes.utf8("Own-passw0rd"), Optional.empty(), Optional.empty());
        KpasswdTestClient c = client("alice", true);
        assertThat(send(c, c.setRequest(own)).result()).isEqualTo(KpasswdResult.SUCCESS);
        KpasswdTestClient c2 = client("alice", false);
        assertThat(send(c2, c2.setRequest(own)).result()).isEqualTo(KpasswdResult.INITIAL_FLAG_NEEDED);
        ChangePasswdData named = new ChangePasswdData(Bytes.utf8("Own-passw0rd2"),
                Optional.of(PrincipalName.of(NameType.NT_PRINCIPAL, "alice")), Optional.of(REALM));
        KpasswdTestClient c3 = client("alice", true);
        assertThat(send(c3, c3.setRequest(named)).result()).isEqualTo(KpasswdResult.SUCCESS);
        assertThat(dir.calls).extracting(TestDirectory.Call::op).containsExactly("change", "change");
    }

    @Test
    void malformedChangePasswdDataAndBadUtf8() throws Exception {
        KpasswdTestClient c = client("alice", true);
        assertThat(send(c, c.request(KpasswdFrame.VERSION_SET, Bytes.fromHex("3003020101"))).result())
                .isEqualTo(KpasswdResult.MALFORMED);
        KpasswdTestClient c2 = client("alice", true);
        assertThat(send(c2, c2.request(KpasswdFrame.VERSION_CHANGE, Bytes.fromHex("c328"))).result())
                .isEqualTo(KpasswdResult.MALFORMED);
        assertThat(dir.calls).isEmpty();
    }

    @Test
    void wrongServiceKeyIsAFramedKrbError() throws Exception {
        KpasswdTestClient c = KpasswdTestClient.minted(REALM,
                KpasswdTestClient.randomKey(EncType.AES256_CTS_HMAC_SHA1_96), KVNO, "alice", true);
        KpasswdTestClient.Reply r = send(c, c.changeRequest("x"));
        assertThat(r.isError()).isTrue();
        assertThat(r.errorCode()).contains(ErrorCode.KRB_AP_ERR_BAD_INTEGRITY);
        assertThat(r.result()).isEqualTo(KpasswdResult.AUTHERROR);
        KpasswdTestClient unknownKvno = KpasswdTestClient.minted(REALM, serviceKey, KVNO + 1, "alice", true);
        assertThat(send(unknownKvno, unknownKvno.changeRequest("x")).errorCode())
                .contains(ErrorCode.KRB_AP_ERR_BADKEYVER);
        assertThat(dir.calls).isEmpty();
    }

    @Test
    void setPasswordErrorsAreBareKrbErrors() throws Exception {
        KpasswdTestClient c = KpasswdTestClient.minted(REALM,
                KpasswdTestClient.randomKey(EncType.AES256_CTS_HMAC_SHA1_96), KVNO, "admin", true);
        Bytes reply = service.handle(c.setRequest(new ChangePasswdData(Bytes.utf8("x"), Optional.empty(),
                Optional.empty())), FROM).orElseThrow();
        assertThat(reply.get(0) & 0xFF).isEqualTo(0x7e);
        KpasswdTestClient.Reply r = c.readReply(reply);
        assertThat(r.errorCode()).contains(ErrorCode.KRB_AP_ERR_BAD_INTEGRITY);
        assertThat(r.result()).isEqualTo(KpasswdResult.AUTHERROR);
    }

    @Test
    void changePasswdDataIgnoresLaterFields() throws Exception {
        Bytes base = new ChangePasswdData(Bytes.utf8("pw"), Optional.of(PrincipalName.user("bob")),
                Optional.of(REALM)).encode();
        // append [3] INTEGER 1 inside the SEQUENCE
        byte[] b = base.toByteArray();
        byte[] ext = {(byte) 0xa3, 3, 2, 1, 1};
        byte[] out = new byte[b.length + ext.length];
        System.arraycopy(b, 0, out, 0, b.length);
        System.arraycopy(ext, 0, out, b.length, ext.length);
        out[1] = (byte) (out[1] + ext.length);
        ChangePasswdData d = ChangePasswdData.decode(Bytes.wrap(out));
        assertThat(d.targetName()).contains(PrincipalName.user("bob"));
        assertThat(d.toString()).doesNotContain("pw\"");
    }

    @Test
    void clockSkewExpiryAndReplay() throws Exception {
        KpasswdTestClient skewed = client("alice", true);
        skewed.ctime = Instant.now().minusSeconds(600);
        assertThat(send(skewed, skewed.changeRequest("x")).errorCode()).contains(ErrorCode.KRB_AP_ERR_SKEW);

        Instant now = Instant.now();
        KpasswdTestClient expired = KpasswdTestClient.minted(REALM, serviceKey, KVNO, PrincipalName.user("alice"),
                io.kerbridge.kerberos.types.TicketFlags.of(io.kerbridge.kerberos.types.TicketFlags.INITIAL),
                now.minusSeconds(7200), now.minusSeconds(3600));
        assertThat(send(expired, expired.changeRequest("x")).errorCode()).contains(ErrorCode.KRB_AP_ERR_TKT_EXPIRED);

        KpasswdTestClient c = client("alice", true);
        Bytes req = c.changeRequest("Repl4y-pass");
        assertThat(send(c, req).result()).isEqualTo(KpasswdResult.SUCCESS);
        KpasswdTestClient.Reply again = send(c, req);
        assertThat(again.errorCode()).contains(ErrorCode.KRB_AP_ERR_REPEAT);
        assertThat(dir.calls).hasSize(1);
    }

    @Test
    void badSubkeysAreRefusedCleanly() throws Exception {
        for (EncryptionKey bad : List.of(new EncryptionKey(EncType.AES256_CTS_HMAC_SHA1_96, new byte[5]),
                new EncryptionKey(EncType.of(1), new byte[8]))) { // too short; des-cbc-crc
            KpasswdTestClient c = client("alice", true);
            c.forcedSubkey = bad;
            c.privKeyOverride = c.sessionKey;
            KpasswdTestClient.Reply r = send(c, c.changeRequest("x"));
            assertThat(r.errorCode()).contains(ErrorCode.KDC_ERR_ETYPE_NOSUPP);
        }
        assertThat(dir.calls).isEmpty();
    }

    @Test
    void privSequenceMustMatchTheAuthenticator() throws Exception {
        KpasswdTestClient c = client("alice", true);
        c.privSeq = Optional.of(42);
        assertThat(send(c, c.changeRequest("x")).result()).isEqualTo(KpasswdResult.HARDERROR);
        assertThat(dir.calls).isEmpty();
    }

    @Test
    void ticketForAnotherServiceIsRefused() throws Exception {
        KpasswdTestClient c = client("alice", true);
        // Same key, but the ticket names another service: rewrite sname in the DER.
        Bytes req = c.changeRequest("x");
        String hex = req.hex();
        String changepw = Bytes.ascii("changepw").hex();
        Bytes other = Bytes.fromHex(hex.replaceFirst(changepw, Bytes.ascii("changepx").hex()));
        assertThat(c.readReply(service.handle(other, FROM).orElseThrow()).errorCode())
                .contains(ErrorCode.KRB_AP_ERR_NOT_US);
    }

    @Test
    void unknownVersionGetsBadVersion() throws Exception {
        KpasswdTestClient c = client("alice", true);
        KpasswdTestClient.Reply r = send(c, c.request(0x0002, Bytes.utf8("x")));
        assertThat(r.result()).isEqualTo(KpasswdResult.BAD_VERSION);
        assertThat(r.isError()).isTrue();
    }

    @Test
    void brokenFramingGetsNoReply() {
        assertThat(service.handle(Bytes.EMPTY, FROM)).isEmpty();
        assertThat(service.handle(Bytes.fromHex("0006"), FROM)).isEmpty();
        assertThat(service.handle(Bytes.fromHex("0007000100000000"), FROM)).isEmpty(); // length mismatch
        assertThat(service.handle(Bytes.fromHex("0008000100020000"), FROM)).isEmpty(); // no KRB-PRIV
        assertThat(service.handle(Bytes.wrap(new byte[70_000]), FROM)).isEmpty();
        assertThat(service.handle(null, FROM)).isEmpty();
    }

    @Test
    void undecodableApReqGetsMalformed() throws Exception {
        KpasswdTestClient c = client("alice", true);
        Bytes req = new KpasswdFrame(1, Bytes.fromHex("6e00"), Bytes.fromHex("7500")).encode();
        KpasswdTestClient.Reply r = c.readReply(service.handle(req, FROM).orElseThrow());
        assertThat(r.isError()).isTrue();
        assertThat(r.result()).isEqualTo(KpasswdResult.MALFORMED);
    }

    /** 5,000 random and mutated packets: each gets no reply or a well-formed one; the service still works. */
    @Test
    void fuzzedPacketsNeverBreakTheService() throws Exception {
        Random rnd = new Random(3244);
        KpasswdTestClient seed = client("alice", true);
        Bytes valid = seed.changeRequest("Fuzz-s33d-pass");
        int replies = 0;
        for (int i = 0; i < 5_000; i++) {
            byte[] b;
            switch (i % 4) {
                case 0 -> {
                    b = new byte[rnd.nextInt(300)];
                    rnd.nextBytes(b);
                }
                case 1 -> { // random bytes behind a valid header
                    b = new byte[6 + rnd.nextInt(300)];
                    rnd.nextBytes(b);
                    b[0] = (byte) (b.length >>> 8);
                    b[1] = (byte) b.length;
                    b[2] = 0;
                    b[3] = 1;
                    int ap = rnd.nextInt(b.length - 5);
                    b[4] = (byte) (ap >>> 8);
                    b[5] = (byte) ap;
                }
                default -> { // a real request with a few bytes changed (header kept consistent half the time)
                    b = valid.toByteArray();
                    int flips = 1 + rnd.nextInt(6);
                    for (int f = 0; f < flips; f++) {
                        int at = (i % 4 == 2) ? 6 + rnd.nextInt(b.length - 6) : rnd.nextInt(b.length);
                        b[at] = (byte) rnd.nextInt(256);
                    }
                }
            }
            Optional<Bytes> reply = service.handle(Bytes.wrap(b), FROM);
            if (reply.isPresent()) {
                replies++;
                Bytes rep = reply.get();
                if ((rep.get(0) & 0xFF) == 0x7e) { // bare KRB-ERROR (set-password version)
                    assertThat(io.kerbridge.kerberos.msg.KrbCodec.decodeKrbError(rep).edata()).isPresent();
                } else {
                    assertThat(KpasswdFrame.parse(rep, false)).isInstanceOf(KpasswdFrame.Ok.class);
                }
            }
        }
        assertThat(replies).isPositive();
        KpasswdTestClient c = client("alice", true);
        assertThat(send(c, c.changeRequest("Sti11-working")).result()).isEqualTo(KpasswdResult.SUCCESS);
    }
}
