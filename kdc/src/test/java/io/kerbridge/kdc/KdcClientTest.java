package io.kerbridge.kdc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kerbridge.kdc.testing.MemoryDirectory;
import io.kerbridge.kdc.testing.TestRealm;
import io.kerbridge.kerberos.Bytes;
import io.kerbridge.kerberos.client.AsRequest;
import io.kerbridge.kerberos.client.KdcErrorException;
import io.kerbridge.kerberos.client.KdcReply;
import io.kerbridge.kerberos.client.KeySource;
import io.kerbridge.kerberos.client.TgsRequest;
import io.kerbridge.kerberos.crypto.Enctypes;
import io.kerbridge.kerberos.msg.EncTicketPart;
import io.kerbridge.kerberos.msg.KrbCodec;
import io.kerbridge.kerberos.msg.Ticket;
import io.kerbridge.kerberos.pac.GroupMembership;
import io.kerbridge.kerberos.pac.KerbValidationInfo;
import io.kerbridge.kerberos.pac.Pac;
import io.kerbridge.kerberos.pac.PacSignatureKind;
import io.kerbridge.kerberos.pac.PacVerification;
import io.kerbridge.kerberos.pac.PacVerifier;
import io.kerbridge.kerberos.pac.SidAndAttributes;
import io.kerbridge.kerberos.pac.TicketPac;
import io.kerbridge.kerberos.types.EncryptionKey;
import io.kerbridge.kerberos.types.ErrorCode;
import io.kerbridge.kerberos.types.KeyUsage;
import io.kerbridge.kerberos.types.NameType;
import io.kerbridge.kerberos.types.PrincipalName;
import io.kerbridge.kerberos.types.TicketFlags;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** AS and TGS through the kerberos module's KdcClient, in-process. */
class KdcClientTest {
    static TestRealm realm;

    @BeforeAll
    static void up() {
        realm = new TestRealm();
    }

    @AfterAll
    static void down() throws Exception {
        realm.close();
    }

    static KdcReply tgt(String user, String password) throws Exception {
        PrincipalName c = PrincipalName.user(user);
        return realm.client().asExchange(AsRequest.tgt(c, TestRealm.REALM),
                KeySource.password(TestRealm.REALM, c, password.toCharArray()));
    }

    static EncTicketPart decrypt(Ticket t, List<EncryptionKey> keys) throws Exception {
        EncryptionKey k = keys.stream().filter(x -> x.type().equals(t.encPart().etype())).findFirst().orElseThrow();
        return KrbCodec.decodeEncTicketPart(Enctypes.get(k.type()).decrypt(k, KeyUsage.KDC_REP_TICKET, t.encPart().cipher()));
    }

    static Bytes decryptDer(Ticket t, List<EncryptionKey> keys) throws Exception {
        EncryptionKey k = keys.stream().filter(x -> x.type().equals(t.encPart().etype())).findFirst().orElseThrow();
        return Enctypes.get(k.type()).decrypt(k, KeyUsage.KDC_REP_TICKET, t.encPart().cipher());
    }

    @Test
    void tgtHasPacWithRequestorAndGroups() throws Exception {
        KdcReply r = tgt("alice", TestRealm.PASSWORD);
        assertThat(r.part().flags().has(TicketFlags.INITIAL)).isTrue();
        assertThat(r.part().flags().has(TicketFlags.PRE_AUTHENT)).isTrue();
        Bytes der = decryptDer(r.ticket(), realm.dir.keys(realm.dir.krbtgt().account().sid()));
        Pac pac = Pac.decode(TicketPac.extract(der));
        EncryptionKey krbtgt = realm.dir.krbtgt().currentKeys().orElseThrow().keys().get(0);
        EncryptionKey used = realm.dir.krbtgt().currentKeys().orElseThrow().key(r.ticket().encPart().etype()).orElseThrow();
        assertThat(PacVerifier.verify(pac, used, used).isValid()).isTrue();
        assertThat(pac.requestor().orElseThrow().userSid()).isEqualTo(realm.alice.sid());
        assertThat(pac.attributesInfo()).isPresent();
        assertThat(pac.signature(PacSignatureKind.TICKET)).isEmpty();
        assertThat(pac.signature(PacSignatureKind.FULL)).isEmpty();
        KerbValidationInfo li = pac.logonInfo().orElseThrow();
        assertThat(li.userSid()).contains(realm.alice.sid());
        assertThat(li.groupIds().stream().map(GroupMembership::relativeId)).containsExactly(513, 1200, 1201);
        assertThat(li.extraSids().stream().map(SidAndAttributes::sid).map(Object::toString))
                .contains("S-1-18-1", "S-1-5-21-9-9-9-4242");
        assertThat(li.logonDomainName().toString()).contains("CONTOSO");
        assertThat(krbtgt).isNotNull();
        assertThat(realm.audit).anyMatch(e -> e.line().equals("AS alice@CONTOSO.TEST -> krbtgt/CONTOSO.TEST@CONTOSO.TEST ISSUED"));
    }

    @Test
    void serviceTicketPacIsSignedFourWays() throws Exception {
        KdcReply tgt = tgt("alice", TestRealm.PASSWORD);
        KdcReply st = realm.client().tgsExchange(TgsRequest.forService(tgt,
                PrincipalName.of(NameType.NT_SRV_INST, "HTTP", "files.contoso.test"), TestRealm.REALM));
        List<EncryptionKey> svcKeys = realm.dir.keys(realm.files.sid());
        Bytes der = decryptDer(st.ticket(), svcKeys);
        EncTicketPart part = KrbCodec.decodeEncTicketPart(der);
        assertThat(part.cname().components()).containsExactly("alice");
        assertThat(part.flags().has(TicketFlags.INITIAL)).isFalse();
        Pac pac = Pac.decode(TicketPac.extract(der));
        EncryptionKey svc = svcKeys.stream().filter(k -> k.type().equals(st.ticket().encPart().etype())).findFirst()
                .orElseThrow();
        EncryptionKey krbtgt = MemoryDirectory.ENCTYPES.stream().map(t -> realm.dir.krbtgt().currentKeys().orElseThrow()
                .key(t).orElseThrow()).filter(k -> k.type().equals(tgt.ticket().encPart().etype())).findFirst().orElseThrow();
        PacVerification v = PacVerifier.verify(pac, Optional.of(svc), Optional.of(krbtgt),
                Optional.of(TicketPac.signingData(der)));
        assertThat(v.isValid(Set.of(PacSignatureKind.SERVER, PacSignatureKind.KDC, PacSignatureKind.TICKET,
                PacSignatureKind.FULL))).as(v.toString()).isTrue();
        assertThat(pac.requestor()).isEmpty();
        assertThat(pac.attributesInfo()).isEmpty();
        assertThat(pac.logonInfo().orElseThrow().userSid()).contains(realm.alice.sid());
    }

    @Test
    void unknownClient() {
        assertCode(() -> tgt("nobody", "x"), ErrorCode.KDC_ERR_C_PRINCIPAL_UNKNOWN);
    }

    @Test
    void unknownService() throws Exception {
        KdcReply tgt = tgt("alice", TestRealm.PASSWORD);
        assertCode(() -> realm.client().tgsExchange(TgsRequest.forService(tgt,
                PrincipalName.of(NameType.NT_SRV_INST, "HTTP", "nowhere.contoso.test"), TestRealm.REALM)),
                ErrorCode.KDC_ERR_S_PRINCIPAL_UNKNOWN);
    }

    static void assertCode(ThrowingRunnable r, ErrorCode code) {
        assertThatThrownBy(r::run).isInstanceOfSatisfying(KdcErrorException.class,
                e -> assertThat(e.code()).isEqualTo(code));
    }

    interface ThrowingRunnable {
        void run() throws Exception;
    }
}
