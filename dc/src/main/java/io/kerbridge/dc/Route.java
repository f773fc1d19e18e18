package io.kerbridge.dc;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * One admin API endpoint: method, path template ({@code /api/v1/users/{name}}), whether only Domain
 * Admins may call it (every write, and reads of sensitive objects), and the handler.
 */
public record Route(String method, String template, boolean adminOnly, Handler handler) {
    @FunctionalInterface
    public interface Handler {
        /** Returns the JSON body of a 200 answer (or null for 204). */
        Object handle(Caller caller, Map<String, String> params, JsonNode body) throws ApiException;
    }

    public static Route get(String template, Handler h) {
        return new Route("GET", template, false, h);
    }

    /** A read that only Domain Admins may make. */
    public static Route adminGet(String template, Handler h) {
        return new Route("GET", template, true, h);
    }

    public static Route post(String template, Handler h) {
        return new Route("POST", template, true, h);
    }

    public static Route put(String template, Handler h) {
        return new Route("PUT", template, true, h);
    }

    public static Route delete(String template, Handler h) {
        return new Route("DELETE", template, true, h);
    }

    Pattern pattern() {
        return Pattern.compile("^" + template.replaceAll("\\{(\\w+)}", "(?<$1>[^/]+)") + "$");
    }

    /** The path parameters when {@code path} matches, else null. */
    Map<String, String> match(String path) {
        Matcher m = pattern().matcher(path);
        if (!m.matches()) {
            return null;
        }
        Map<String, String> params = new java.util.HashMap<>();
        for (String name : names()) {
            params.put(name, java.net.URLDecoder.decode(m.group(name), java.nio.charset.StandardCharsets.UTF_8));
        }
        return params;
    }

    private List<String> names() {
        Matcher m = Pattern.compile("\\{(\\w+)}").matcher(template);
        List<String> out = new java.util.ArrayList<>();
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }
}
