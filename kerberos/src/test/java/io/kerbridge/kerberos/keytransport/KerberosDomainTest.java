package io.kerbridge.kerberos.keytransport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.kerbridge.kerberos.keytransport.KerberosDomainException.Reason;
import io.kerbridge.kerberos.types.EncType;
import io.kerbridge.kerberos.types.EncryptionKey;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class KerberosDomainTest {
    static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");
    static final Instant T1 = Instant.parse("2026-11-25T10:00:00Z");
    static final SecureRandom RANDOM = new SecureRandom();

    static EncryptionKey key() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return new EncryptionKey(EncType.AES256_CTS_HMAC_SHA1_96, b);
    }

    @Test
    void setIsTheFirstPublication() throws Exception {
        EncryptionKey k = key();
        KerberosDomain d = KerberosDomain.set("AD.Cloud-Architekt.NET", 30775, 1585708, k, T0, "dc1.ad.cloud-architekt.net");
        assertThat(d.dnsName()).isEqualTo("ad.cloud-architekt.net");
        assertThat(d.displayName()).isEqualTo("krbtgt_30775");
        assertThat(d.keyVersion()).isEqualTo(1585708);
        assertThat(d.keyUpdatedOn()).isEqualTo(T0);
        assertThat(d.keyUpdatedFrom()).isEqualTo("dc1.ad.cloud-architekt.net");
        assertThat(d.primaryKey()).isEqualTo(k);
        assertThat(d.secondaryKey()).isEmpty();
        // protocol-notes §2.3a worked example
        assertThat(d.kvno()).isEqualTo(2016883244).isEqualTo(0x7837322C);
        assertThat(d.keyForKvno(2016883244)).contains(k);
        assertThat(d.keyContext(KeyEnvelopeTest.TENANT))
                .isEqualTo(new KeyContext(KeyEnvelopeTest.TENANT, "ad.cloud-architekt.net", 30775, 1585708, EncType.AES256_CTS_HMAC_SHA1_96));
    }

    @Test
    void rotateMakesThePrimaryTheSecondary() throws Exception {
        EncryptionKey k1 = key();
        EncryptionKey k2 = key();
        EncryptionKey k3 = key();
        KerberosDomain d1 = KerberosDomain.set("ad.contoso.com", 30775, 1585708, k1, T0, "dc1");
        KerberosDomain d2 = d1.rotate(k2, 1586495, T1, "dc2");
        assertThat(d2.primaryKey()).isEqualTo(k2);
        assertThat(d2.keyVersion()).isEqualTo(1586495);
        assertThat(d2.keyUpdatedOn()).isEqualTo(T1);
        assertThat(d2.keyUpdatedFrom()).isEqualTo("dc2");
        assertThat(d2.secondaryKey()).contains(k1);
        assertThat(d2.secondary().orElseThrow().version()).isEqualTo(1585708);
        assertThat(d2.kvno()).isEqualTo(30775 << 16 | (1586495 & 0xFFFF));
        assertThat(d2.keyForKvno(d1.kvno())).contains(k1);
        assertThat(d2.keyForKvno(d2.kvno())).contains(k2);
        assertThat(d2.keyForKvno(d2.kvno() + 1)).isEmpty();
        // d1 is unchanged (pure function)
        assertThat(d1.primaryKey()).isEqualTo(k1);
        assertThat(d1.secondary()).isEmpty();
        // rotating twice retires the first key
        KerberosDomain d3 = d2.rotate(k3, 1600000, T1.plusSeconds(86400), "dc1");
        assertThat(d3.primaryKey()).isEqualTo(k3);
        assertThat(d3.secondaryKey()).contains(k2);
        assertThat(d3.keyForKvno(d1.kvno())).isEmpty();
    }

    @Test
    void rotationValidation() throws Exception {
        EncryptionKey k1 = key();
        KerberosDomain d = KerberosDomain.set("ad.contoso.com", 40000, 100, k1, T0, "dc1");
        assertReason(() -> d.rotate(key(), 100, T1, "dc1"), Reason.VERSION_NOT_INCREASING);
        assertReason(() -> d.rotate(key(), 99, T1, "dc1"), Reason.VERSION_NOT_INCREASING);
        assertReason(() -> d.rotate(k1, 101, T1, "dc1"), Reason.KEY_NOT_CHANGED);
        assertReason(() -> d.rotate(new EncryptionKey(EncType.AES128_CTS_HMAC_SHA1_96, new byte[16]), 101, T1, "dc1"), Reason.UNSUPPORTED_KEY);
        assertReason(() -> d.rotate(new EncryptionKey(EncType.AES256_CTS_HMAC_SHA384_192, new byte[32]), 101, T1, "dc1"), Reason.UNSUPPORTED_KEY);
        assertReason(() -> d.rotate(key(), 1L << 32, T1, "dc1"), Reason.INVALID_ARGUMENT);
        assertReason(() -> d.rotate(key(), 101, T1, " "), Reason.INVALID_ARGUMENT);
        assertReason(() -> d.rotate(key(), 101, null, "dc1"), Reason.INVALID_ARGUMENT);
        // a retried publication of the current key and version is a no-op
        assertThat(d.rotate(new EncryptionKey(EncType.AES256_CTS_HMAC_SHA1_96, k1.bytes()), 100, T1, "dc9")).isSameAs(d);
    }

    @Test
    void setValidation() {
        assertReason(() -> KerberosDomain.set("ad.contoso.com", 0, 1, key(), T0, "dc1"), Reason.INVALID_ARGUMENT);
        assertReason(() -> KerberosDomain.set("ad.contoso.com", 65536, 1, key(), T0, "dc1"), Reason.INVALID_ARGUMENT);
        assertReason(() -> KerberosDomain.set("ad contoso", 1, 1, key(), T0, "dc1"), Reason.INVALID_ARGUMENT);
        assertReason(() -> KerberosDomain.set("ad.contoso.com", 1, -1, key(), T0, "dc1"), Reason.INVALID_ARGUMENT);
        assertReason(() -> KerberosDomain.set("ad.contoso.com", 1, 1, new EncryptionKey(EncType.RC4_HMAC, new byte[16]), T0, "dc1"),
                Reason.UNSUPPORTED_KEY);
        KerberosDomain.DomainKey k5 = new KerberosDomain.DomainKey(5, T0, "dc1", key());
        assertThatThrownBy(() -> new KerberosDomain("ad.contoso.com", 1, k5, Optional.of(new KerberosDomain.DomainKey(5, T0, "dc1", key()))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void kvnoIsSignedForRodcNumbersFrom32768() throws Exception {
        assertThat(KerberosDomain.set("ad.contoso.com", 32767, 0xFFFF, key(), T0, "dc1").kvno()).isEqualTo(0x7FFFFFFF);
        KerberosDomain d = KerberosDomain.set("ad.contoso.com", 40000, 1585708, key(), T0, "dc1");
        assertThat(d.kvno()).isNegative().isEqualTo((int) 0x9C40322CL).isEqualTo(-1673514452);
        assertThat(Integer.toUnsignedLong(d.kvno())).isEqualTo(40000L * 65536 + (1585708 & 0xFFFF));
        assertThat(d.kvno() >>> 16).isEqualTo(40000);
        assertThat(KerberosDomain.set("ad.contoso.com", 32768, 0, key(), T0, "dc1").kvno()).isEqualTo(Integer.MIN_VALUE);
        assertThat(KerberosDomain.set("ad.contoso.com", 65535, 0xFFFF, key(), T0, "dc1").kvno()).isEqualTo(-1);
        assertThat(d.keyForKvno(-1673514452)).contains(d.primaryKey());
    }

    @Test
    void toStringNeverShowsKeys() throws Exception {
        EncryptionKey k1 = key();
        EncryptionKey k2 = key();
        KerberosDomain d = KerberosDomain.set("ad.contoso.com", 30775, 1585708, k1, T0, "dc1").rotate(k2, 1586495, T1, "dc2");
        String s = d.toString() + d.primary() + d.secondary();
        for (EncryptionKey k : new EncryptionKey[] {k1, k2}) {
            String hex = HexFormat.of().formatHex(k.bytes());
            assertThat(s).doesNotContainIgnoringCase(hex).doesNotContain(java.util.Base64.getEncoder().encodeToString(k.bytes()));
            assertThat(s).doesNotContain(java.util.Arrays.toString(k.bytes()));
        }
        assertThat(d.toString()).isEqualTo("KerberosDomain[ad.contoso.com, krbtgt_30775, keyVersion=1586495, kvno="
                + d.kvno() + ", keyUpdatedOn=2026-11-25T10:00:00Z, keyUpdatedFrom=dc2, secondary=version 1585708]");
    }

    @Test
    void publishedThroughAnEnvelope() throws Exception {
        // the DC admin side seals the domain's key; the cloud side opens it with the context it expects
        UUID tenant = KeyEnvelopeTest.TENANT;
        KerberosDomain onPrem = KerberosDomain.set("ad.contoso.com", 40000, 1585708, key(), T0, "dc1");
        TenantTransportPrivateKey cloudKey = TenantTransportPrivateKey.generate(RANDOM);
        var env = KeyEnvelope.seal(TenantTransportKey.fromJwk(cloudKey.publicKey().toJwk()), onPrem.keyContext(tenant), onPrem.primaryKey(), RANDOM);
        EncryptionKey received = KeyEnvelope.open(cloudKey, new KeyContext(tenant, "ad.contoso.com", 40000, 1585708,
                KerberosDomain.KEY_ETYPE), env);
        assertThat(KerberosDomain.set("ad.contoso.com", 40000, 1585708, received, T0, "dc1")).isEqualTo(onPrem);
    }

    private static void assertReason(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, Reason reason) {
        Throwable t = catchThrowable(call);
        assertThat(t).isInstanceOf(KerberosDomainException.class);
        assertThat(((KerberosDomainException) t).reason()).isEqualTo(reason);
    }
}
