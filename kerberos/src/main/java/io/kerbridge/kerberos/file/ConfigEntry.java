package io.kerbridge.kerberos.file;

import io.kerbridge.kerberos.Bytes;
import io.kerbridge.kerberos.types.EncType;
import io.kerbridge.kerberos.types.EncryptionKey;
import io.kerbridge.kerberos.types.NameType;
import io.kerbridge.kerberos.types.PrincipalName;
import io.kerbridge.kerberos.types.TicketFlags;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A ccache configuration entry: stored as a credential whose server is
 * {@code krb5_ccache_conf_data/<key>[/<principal>]@X-CACHECONF:}, whose client is the cache's default
 * principal, whose ticket field holds the value and whose other fields are zero.
 *
 * @param key the configuration key, e.g. {@link #PA_TYPE}
 * @param principal the principal the key is about, in MIT text form with its realm
 *     ({@code krbtgt/EXAMPLE.TEST@EXAMPLE.TEST}), or null
 * @param value the value bytes (often ASCII)
 */
public record ConfigEntry(String key, String principal, Bytes value) implements CcacheEntry {
    public static final String REALM = "X-CACHECONF:";
    public static final String PREFIX = "krb5_ccache_conf_data";
    public static final String FAST_AVAIL = "fast_avail";
    public static final String PA_TYPE = "pa_type";
    public static final String PA_CONFIG_DATA = "pa_config_data";
    public static final String START_REALM = "start_realm";
    public static final String REFRESH_TIME = "refresh_time";
    public static final String PROXY_IMPERSONATOR = "proxy_impersonator";

    public ConfigEntry {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
    }

    public static ConfigEntry of(String key, String principal, String value) {
        return new ConfigEntry(key, principal, Bytes.utf8(value));
    }

    /** {@code pa_type} for the server of the initial authentication, e.g. 2 (encrypted timestamp). */
    public static ConfigEntry paType(String serverPrincipal, int paType) {
        return of(PA_TYPE, serverPrincipal, Integer.toString(paType));
    }

    /** {@code fast_avail} = "yes" for the server of the initial authentication. */
    public static ConfigEntry fastAvail(String serverPrincipal) {
        return of(FAST_AVAIL, serverPrincipal, "yes");
    }

    public static ConfigEntry startRealm(String realm) {
        return of(START_REALM, null, realm);
    }

    public static ConfigEntry refreshTime(Instant when) {
        return of(REFRESH_TIME, null, Long.toString(when.getEpochSecond()));
    }

    public String valueAsString() {
        return new String(value.unsafeArray(), StandardCharsets.UTF_8);
    }

    /** The MIT server principal of this entry (realm {@link #REALM}). */
    public PrincipalName serverName() {
        return principal == null
                ? new PrincipalName(NameType.NT_PRINCIPAL, List.of(PREFIX, key))
                : new PrincipalName(NameType.NT_PRINCIPAL, List.of(PREFIX, key, principal));
    }

    /** This entry as the credential MIT stores for it, with the cache's default principal as client. */
    public Credential toCredential(PrincipalName client, String clientRealm) {
        return new Credential(client, clientRealm, serverName(), REALM, new EncryptionKey(EncType.of(0), new byte[0]),
                Instant.EPOCH, null, Instant.EPOCH, null, false, TicketFlags.NONE, List.of(), List.of(), value,
                Bytes.EMPTY);
    }

    /**
     * The configuration entry a credential encodes, when it is exactly the form MIT writes (so that
     * writing it back gives the same bytes); otherwise empty and the credential is kept as it is.
     */
    public static Optional<ConfigEntry> fromCredential(Credential c, PrincipalName client, String clientRealm) {
        if (!c.isConfigEntry()) {
            return Optional.empty();
        }
        List<String> comps = c.server().components();
        if (comps.size() < 2 || comps.size() > 3 || !comps.get(0).equals(PREFIX)) {
            return Optional.empty();
        }
        ConfigEntry e = new ConfigEntry(comps.get(1), comps.size() == 3 ? comps.get(2) : null, c.ticket());
        return e.toCredential(client, clientRealm).equals(c) ? Optional.of(e) : Optional.empty();
    }

    @Override
    public String toString() {
        return "ConfigEntry[" + key + (principal == null ? "" : " for " + principal) + " = "
                + (value.length() <= 64 ? valueAsString() : value.toString()) + "]";
    }
}
