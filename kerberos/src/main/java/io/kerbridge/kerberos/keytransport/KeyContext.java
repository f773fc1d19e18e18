package io.kerbridge.kerberos.keytransport;

import io.kerbridge.kerberos.types.EncType;
import java.util.Objects;
import java.util.UUID;

/**
 * What a transported Kerberos domain key is for: the tenant, the AD domain, the RODC number
 * ({@code msDS-SecondaryKrbTgtNumber}, the {@code n} of {@code krbtgt_<n>}), the key version
 * ({@code msDS-KeyVersionNumber}) and the enctype. protocol-notes §1.2-§1.5.
 *
 * <p>Every field is bound into the envelope twice: in the HKDF info (so a different context derives
 * a different AES key) and in the AES-GCM associated data (the whole envelope header). The domain
 * name is kept in canonical form (lower case), since DNS names compare case-insensitively.
 *
 * @param tenantId the Entra-like tenant id
 * @param domainDnsName the AD domain DNS name, canonicalised to lower case
 * @param rodcNumber 1..65535
 * @param keyVersion 0..2^32-1 (AD key versions routinely exceed 65535; only the low 16 bits reach the kvno)
 * @param etype the enctype of the transported key
 */
public record KeyContext(UUID tenantId, String domainDnsName, int rodcNumber, long keyVersion, EncType etype) {
    public static final int MIN_RODC_NUMBER = 1;
    public static final int MAX_RODC_NUMBER = 0xFFFF;
    public static final long MAX_KEY_VERSION = 0xFFFF_FFFFL;

    public KeyContext {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(etype, "etype");
        domainDnsName = DnsNames.canonical(domainDnsName);
        checkRodcNumber(rodcNumber);
        checkKeyVersion(keyVersion);
    }

    static void checkRodcNumber(int rodcNumber) {
        if (rodcNumber < MIN_RODC_NUMBER || rodcNumber > MAX_RODC_NUMBER) {
            throw new IllegalArgumentException("RODC number " + rodcNumber + " not in 1..65535");
        }
    }

    static void checkKeyVersion(long keyVersion) {
        if (keyVersion < 0 || keyVersion > MAX_KEY_VERSION) {
            throw new IllegalArgumentException("key version " + keyVersion + " not in 0..4294967295");
        }
    }

    /** The first field that differs from {@code other}, by name, or null when both are equal. */
    String firstDifference(KeyContext other) {
        if (!tenantId.equals(other.tenantId)) {
            return "tenantId";
        }
        if (!domainDnsName.equals(other.domainDnsName)) {
            return "domainDnsName";
        }
        if (rodcNumber != other.rodcNumber) {
            return "rodcNumber";
        }
        if (keyVersion != other.keyVersion) {
            return "keyVersion";
        }
        if (!etype.equals(other.etype)) {
            return "etype";
        }
        return null;
    }
}
