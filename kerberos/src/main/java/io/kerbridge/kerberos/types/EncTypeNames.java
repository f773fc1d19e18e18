package io.kerbridge.kerberos.types;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** MIT's enctype names (kdc.conf(5) "Encryption types"), for configuration and display. */
public final class EncTypeNames {
    private EncTypeNames() {}

    private static final Map<String, EncType> BY_NAME = Map.ofEntries(
            Map.entry("aes128-cts-hmac-sha1-96", EncType.AES128_CTS_HMAC_SHA1_96),
            Map.entry("aes128-cts", EncType.AES128_CTS_HMAC_SHA1_96),
            Map.entry("aes128-sha1", EncType.AES128_CTS_HMAC_SHA1_96),
            Map.entry("aes256-cts-hmac-sha1-96", EncType.AES256_CTS_HMAC_SHA1_96),
            Map.entry("aes256-cts", EncType.AES256_CTS_HMAC_SHA1_96),
            Map.entry("aes256-sha1", EncType.AES256_CTS_HMAC_SHA1_96),
            Map.entry("aes128-cts-hmac-sha256-128", EncType.AES128_CTS_HMAC_SHA256_128),
            Map.entry("aes128-sha2", EncType.AES128_CTS_HMAC_SHA256_128),
            Map.entry("aes256-cts-hmac-sha384-192", EncType.AES256_CTS_HMAC_SHA384_192),
            Map.entry("aes256-sha2", EncType.AES256_CTS_HMAC_SHA384_192),
            Map.entry("arcfour-hmac", EncType.RC4_HMAC),
            Map.entry("rc4-hmac", EncType.RC4_HMAC),
            Map.entry("arcfour-hmac-md5", EncType.RC4_HMAC));

    /** Parses an MIT name ("aes256-cts-hmac-sha1-96", "aes256-sha2") or a number ("18"). */
    public static Optional<EncType> parse(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        if (t.matches("-?\\d+")) {
            return Optional.of(EncType.of(Integer.parseInt(t)));
        }
        return Optional.ofNullable(BY_NAME.get(t));
    }

    /** The canonical MIT name, e.g. "aes256-cts-hmac-sha1-96" (as klist -e prints). */
    public static String mitName(EncType t) {
        return switch (t.value()) {
            case 17 -> "aes128-cts-hmac-sha1-96";
            case 18 -> "aes256-cts-hmac-sha1-96";
            case 19 -> "aes128-cts-hmac-sha256-128";
            case 20 -> "aes256-cts-hmac-sha384-192";
            case 23 -> "arcfour-hmac";
            default -> "etype " + t.value();
        };
    }
}
