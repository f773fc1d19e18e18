package io.kerbridge.bench;

import io.kerbridge.kerberos.Bytes;
import io.kerbridge.kerberos.pac.FileTime;
import io.kerbridge.kerberos.pac.GroupMembership;
import io.kerbridge.kerberos.pac.KerbValidationInfo;
import io.kerbridge.kerberos.pac.Pac;
import io.kerbridge.kerberos.pac.PacClientInfo;
import io.kerbridge.kerberos.pac.PacException;
import io.kerbridge.kerberos.pac.PacRequestor;
import io.kerbridge.kerberos.pac.PacSigner;
import io.kerbridge.kerberos.pac.PacVerification;
import io.kerbridge.kerberos.pac.PacVerifier;
import io.kerbridge.kerberos.pac.Sid;
import io.kerbridge.kerberos.pac.SidAndAttributes;
import io.kerbridge.kerberos.pac.UpnDnsInfo;
import io.kerbridge.kerberos.types.EncType;
import io.kerbridge.kerberos.types.EncryptionKey;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * PAC server + KDC signatures (MS-PAC 2.8) with aes256-cts-hmac-sha1-96 server and krbtgt keys
 * (checksum hmac-sha1-96-aes256, key usage 17), over a typical user PAC: LOGON_INFO with 10 group
 * RIDs and one extra SID, CLIENT_INFO, UPN_DNS_INFO (with SAM name and SID) and REQUESTOR.
 *
 * <ul>
 *   <li>{@code sign}: {@link PacSigner#sign} of the unsigned PAC (lays out, encodes, computes both
 *       signatures, and decodes the signed result, as the library does);</li>
 *   <li>{@code verify}: {@link Pac#decode} of the signed bytes, as a service receives them, then
 *       {@link PacVerifier#verify} of both signatures;</li>
 *   <li>{@code signAndVerify}: sign, then verify the returned PAC.</li>
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
public class PacBench {
    static final Sid DOMAIN = Sid.parse("S-1-5-21-3701063344-2220051179-3323505125");
    static final Instant AUTHTIME = Instant.parse("2026-11-25T09:00:00Z");

    Pac unsigned;
    Bytes signedBytes;
    EncryptionKey serverKey;
    EncryptionKey krbtgtKey;

    @Setup
    public void setup() throws PacException {
        SecureRandom random = new SecureRandom();
        byte[] k1 = new byte[32];
        byte[] k2 = new byte[32];
        random.nextBytes(k1);
        random.nextBytes(k2);
        serverKey = new EncryptionKey(EncType.AES256_CTS_HMAC_SHA1_96, k1);
        krbtgtKey = new EncryptionKey(EncType.AES256_CTS_HMAC_SHA1_96, k2);

        List<GroupMembership> groups = new ArrayList<>();
        groups.add(GroupMembership.of(513)); // Domain Users
        for (int i = 0; i < 9; i++) {
            groups.add(GroupMembership.of(1200 + i));
        }
        KerbValidationInfo info = KerbValidationInfo.builder()
                .logonTime(FileTime.of(AUTHTIME))
                .passwordLastSet(FileTime.of(AUTHTIME.minusSeconds(86_400 * 30)))
                .effectiveName("alice")
                .fullName("Alice Example")
                .logonCount(42)
                .userId(1105)
                .primaryGroupId(513)
                .groupIds(groups)
                .logonServer("DC1")
                .logonDomainName("EXAMPLE")
                .logonDomainId(DOMAIN)
                .userAccountControl(KerbValidationInfo.UAC_NORMAL_ACCOUNT | KerbValidationInfo.UAC_DONT_EXPIRE_PASSWORD)
                // "Authentication authority asserted identity", as Windows KDCs add.
                .extraSids(List.of(SidAndAttributes.of(Sid.parse("S-1-18-1"))))
                .build();
        unsigned = Pac.builder()
                .add(info)
                .add(new PacClientInfo(FileTime.of(AUTHTIME), "alice"))
                .add(UpnDnsInfo.of("alice@example.test", "EXAMPLE.TEST", false, "alice", DOMAIN.withRid(1105)))
                .add(new PacRequestor(DOMAIN.withRid(1105)))
                .build();

        Pac signed = PacSigner.sign(unsigned, serverKey, krbtgtKey);
        signedBytes = signed.encode();
        if (!PacVerifier.verify(Pac.decode(signedBytes), serverKey, krbtgtKey).isValid()) {
            throw new IllegalStateException("signed PAC does not verify");
        }
    }

    @Benchmark
    public Pac sign() throws PacException {
        return PacSigner.sign(unsigned, serverKey, krbtgtKey);
    }

    @Benchmark
    public PacVerification verify() throws PacException {
        return PacVerifier.verify(Pac.decode(signedBytes), serverKey, krbtgtKey);
    }

    @Benchmark
    public PacVerification signAndVerify() throws PacException {
        Pac signed = PacSigner.sign(unsigned, serverKey, krbtgtKey);
        return PacVerifier.verify(signed, serverKey, krbtgtKey);
    }
}
