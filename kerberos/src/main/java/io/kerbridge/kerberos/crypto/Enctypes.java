package io.kerbridge.kerberos.crypto;

import io.kerbridge.kerberos.types.EncType;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The enctype registry of this build. */
public final class Enctypes {
    private static final List<Enctype> ALL = List.of(AesSha1Enctype.AES256, AesSha1Enctype.AES128,
            AesSha2Enctype.AES256, AesSha2Enctype.AES128, Rc4HmacEnctype.INSTANCE);
    private static final Map<EncType, Enctype> BY_ID = Map.of(
            EncType.AES256_CTS_HMAC_SHA1_96, AesSha1Enctype.AES256,
            EncType.AES128_CTS_HMAC_SHA1_96, AesSha1Enctype.AES128,
            EncType.AES256_CTS_HMAC_SHA384_192, AesSha2Enctype.AES256,
            EncType.AES128_CTS_HMAC_SHA256_128, AesSha2Enctype.AES128,
            EncType.RC4_HMAC, Rc4HmacEnctype.INSTANCE);
    private static final List<EncType> SUPPORTED = ALL.stream().map(Enctype::id).toList();

    private Enctypes() {}

    public static Optional<Enctype> find(EncType t) {
        return Optional.ofNullable(t == null ? null : BY_ID.get(t));
    }

    public static Enctype get(EncType t) throws UnsupportedEnctypeException {
        Enctype e = t == null ? null : BY_ID.get(t);
        if (e == null) {
            throw new UnsupportedEnctypeException(t);
        }
        return e;
    }

    /**
     * Supported enctypes, strongest-first in MIT's default order: 18, 17, 20, 19, 23. Which of
     * them a realm permits (rc4 is normally off) is policy.
     */
    public static List<EncType> supported() {
        return SUPPORTED;
    }

    /**
     * Drops the cached derived keys (Ke/Ki/Kc per base key and usage). Call after destroying or
     * rotating long-term keys if derived material must not outlive them in memory.
     */
    public static void clearDerivedKeyCache() {
        DerivedKeyCache.clear();
    }
}
