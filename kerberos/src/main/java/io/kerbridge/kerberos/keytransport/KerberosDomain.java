package io.kerbridge.kerberos.keytransport;

import io.kerbridge.kerberos.keytransport.KerberosDomainException.Reason;
import io.kerbridge.kerberos.types.EncType;
import io.kerbridge.kerberos.types.EncryptionKey;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * What the cloud keeps per on-prem AD domain (protocol-notes §1.3 "one KerberosDomain object per
 * AD domain", §1.4 field list, §1.5 rotation): the domain, the RODC number {@code n} of
 * {@code krbtgt_<n>} (Get-AzureADKerberosServer's {@code ID}), and the primary key with its version,
 * time and originating DC, plus the previous key as secondary after a rotation.
 *
 * <p>Immutable; {@link #set} and {@link #rotate} are pure functions returning a new value. The
 * secondary key keeps its own version (and time/origin) because a ticket under it carries that
 * version in its kvno. {@link #toString()} never shows key bytes.
 *
 * @param dnsName the AD domain DNS name, canonical lower case
 * @param rodcNumber {@code msDS-SecondaryKrbTgtNumber}, 1..65535
 * @param primary the current key: new partial TGTs are encrypted with it
 * @param secondary the previous key, still honoured until the next rotation
 */
public record KerberosDomain(String dnsName, int rodcNumber, DomainKey primary, Optional<DomainKey> secondary) {
    /** The only enctype the cloud issues partial TGTs with (protocol-notes §7.2). */
    public static final EncType KEY_ETYPE = EncType.AES256_CTS_HMAC_SHA1_96;
    static final int KEY_BYTES = 32;

    /**
     * One version of the krbtgt_&lt;n&gt; key.
     *
     * @param version {@code msDS-KeyVersionNumber}, 0..2^32-1 (routinely above 65535)
     * @param updatedOn when the key was set in AD ({@code KeyUpdatedOn})
     * @param updatedFrom the DC it was set on ({@code KeyUpdatedFrom})
     * @param key an etype 18 key
     */
    public record DomainKey(long version, Instant updatedOn, String updatedFrom, EncryptionKey key) {
        public DomainKey {
            KeyContext.checkKeyVersion(version);
            Objects.requireNonNull(updatedOn, "updatedOn");
            Objects.requireNonNull(key, "key");
            if (updatedFrom == null || updatedFrom.isBlank() || updatedFrom.length() > 255) {
                throw new IllegalArgumentException("updatedFrom must be a DC name of 1..255 characters");
            }
            if (!key.type().equals(KEY_ETYPE) || key.length() != KEY_BYTES) {
                throw new IllegalArgumentException("domain key must be a 32-octet " + KEY_ETYPE + " key");
            }
        }

        @Override
        public String toString() {
            return "DomainKey[version=" + version + ", updatedOn=" + updatedOn + ", updatedFrom=" + updatedFrom + "]";
        }
    }

    public KerberosDomain {
        dnsName = DnsNames.canonical(dnsName);
        KeyContext.checkRodcNumber(rodcNumber);
        Objects.requireNonNull(primary, "primary");
        Objects.requireNonNull(secondary, "secondary");
        if (secondary.isPresent() && secondary.get().version() >= primary.version()) {
            throw new IllegalArgumentException("secondary key version must be lower than the primary's");
        }
    }

    /**
     * First publication of the domain's key (Set-AzureADKerberosServer): no secondary key.
     * Also the way to replace the record when the krbtgt object was re-created under a new number
     * (§1.6): the caller decides that; this function only validates.
     */
    public static KerberosDomain set(String dnsName, int rodcNumber, long keyVersion, EncryptionKey key,
                                     Instant when, String from) throws KerberosDomainException {
        DomainKey k = domainKey(keyVersion, key, when, from);
        try {
            return new KerberosDomain(dnsName, rodcNumber, k, Optional.empty());
        } catch (IllegalArgumentException e) {
            throw new KerberosDomainException(Reason.INVALID_ARGUMENT, e.getMessage());
        }
    }

    /**
     * Key rotation (-RotateServerKey, §1.5): the new key becomes primary and the current primary
     * becomes secondary; the old secondary is dropped. The version must increase (AD's increments
     * are often larger than one). Re-sending the current version with the current key returns
     * {@code this} unchanged, so a retried publication is harmless.
     */
    public KerberosDomain rotate(EncryptionKey newKey, long newVersion, Instant when, String from)
            throws KerberosDomainException {
        DomainKey k = domainKey(newVersion, newKey, when, from);
        if (newVersion == primary.version() && newKey.equals(primary.key())) {
            return this;
        }
        if (newVersion <= primary.version()) {
            throw new KerberosDomainException(Reason.VERSION_NOT_INCREASING,
                    "new key version " + newVersion + " is not above the current " + primary.version());
        }
        if (newKey.equals(primary.key())) {
            throw new KerberosDomainException(Reason.KEY_NOT_CHANGED, "rotation to version " + newVersion + " reuses the current key");
        }
        return new KerberosDomain(dnsName, rodcNumber, k, Optional.of(primary));
    }

    private static DomainKey domainKey(long version, EncryptionKey key, Instant when, String from)
            throws KerberosDomainException {
        Objects.requireNonNull(key, "key");
        if (!key.type().equals(KEY_ETYPE) || key.length() != KEY_BYTES) {
            throw new KerberosDomainException(Reason.UNSUPPORTED_KEY, "need a 32-octet " + KEY_ETYPE + " key, got " + key);
        }
        try {
            return new DomainKey(version, when, from, key);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new KerberosDomainException(Reason.INVALID_ARGUMENT, e.getMessage());
        }
    }

    /** {@code krbtgt_<n>} (§1.4 DisplayName). */
    public String displayName() {
        return "krbtgt_" + rodcNumber;
    }

    public long keyVersion() {
        return primary.version();
    }

    public Instant keyUpdatedOn() {
        return primary.updatedOn();
    }

    public String keyUpdatedFrom() {
        return primary.updatedFrom();
    }

    public EncryptionKey primaryKey() {
        return primary.key();
    }

    public Optional<EncryptionKey> secondaryKey() {
        return secondary.map(DomainKey::key);
    }

    /**
     * The ticket kvno for the primary key: {@code n << 16 | (keyVersion & 0xFFFF)} as a signed
     * 32-bit int (MS-KILE 3.1.5.8; negative for n >= 32768). protocol-notes §2.3a.
     */
    public int kvno() {
        return kvno(rodcNumber, primary.version());
    }

    public static int kvno(int rodcNumber, long keyVersion) {
        return (rodcNumber << 16) | (int) (keyVersion & 0xFFFF);
    }

    /**
     * The key a ticket with this kvno was encrypted with: primary or secondary, chosen by the high
     * 16 bits (RODC number) and the low 16 bits of the version.
     */
    public Optional<EncryptionKey> keyForKvno(int kvno) {
        if (kvno == kvno()) {
            return Optional.of(primary.key());
        }
        return secondary.filter(s -> kvno(rodcNumber, s.version()) == kvno).map(DomainKey::key);
    }

    /** The transport context for publishing the primary key of this domain in {@code tenantId}. */
    public KeyContext keyContext(UUID tenantId) {
        return new KeyContext(tenantId, dnsName, rodcNumber, primary.version(), KEY_ETYPE);
    }

    @Override
    public String toString() {
        return "KerberosDomain[" + dnsName + ", " + displayName() + ", keyVersion=" + primary.version()
                + ", kvno=" + kvno() + ", keyUpdatedOn=" + primary.updatedOn() + ", keyUpdatedFrom=" + primary.updatedFrom()
                + ", secondary=" + secondary.map(s -> "version " + s.version()).orElse("none") + "]";
    }
}
