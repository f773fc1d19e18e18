package io.kerbridge.kerberos.keytransport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.kerbridge.kerberos.Bytes;
import io.kerbridge.kerberos.keytransport.KeyTransportException.Reason;
import io.kerbridge.kerberos.types.EncType;
import io.kerbridge.kerberos.types.EncryptionKey;
import java.security.SecureRandom;
import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KeyEnvelopeTest {
    static final UUID TENANT = UUID.fromString("72f988bf-86f1-41af-91ab-2d7cd011db47");
    static final EncType AES256 = EncType.AES256_CTS_HMAC_SHA1_96;
    static final SecureRandom RANDOM = new SecureRandom();
    static final TenantTransportPrivateKey TENANT_KEY = TenantTransportPrivateKey.generate(RANDOM);

    static KeyContext ctx(int rodc) {
        return new KeyContext(TENANT, "ad.contoso.com", rodc, 1585708, AES256);
    }

    static EncryptionKey aes256(SecureRandom r) {
        byte[] b = new byte[32];
        r.nextBytes(b);
        return new EncryptionKey(AES256, b);
    }

    @ParameterizedTest(name = "krbtgt_{0}")
    @ValueSource(ints = {30775, 40000, 1, 65535})
    void roundTrip(int rodc) throws Exception {
        EncryptionKey key = aes256(RANDOM);
        Bytes env = KeyEnvelope.seal(TENANT_KEY.publicKey(), ctx(rodc), key, RANDOM);
        assertThat(KeyEnvelope.open(TENANT_KEY, ctx(rodc), env)).isEqualTo(key);
        KeyEnvelope.Header h = KeyEnvelope.peek(env);
        assertThat(h.version()).isEqualTo(1);
        assertThat(h.kid()).isEqualTo(TENANT_KEY.kid());
        assertThat(h.context()).isEqualTo(ctx(rodc));
        // fresh ephemeral key and nonce each time
        assertThat(KeyEnvelope.seal(TENANT_KEY.publicKey(), ctx(rodc), key, RANDOM)).isNotEqualTo(env);
    }

    @Test
    void otherEnctypesOfTheirOwnSize() throws Exception {
        for (EncType t : new EncType[] {EncType.AES128_CTS_HMAC_SHA1_96, EncType.AES256_CTS_HMAC_SHA384_192, EncType.RC4_HMAC}) {
            byte[] b = new byte[t.equals(EncType.AES256_CTS_HMAC_SHA384_192) ? 32 : 16];
            RANDOM.nextBytes(b);
            EncryptionKey k = new EncryptionKey(t, b);
            KeyContext c = new KeyContext(TENANT, "ad.contoso.com", 7, 2, t);
            assertThat(KeyEnvelope.open(TENANT_KEY, c, KeyEnvelope.seal(TENANT_KEY.publicKey(), c, k, RANDOM))).isEqualTo(k);
        }
    }

    @Test
    void domainNameIsBoundCaseInsensitively() throws Exception {
        EncryptionKey key = aes256(RANDOM);
        KeyContext upper = new KeyContext(TENANT, "AD.Contoso.COM", 30775, 1585708, AES256);
        assertThat(upper).isEqualTo(ctx(30775));
        Bytes env = KeyEnvelope.seal(TENANT_KEY.publicKey(), upper, key, RANDOM);
        assertThat(KeyEnvelope.open(TENANT_KEY, ctx(30775), env)).isEqualTo(key);
    }

    @Test
    void everyContextFieldMismatchIsRefused() {
        Bytes env = KeyEnvelope.seal(TENANT_KEY.publicKey(), ctx(30775), aes256(RANDOM), RANDOM);
        KeyContext c = ctx(30775);
        assertRefused(env, new KeyContext(UUID.randomUUID(), c.domainDnsName(), c.rodcNumber(), c.keyVersion(), c.etype()), "tenantId");
        assertRefused(env, new KeyContext(c.tenantId(), "fabrikam.com", c.rodcNumber(), c.keyVersion(), c.etype()), "domainDnsName");
        assertRefused(env, new KeyContext(c.tenantId(), "ad.contoso.com.evil", c.rodcNumber(), c.keyVersion(), c.etype()), "domainDnsName");
        assertRefused(env, new KeyContext(c.tenantId(), c.domainDnsName(), 30776, c.keyVersion(), c.etype()), "rodcNumber");
        // same low 16 bits of the version, hence the same kvno: still refused
        assertRefused(env, new KeyContext(c.tenantId(), c.domainDnsName(), c.rodcNumber(), c.keyVersion() + 0x10000, c.etype()), "keyVersion");
        assertRefused(env, new KeyContext(c.tenantId(), c.domainDnsName(), c.rodcNumber(), c.keyVersion() - 1, c.etype()), "keyVersion");
        assertRefused(env, new KeyContext(c.tenantId(), c.domainDnsName(), c.rodcNumber(), c.keyVersion(), EncType.AES256_CTS_HMAC_SHA384_192), "etype");
    }

    private static void assertRefused(Bytes env, KeyContext expected, String field) {
        KeyTransportException e = (KeyTransportException) catchThrowable(() -> KeyEnvelope.open(TENANT_KEY, expected, env));
        assertThat(e).isNotNull();
        assertThat(e.reason()).isEqualTo(Reason.CONTEXT_MISMATCH);
        assertThat(e.getMessage()).contains(field);
    }

    @Test
    void contextRewrittenInTheHeaderFailsTheTag() throws Exception {
        // An attacker who rewrites the clear context to what the cloud expects gains nothing.
        Bytes env = KeyEnvelope.seal(TENANT_KEY.publicKey(), ctx(30775), aes256(RANDOM), RANDOM);
        byte[] b = env.toByteArray();
        int rodcOffset = 4 + 1 + 1 + TENANT_KEY.kid().length() + 16;
        assertThat(((b[rodcOffset] & 0xFF) << 8) | (b[rodcOffset + 1] & 0xFF)).isEqualTo(30775);
        b[rodcOffset + 1]++;
        assertThat(KeyEnvelope.peek(Bytes.wrap(b)).context().rodcNumber()).isEqualTo(30776);
        assertReason(() -> KeyEnvelope.open(TENANT_KEY, ctx(30776), Bytes.wrap(b)), Reason.AUTHENTICATION_FAILED);
    }

    @Test
    void wrongTenantPrivateKeyIsRefused() throws Exception {
        TenantTransportPrivateKey other = TenantTransportPrivateKey.generate(RANDOM);
        Bytes env = KeyEnvelope.seal(TENANT_KEY.publicKey(), ctx(30775), aes256(RANDOM), RANDOM);
        assertReason(() -> KeyEnvelope.open(other, ctx(30775), env), Reason.WRONG_RECIPIENT);

        // relabel the envelope with the other key's kid: the derivation still fails
        byte[] b = env.toByteArray();
        byte[] otherKid = other.kid().getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        System.arraycopy(otherKid, 0, b, 6, otherKid.length);
        assertReason(() -> KeyEnvelope.open(other, ctx(30775), Bytes.wrap(b)), Reason.AUTHENTICATION_FAILED);
    }

    @Test
    void everySingleByteFlipIsRefused() throws Exception {
        Bytes env = KeyEnvelope.seal(TENANT_KEY.publicKey(), ctx(40000), aes256(RANDOM), RANDOM);
        int headerLength = env.length() - 32 - 16;
        int nonceStart = headerLength - 12;
        int ephStart = nonceStart - 65;
        Set<Reason> seen = EnumSet.noneOf(Reason.class);
        for (int i = 0; i < env.length(); i++) {
            for (int bit = 0; bit < 8; bit++) {
                byte[] b = env.toByteArray();
                b[i] ^= (byte) (1 << bit);
                Throwable t = catchThrowable(() -> KeyEnvelope.open(TENANT_KEY, ctx(40000), Bytes.wrap(b)));
                assertThat(t).as("byte %d bit %d", i, bit).isInstanceOf(KeyTransportException.class);
                Reason r = ((KeyTransportException) t).reason();
                seen.add(r);
                if (i >= nonceStart) {
                    assertThat(r).as("byte %d", i).isEqualTo(Reason.AUTHENTICATION_FAILED);
                } else if (i > ephStart) {
                    assertThat(r).as("byte %d", i).isIn(Reason.INVALID_PUBLIC_KEY, Reason.AUTHENTICATION_FAILED);
                }
            }
            byte[] b = env.toByteArray();
            b[i] ^= (byte) 0xFF;
            assertThat(catchThrowable(() -> KeyEnvelope.open(TENANT_KEY, ctx(40000), Bytes.wrap(b))))
                    .isInstanceOf(KeyTransportException.class);
        }
        assertThat(seen).contains(Reason.MALFORMED, Reason.UNSUPPORTED_VERSION, Reason.WRONG_RECIPIENT,
                Reason.CONTEXT_MISMATCH, Reason.INVALID_PUBLIC_KEY, Reason.AUTHENTICATION_FAILED);
    }

    @Test
    void everyTruncationAndAnyExtensionIsRefused() throws Exception {
        Bytes env = KeyEnvelope.seal(TENANT_KEY.publicKey(), ctx(40000), aes256(RANDOM), RANDOM);
        for (int len = 0; len < env.length(); len++) {
            Bytes cut = env.slice(0, len);
            Throwable t = catchThrowable(() -> KeyEnvelope.open(TENANT_KEY, ctx(40000), cut));
            assertThat(t).as("length %d", len).isInstanceOf(KeyTransportException.class);
            assertThat(((KeyTransportException) t).reason()).as("length %d", len).isEqualTo(Reason.TRUNCATED);
            assertThat(catchThrowable(() -> KeyEnvelope.peek(cut))).isInstanceOf(KeyTransportException.class);
        }
        assertReason(() -> KeyEnvelope.open(TENANT_KEY, ctx(40000), env.concat(Bytes.of((byte) 0))), Reason.MALFORMED);
    }

    @Test
    void unknownVersionIsRefused() {
        Bytes env = KeyEnvelope.seal(TENANT_KEY.publicKey(), ctx(40000), aes256(RANDOM), RANDOM);
        for (int v : new int[] {0, 2, 255}) {
            byte[] b = env.toByteArray();
            b[4] = (byte) v;
            assertReason(() -> KeyEnvelope.open(TENANT_KEY, ctx(40000), Bytes.wrap(b)), Reason.UNSUPPORTED_VERSION);
            assertReason(() -> KeyEnvelope.peek(Bytes.wrap(b)), Reason.UNSUPPORTED_VERSION);
        }
    }

    @Test
    void nonCanonicalOrInvalidHeaderFieldsAreMalformed() {
        Bytes env = KeyEnvelope.seal(TENANT_KEY.publicKey(), ctx(40000), aes256(RANDOM), RANDOM);
        int kidLen = TENANT_KEY.kid().length();
        int rodcOffset = 6 + kidLen + 16;
        int domainOffset = rodcOffset + 2 + 4 + 4 + 1;
        byte[] upper = env.toByteArray();
        upper[domainOffset] = 'A'; // "ad.contoso.com" -> "Ad.contoso.com"
        assertReason(() -> KeyEnvelope.peek(Bytes.wrap(upper)), Reason.MALFORMED);
        byte[] rodcZero = env.toByteArray();
        rodcZero[rodcOffset] = 0;
        rodcZero[rodcOffset + 1] = 0;
        assertReason(() -> KeyEnvelope.peek(Bytes.wrap(rodcZero)), Reason.MALFORMED);
        byte[] etype = env.toByteArray();
        etype[rodcOffset + 2 + 4 + 3] = 99; // unsupported enctype
        assertReason(() -> KeyEnvelope.peek(Bytes.wrap(etype)), Reason.MALFORMED);
        byte[] compressed = env.toByteArray();
        compressed[domainOffset + "ad.contoso.com".length()] = 0x02;
        assertReason(() -> KeyEnvelope.peek(Bytes.wrap(compressed)), Reason.MALFORMED);
        assertReason(() -> KeyEnvelope.peek(Bytes.ascii("not an envelope at all, but long enough to parse a bit")), Reason.MALFORMED);
    }

    @Test
    void sealRefusesCallerMistakes() {
        assertThatThrownBy(() -> KeyEnvelope.seal(TENANT_KEY.publicKey(), ctx(1),
                new EncryptionKey(EncType.AES128_CTS_HMAC_SHA1_96, new byte[16]), RANDOM))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> KeyEnvelope.seal(TENANT_KEY.publicKey(), ctx(1), new EncryptionKey(AES256, new byte[16]), RANDOM))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new KeyContext(TENANT, "ad.contoso.com", 0, 1, AES256)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new KeyContext(TENANT, "ad.contoso.com", 65536, 1, AES256)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new KeyContext(TENANT, "ad.contoso.com", 1, -1, AES256)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new KeyContext(TENANT, "ad.contoso.com", 1, 1L << 32, AES256)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new KeyContext(TENANT, "ad..contoso.com", 1, 1, AES256)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new KeyContext(TENANT, "ad.contoso.com.", 1, 1, AES256)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new KeyContext(TENANT, "ad_x.contoso.com", 1, 1, AES256)).isInstanceOf(IllegalArgumentException.class);
    }

    static void assertReason(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, Reason reason) {
        Throwable t = catchThrowable(call);
        assertThat(t).isInstanceOf(KeyTransportException.class);
        assertThat(((KeyTransportException) t).reason()).isEqualTo(reason);
    }
}
