// MIT krb5.conf(5) syntax, the subset a client needs: [libdefaults], [realms] (kdc, kpasswd_server,
// admin_server, including KKDCP "https://" kdc entries as MIT writes them), [domain_realm].
package io.kerbridge.kerberos.client;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A parsed krb5.conf. Relations are kept as "section → (realm →) key → values"; a key may repeat
 * (several {@code kdc} lines). {@code include FILE} and {@code includedir DIR} are followed.
 */
public final class KrbConfig {
    private final Map<String, Map<String, List<String>>> sections = new LinkedHashMap<>();
    private final Map<String, Map<String, List<String>>> realms = new LinkedHashMap<>();

    private KrbConfig() {}

    public static KrbConfig parse(String text) throws ConfigException {
        KrbConfig c = new KrbConfig();
        c.read(text, null, 0);
        return c;
    }

    public static KrbConfig load(Path file) throws ConfigException {
        KrbConfig c = new KrbConfig();
        c.readFile(file, 0);
        return c;
    }

    /**
     * The file named by {@code KRB5_CONFIG} (first of a colon list that exists), else
     * /etc/krb5.conf; an empty configuration when none exists.
     */
    public static KrbConfig fromEnvironment() throws ConfigException {
        String env = System.getenv("KRB5_CONFIG");
        List<String> candidates = env != null ? List.of(env.split(":")) : List.of("/etc/krb5.conf");
        for (String f : candidates) {
            if (!f.isBlank() && Files.isReadable(Path.of(f))) {
                return load(Path.of(f));
            }
        }
        return new KrbConfig();
    }

    private void readFile(Path file, int depth) throws ConfigException {
        try {
            read(Files.readString(file), file, depth);
        } catch (IOException e) {
            throw new ConfigException("cannot read " + file + ": " + e.getMessage());
        }
    }

    private void read(String text, Path origin, int depth) throws ConfigException {
        if (depth > 8) {
            throw new ConfigException("include nesting deeper than 8 at " + origin);
        }
        String section = null;
        String realm = null;
        int lineNo = 0;
        for (String raw : text.split("\r?\n")) {
            lineNo++;
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                continue;
            }
            if (line.startsWith("include ") || line.startsWith("includedir ")) {
                include(line, depth);
                continue;
            }
            if (line.startsWith("[")) {
                int close = line.indexOf(']');
                if (close < 0) {
                    throw new ConfigException(where(origin, lineNo) + "unclosed section header");
                }
                section = line.substring(1, close).strip();
                realm = null;
                continue;
            }
            if (section == null) {
                throw new ConfigException(where(origin, lineNo) + "relation outside a section");
            }
            if (line.equals("}")) {
                realm = null;
                continue;
            }
            int eq = line.indexOf('=');
            if (eq < 0) {
                throw new ConfigException(where(origin, lineNo) + "expected name = value");
            }
            String key = line.substring(0, eq).strip();
            String value = line.substring(eq + 1).strip();
            if (value.equals("{")) {
                realm = key;
                if (section.equals("realms")) {
                    realms.computeIfAbsent(key.toUpperCase(Locale.ROOT), k -> new LinkedHashMap<>());
                }
                continue;
            }
            if (value.endsWith("*")) { // "final" marker of MIT
                value = value.substring(0, value.length() - 1).strip();
            }
            if (section.equals("realms") && realm != null) {
                realms.get(realm.toUpperCase(Locale.ROOT)).computeIfAbsent(key, k -> new ArrayList<>()).add(value);
            } else if (realm == null) {
                sections.computeIfAbsent(section, k -> new LinkedHashMap<>())
                        .computeIfAbsent(key, k -> new ArrayList<>()).add(value);
            }
        }
    }

    private void include(String line, int depth) throws ConfigException {
        boolean dir = line.startsWith("includedir ");
        Path p = Path.of(line.substring(dir ? 11 : 8).strip());
        if (!dir) {
            readFile(p, depth + 1);
            return;
        }
        try (var files = Files.list(p)) {
            for (Path f : files.sorted().toList()) {
                String n = f.getFileName().toString();
                if (n.matches("[A-Za-z0-9_-]+(\\.conf)?")) {
                    readFile(f, depth + 1);
                }
            }
        } catch (IOException e) {
            throw new ConfigException("cannot list " + p + ": " + e.getMessage());
        }
    }

    private static String where(Path origin, int line) {
        return (origin == null ? "krb5.conf" : origin.toString()) + ":" + line + ": ";
    }

    public Optional<String> get(String section, String key) {
        List<String> v = sections.getOrDefault(section, Map.of()).get(key);
        return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v.get(0));
    }

    public Optional<String> libdefault(String key) {
        return get("libdefaults", key);
    }

    public boolean libdefaultFlag(String key, boolean dflt) {
        return libdefault(key).map(v -> v.equalsIgnoreCase("true") || v.equalsIgnoreCase("yes") || v.equals("1"))
                .orElse(dflt);
    }

    public Optional<String> defaultRealm() {
        return libdefault("default_realm");
    }

    public List<String> realmValues(String realm, String key) {
        return List.copyOf(realms.getOrDefault(realm.toUpperCase(Locale.ROOT), Map.of()).getOrDefault(key, List.of()));
    }

    /** The KDC addresses of a realm, in file order. */
    public List<KdcAddress> kdcs(String realm) throws ConfigException {
        List<KdcAddress> out = new ArrayList<>();
        for (String v : realmValues(realm, "kdc")) {
            out.add(KdcAddress.parse(v, 88));
        }
        return out;
    }

    /** Realm of a host name through [domain_realm] (exact name, then each parent ".domain"). */
    public Optional<String> realmForHost(String host) {
        Map<String, List<String>> map = sections.getOrDefault("domain_realm", Map.of());
        String h = host.toLowerCase(Locale.ROOT);
        if (map.containsKey(h)) {
            return Optional.of(map.get(h).get(0));
        }
        for (int i = h.indexOf('.'); i >= 0; i = h.indexOf('.', i + 1)) {
            List<String> v = map.get(h.substring(i));
            if (v != null) {
                return Optional.of(v.get(0));
            }
        }
        return Optional.empty();
    }

    /** MIT's udp_preference_limit: messages larger than this go straight to TCP (default 1465). */
    public int udpPreferenceLimit() {
        return libdefault("udp_preference_limit").map(Integer::parseInt).orElse(1465);
    }

    /** A configuration problem, with the file and line when known. */
    public static final class ConfigException extends Exception {
        public ConfigException(String message) {
            super(message);
        }
    }
}
