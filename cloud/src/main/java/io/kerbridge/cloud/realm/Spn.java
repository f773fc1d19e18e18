// protocol-notes §5.3 (service principals of the cloud realm, e.g. cifs/<account>.file.core.windows.net or
// MSSQLSvc/<host>:1433); RFC 4120 §6.2 (principal names: components separated by '/'), §7.3 (krbtgt is the
// TGS's name); MS-ADTS 5.1.1.4 form serviceclass/host[:port][/servicename].
package io.kerbridge.cloud.realm;

import io.kerbridge.kerberos.types.NameType;
import io.kerbridge.kerberos.types.PrincipalName;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Service principal names the cloud realm accepts: {@code class/host[:port|:instance][/name]}. The class is
 * a letter then letters, digits or dashes (not {@code krbtgt}, the realm's own name); the host a DNS name.
 * No realm part, no escapes, no spaces.
 */
final class Spn {
    static final int MAX_LENGTH = 512;
    private static final Pattern SERVICE_CLASS = Pattern.compile("[A-Za-z][A-Za-z0-9-]{0,63}");
    private static final String LABEL = "[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?";
    private static final Pattern HOST = Pattern.compile(LABEL + "(\\." + LABEL + ")*(:[A-Za-z0-9_$-]{1,64})?");
    private static final Pattern SERVICE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9.-]{0,252}");

    private Spn() {}

    /** The principal (NT-SRV-INST) of a valid SPN. */
    static PrincipalName parse(String spn) {
        if (spn == null || spn.isEmpty() || spn.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("a service principal name has 1 to " + MAX_LENGTH + " characters");
        }
        List<String> parts = List.of(spn.split("/", -1));
        if (parts.size() < 2 || parts.size() > 3) {
            throw new IllegalArgumentException("'" + spn + "' is not class/host[:port][/name]");
        }
        if (!SERVICE_CLASS.matcher(parts.get(0)).matches() || !HOST.matcher(parts.get(1)).matches()
                || parts.get(1).split(":")[0].length() > 253
                || (parts.size() == 3 && !SERVICE_NAME.matcher(parts.get(2)).matches())) {
            throw new IllegalArgumentException("'" + spn + "' is not class/host[:port][/name] with a DNS host name");
        }
        if (parts.get(0).equalsIgnoreCase("krbtgt") || parts.get(0).equalsIgnoreCase("kadmin")) {
            throw new IllegalArgumentException("'" + parts.get(0) + "' names the realm's own services");
        }
        return new PrincipalName(NameType.NT_SRV_INST, parts);
    }

    /**
     * The SPN text a requested server name stands for, when it can be one (components without '/' or '@'):
     * the lookup key of a TGS-REQ's sname.
     */
    static Optional<String> of(PrincipalName sname) {
        List<String> c = sname.components();
        if (c.size() < 2 || c.size() > 3 || c.stream().anyMatch(s -> s.isEmpty() || s.contains("/") || s.contains("@"))) {
            return Optional.empty();
        }
        return Optional.of(String.join("/", c));
    }

    /** The host part (without port) in lower case. */
    static String host(String spn) {
        return spn.split("/")[1].split(":")[0].toLowerCase(Locale.ROOT);
    }

    /** The port or instance after the host, if any. */
    static Optional<String> port(String spn) {
        String[] hp = spn.split("/")[1].split(":", 2);
        return hp.length == 2 ? Optional.of(hp[1]) : Optional.empty();
    }
}
