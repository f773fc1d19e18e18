package io.kerbridge.bench.load;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** {@code --name value} and {@code --flag} options after a command word; every option must be known. */
final class Args {
    private final Map<String, String> values = new HashMap<>();
    private final Set<String> used = new HashSet<>();
    final List<String> positional = new ArrayList<>();

    Args(String[] argv, int from, Set<String> flags) {
        for (int i = from; i < argv.length; i++) {
            String a = argv[i];
            if (a.startsWith("--")) {
                String name = a.substring(2);
                int eq = name.indexOf('=');
                if (eq > 0) {
                    values.put(name.substring(0, eq), name.substring(eq + 1));
                } else if (flags.contains(name)) {
                    values.put(name, "true");
                } else if (i + 1 < argv.length) {
                    values.put(name, argv[++i]);
                } else {
                    throw new IllegalArgumentException("--" + name + " needs a value");
                }
            } else {
                positional.add(a);
            }
        }
    }

    Optional<String> opt(String name) {
        used.add(name);
        return Optional.ofNullable(values.get(name));
    }

    String str(String name, String dflt) {
        return opt(name).orElse(dflt);
    }

    String required(String name) {
        return opt(name).orElseThrow(() -> new IllegalArgumentException("--" + name + " is required"));
    }

    int integer(String name, int dflt) {
        return opt(name).map(Integer::parseInt).orElse(dflt);
    }

    long longValue(String name, long dflt) {
        return opt(name).map(Long::parseLong).orElse(dflt);
    }

    double dbl(String name, double dflt) {
        return opt(name).map(Double::parseDouble).orElse(dflt);
    }

    boolean flag(String name) {
        return opt(name).map(Boolean::parseBoolean).orElse(false);
    }

    Path path(String name) {
        return Path.of(required(name));
    }

    /** The first line of a file, without the line end (password files). */
    String secretFile(String name) {
        try {
            String s = Files.readString(path(name));
            int nl = s.indexOf('\n');
            return nl < 0 ? s : s.substring(0, nl);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("cannot read --" + name + ": " + e.getMessage());
        }
    }

    /** Fails on options nobody asked for (typos). */
    void checkAllUsed() {
        Set<String> unknown = new HashSet<>(values.keySet());
        unknown.removeAll(used);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown option(s): " + unknown);
        }
    }
}
