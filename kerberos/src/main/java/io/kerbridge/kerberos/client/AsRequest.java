package io.kerbridge.kerberos.client;

import io.kerbridge.kerberos.types.EncType;
import io.kerbridge.kerberos.types.PrincipalName;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What to ask for in an AS exchange (RFC 4120 §3.1). {@code server} defaults to krbtgt/REALM.
 * {@code pacRequest} sends PA-PAC-REQUEST (MS-KILE 2.2.3) when present.
 */
public record AsRequest(PrincipalName client, String realm, PrincipalName server, Duration lifetime,
        Optional<Duration> renewable, boolean forwardable, boolean canonicalize, List<EncType> etypes,
        Optional<Boolean> pacRequest) {
    public static final List<EncType> DEFAULT_ETYPES = List.of(EncType.AES256_CTS_HMAC_SHA1_96,
            EncType.AES256_CTS_HMAC_SHA384_192, EncType.AES128_CTS_HMAC_SHA256_128, EncType.AES128_CTS_HMAC_SHA1_96);

    public AsRequest {
        etypes = List.copyOf(etypes);
    }

    public static AsRequest tgt(PrincipalName client, String realm) {
        return new AsRequest(client, realm, PrincipalName.krbtgt(realm), Duration.ofHours(10), Optional.empty(),
                true, false, DEFAULT_ETYPES, Optional.empty());
    }

    public AsRequest withEtypes(List<EncType> e) {
        return new AsRequest(client, realm, server, lifetime, renewable, forwardable, canonicalize, e, pacRequest);
    }

    public AsRequest withLifetime(Duration l, Optional<Duration> renew) {
        return new AsRequest(client, realm, server, l, renew, forwardable, canonicalize, etypes, pacRequest);
    }

    public AsRequest withCanonicalize(boolean c) {
        return new AsRequest(client, realm, server, lifetime, renewable, forwardable, c, etypes, pacRequest);
    }
}
