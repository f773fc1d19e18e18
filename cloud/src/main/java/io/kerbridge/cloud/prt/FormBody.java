// protocol-notes §3.2a (the token endpoint's body is application/x-www-form-urlencoded; H sends no
// Content-Type header, so the body is parsed as a form whatever the header says). WHATWG URL
// "application/x-www-form-urlencoded parsing" ('&'-separated, '+' = space, percent-decoding, UTF-8).
package io.kerbridge.cloud.prt;

import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A parsed form body. Strict where ambiguity could be exploited: invalid UTF-8, a malformed percent escape
 * and a repeated parameter are refused ({@code malformed_request}); at most {@value #MAX_PARAMETERS}
 * parameters (the body itself is capped at 64 KiB by the server).
 */
public record FormBody(Map<String, String> params) {
    public static final int MAX_PARAMETERS = 64;

    public FormBody {
        params = Map.copyOf(params);
    }

    public static FormBody parse(byte[] raw) throws OAuthException {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(raw)).toString();
        } catch (CharacterCodingException e) {
            throw PrtError.MALFORMED_REQUEST.with("the request body is not UTF-8");
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (String pair : text.strip().split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            if (out.putIfAbsent(name, value) != null) {
                throw PrtError.MALFORMED_REQUEST.with("the parameter '" + clip(name) + "' appears more than once");
            }
            if (out.size() > MAX_PARAMETERS) {
                throw PrtError.MALFORMED_REQUEST.with("more than " + MAX_PARAMETERS + " form parameters");
            }
        }
        return new FormBody(out);
    }

    public Optional<String> get(String name) {
        return Optional.ofNullable(params.get(name));
    }

    /** The parameter's value; {@code missing_parameter} when absent or empty. */
    public String require(String name) throws OAuthException {
        String v = params.get(name);
        if (v == null || v.isEmpty()) {
            throw PrtError.MISSING_PARAMETER.with("The request body must contain the following parameter: '" + name + "'.");
        }
        return v;
    }

    private static String decode(String s) throws OAuthException {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw PrtError.MALFORMED_REQUEST.with("the request body is not valid form encoding");
        }
    }

    static String clip(String s) {
        String printable = s.replaceAll("[^\\x20-\\x7e]", "?");
        return printable.length() <= 40 ? printable : printable.substring(0, 40) + "...";
    }
}
