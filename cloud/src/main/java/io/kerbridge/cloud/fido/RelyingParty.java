// W3C WebAuthn Level 2 §5.1.3/§5.1.4 step 8 (the RP ID is a registrable domain suffix of the caller's origin; IP
// addresses are not valid RP IDs), §7.1 step 9 and §7.2 step 12 (the client data's origin must be one the Relying
// Party expects); protocol-notes §2.1.
package io.kerbridge.cloud.fido;

import com.webauthn4j.data.client.Origin;
import io.kerbridge.cloud.ApiException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.IntSupplier;
import java.util.regex.Pattern;

/**
 * The service as a WebAuthn Relying Party: its DNS host names (from {@code cloud.json}; IP literals are dropped
 * because they cannot be RP IDs) and the HTTPS port it serves on. The port is read when needed, because the
 * service may bind port 0 and learn its port only once started.
 */
public final class RelyingParty {
    private static final Pattern DNS_NAME = Pattern.compile(
            "(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*");
    private static final Pattern NUMERIC_LAST_LABEL = Pattern.compile(".*(^|\\.)[0-9]+$");

    private final List<String> hostNames;
    private final IntSupplier port;

    public RelyingParty(List<String> hostNames, IntSupplier port) {
        this.hostNames = hostNames.stream().map(h -> h.toLowerCase(Locale.ROOT)).filter(RelyingParty::isDomainName)
                .distinct().toList();
        this.port = port;
    }

    /** A DNS name usable as an RP ID: not an IPv4/IPv6 literal (§5.1.3 "effective domain" must be a domain). */
    static boolean isDomainName(String host) {
        return DNS_NAME.matcher(host).matches() && !NUMERIC_LAST_LABEL.matcher(host).matches();
    }

    public List<String> hostNames() {
        return hostNames;
    }

    /**
     * The RP ID for a page served under {@code hostHeader} (the HTTP Host header, maybe with a port): the host
     * itself, if it is one of the service's DNS names. An IP address or a foreign name is refused (400 bad_rp_id).
     */
    public String rpIdFor(String hostHeader) throws ApiException {
        String host = Optional.ofNullable(hostHeader).map(RelyingParty::stripPort).orElse("").toLowerCase(Locale.ROOT);
        if (!hostNames.contains(host)) {
            throw ApiException.badRequest("bad_rp_id", "security keys work only on the service's host names "
                    + hostNames + " (not on an IP address); open the page as https://<host name>:" + port.getAsInt());
        }
        return host;
    }

    private static String stripPort(String hostHeader) {
        String h = hostHeader.strip();
        if (h.startsWith("[")) {
            return h; // an IPv6 literal: never a valid RP ID, refused by the caller
        }
        int colon = h.lastIndexOf(':');
        return colon < 0 ? h : h.substring(0, colon);
    }

    /** The origins the service's pages run under: {@code https://<name>[:<port>]} for each DNS name. */
    public Set<Origin> origins() {
        int p = port.getAsInt();
        Set<Origin> out = new LinkedHashSet<>();
        for (String h : hostNames) {
            out.add(Origin.create(p == 443 ? "https://" + h : "https://" + h + ":" + p));
        }
        return out;
    }
}
