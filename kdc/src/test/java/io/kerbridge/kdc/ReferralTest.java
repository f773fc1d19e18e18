package io.kerbridge.kdc;

import static org.assertj.core.api.Assertions.assertThat;

import io.kerbridge.directory.DomainPolicy;
import io.kerbridge.kdc.testing.MemoryDirectory;
import io.kerbridge.kdc.testing.MitTools;
import io.kerbridge.kdc.testing.TestRealm;
import io.kerbridge.kerberos.Bytes;
import io.kerbridge.kerberos.client.AsRequest;
import io.kerbridge.kerberos.client.KdcReply;
import io.kerbridge.kerberos.client.KeySource;
import io.kerbridge.kerberos.client.TgsRequest;
import io.kerbridge.kerberos.crypto.Enctypes;
import io.kerbridge.kerberos.pac.Pac;
import io.kerbridge.kerberos.pac.TicketPac;
import io.kerbridge.kerberos.types.EncryptionKey;
import io.kerbridge.kerberos.types.KeyUsage;
import io.kerbridge.kerberos.types.NameType;
import io.kerbridge.kerberos.types.PrincipalName;
import io.kerbridge.directory.Account;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CONTOSO.TEST and its child EMEA.CONTOSO.TEST, each with its own KDC, sharing a trust key. */
class ReferralTest {
    static final String EMEA = "EMEA.CONTOSO.TEST";
    static TestRealm contoso;
    static MemoryDirectory emeaDir;
    static Account web;
    static Kdc emea;
    @TempDir
    static Path tmp;

    @BeforeAll
    static void up() throws Exception {
        contoso = new TestRealm();
        emeaDir = new MemoryDirectory(MemoryDirectory.domain("emea.contoso.test", "EMEA", "S-1-5-21-7-8-9"),
                DomainPolicy.AD_DEFAULT, contoso.clock);
        web = emeaDir.addService("WEB$", "HTTP/web.emea.contoso.test");
        contoso.dir.addTrust(EMEA, "trust-Passw0rd");
        emeaDir.addTrust(TestRealm.REALM, "trust-Passw0rd");
        emea = Kdc.start(KdcConfig.loopback(), emeaDir, emeaDir, contoso.clock);
        contoso.route(EMEA, emea);
    }

    @AfterAll
    static void down() throws Exception {
        emea.close();
        contoso.close();
    }

    static final PrincipalName WEB = PrincipalName.of(NameType.NT_SRV_INST, "HTTP", "web.emea.contoso.test");

    @Test
    void explicitCrossRealmTgtThenServiceTicketInOtherDomain() throws Exception {
        KdcReply tgt = aliceTgt();
        KdcReply referral = contoso.client().tgsExchange(TgsRequest.forService(tgt, PrincipalName.krbtgt(EMEA),
                TestRealm.REALM));
        assertThat(referral.ticket().sname()).isEqualTo(PrincipalName.krbtgt(EMEA));
        assertThat(referral.ticket().realm()).isEqualTo(TestRealm.REALM);
        KdcReply st = contoso.client().tgsExchange(TgsRequest.forService(referral, WEB, EMEA));
        assertAlicePac(st);
    }

    @Test
    void canonicalizeReferralByHostName() throws Exception {
        KdcReply tgt = aliceTgt();
        // forService asks with canonicalize: CONTOSO does not know the SPN but EMEA's namespace holds the host.
        KdcReply referral = contoso.client().tgsExchange(TgsRequest.forService(tgt, WEB, TestRealm.REALM));
        assertThat(referral.ticket().sname()).isEqualTo(PrincipalName.krbtgt(EMEA));
        assertAlicePac(contoso.client().tgsExchange(TgsRequest.forService(referral, WEB, EMEA)));
    }

    @Test
    void mitKvnoAcrossTheTrust() {
        Path conf = contoso.krb5Conf(tmp);
        Path cc = tmp.resolve("cc-xrealm");
        assertThat(MitTools.run(conf, cc, TestRealm.PASSWORD + "\n", "kinit", "alice").ok()).isTrue();
        MitTools.Result kvno = MitTools.run(conf, cc, null, "kvno", "HTTP/web.emea.contoso.test@" + EMEA);
        assertThat(kvno.ok()).as(kvno.toString()).isTrue();
        MitTools.Result klist = MitTools.run(conf, cc, null, "klist");
        assertThat(klist.stdout()).contains("krbtgt/" + EMEA + "@CONTOSO.TEST").contains("HTTP/web.emea.contoso.test@" + EMEA);
    }

    static KdcReply aliceTgt() throws Exception {
        PrincipalName c = PrincipalName.user("alice");
        return contoso.client().asExchange(AsRequest.tgt(c, TestRealm.REALM),
                KeySource.password(TestRealm.REALM, c, TestRealm.PASSWORD.toCharArray()));
    }

    static void assertAlicePac(KdcReply st) throws Exception {
        EncryptionKey k = emeaDir.keys(web.sid()).stream().filter(x -> x.type().equals(st.ticket().encPart().etype()))
                .findFirst().orElseThrow();
        Bytes der = Enctypes.get(k.type()).decrypt(k, KeyUsage.KDC_REP_TICKET, st.ticket().encPart().cipher());
        Pac pac = Pac.decode(TicketPac.extract(der));
        assertThat(pac.logonInfo().orElseThrow().userSid()).contains(contoso.alice.sid());
        assertThat(st.client().components()).containsExactly("alice");
        assertThat(st.clientRealm()).isEqualTo(TestRealm.REALM);
    }
}
