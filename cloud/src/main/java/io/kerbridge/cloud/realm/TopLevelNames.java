// protocol-notes §2.2 (kerberos_top_level_names: a comma-separated string such as
// ".windows.net,.windows.net:1433,..."), §5.3 (the host suffixes, with optional port, that Windows sends to the
// cloud realm; explicit host-to-realm mappings override), §1.6 (Set-AzureADKerberosServer -TopLevelNames
// defaults to windows.net).
package io.kerbridge.cloud.realm;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A tenant's {@code kerberos_top_level_names}. An administrator may set the list; until then (or after a reset)
 * the <b>default</b> is {@code .windows.net} followed by, for every registered SPN whose host is not already
 * covered, the SPN host's parent domain as a suffix ({@code cifs/files.contoso.cloud} gives {@code .contoso.cloud};
 * an SPN with a port gives the suffix with that port, {@code .contoso.cloud:1433}). So every registered service is
 * routed to the cloud realm, and the Entra default suffix is always there. Entries are lower case; a leading dot
 * makes a suffix, without one it is a whole host name.
 */
final class TopLevelNames {
    static final String DEFAULT_SUFFIX = ".windows.net";
    static final int MAX_NAMES = 64;
    private static final String LABEL = "[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?";
    private static final Pattern NAME = Pattern.compile("\\.?" + LABEL + "(\\." + LABEL + ")*(:[0-9]{1,5})?");

    private TopLevelNames() {}

    /** Validates and normalises an administrator's list (lower case, duplicates refused). */
    static List<String> validate(List<String> names) {
        if (names.size() > MAX_NAMES) {
            throw new IllegalArgumentException("at most " + MAX_NAMES + " top-level names");
        }
        Set<String> out = new LinkedHashSet<>();
        for (String n : names) {
            String s = n == null ? "" : n.strip().toLowerCase(Locale.ROOT);
            if (s.length() > 260 || !NAME.matcher(s).matches() || !portOk(s)) {
                throw new IllegalArgumentException("'" + n + "' is not a host name or .suffix with an optional :port");
            }
            if (!out.add(s)) {
                throw new IllegalArgumentException("'" + s + "' is listed twice");
            }
        }
        return List.copyOf(out);
    }

    private static boolean portOk(String s) {
        int colon = s.indexOf(':');
        if (colon < 0) {
            return true;
        }
        int port = Integer.parseInt(s.substring(colon + 1));
        return port >= 1 && port <= 65535;
    }

    /** The default list for the registered SPNs (see the class comment). */
    static List<String> defaults(List<String> spns) {
        List<String> out = new ArrayList<>(List.of(DEFAULT_SUFFIX));
        for (String spn : spns) {
            String host = Spn.host(spn);
            int dot = host.indexOf('.');
            String suffix = dot < 0 ? host : host.substring(dot);
            String port = Spn.port(spn).filter(p -> p.matches("[0-9]{1,5}")).map(p -> ":" + p).orElse("");
            if (!covered(out, host, port)) {
                out.add(suffix + port);
            }
        }
        return List.copyOf(out);
    }

    /** Whether an entry already routes {@code host} (with {@code port}, "" for none) to the realm. */
    static boolean covered(List<String> names, String host, String port) {
        for (String n : names) {
            String[] np = n.split(":", 2);
            String nPort = np.length == 2 ? ":" + np[1] : "";
            boolean hostMatch = np[0].startsWith(".") ? host.endsWith(np[0]) : host.equals(np[0]);
            if (hostMatch && nPort.equals(port)) {
                return true;
            }
        }
        return false;
    }
}
