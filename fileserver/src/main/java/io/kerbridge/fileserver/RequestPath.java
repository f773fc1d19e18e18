// RFC 3986 §2.1 (percent-encoding), §3.3 (path segments), §5.2.4 (dot segments: refused here, not removed);
// RFC 4918 §8.3 (URL handling: collections end in '/').
package io.kerbridge.fileserver;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The path of a request, split into the share name and the segments below it. It is parsed from the raw
 * (still percent-encoded) request path, segment by segment, and is refused rather than repaired when any
 * decoded segment could step out of its directory:
 *
 * <ul>
 *   <li>{@code .} and {@code ..}, however written ({@code %2e%2e}, {@code .%2E});</li>
 *   <li>an encoded {@code /} or any {@code \}, NUL or control character (a second separator on some systems);</li>
 *   <li>malformed percent-encoding or UTF-8; a segment over 255 bytes, a path over 4096 characters or
 *       64 segments;</li>
 *   <li>names beginning with {@value #RESERVED_PREFIX} (the server's upload temporaries).</li>
 * </ul>
 * Empty segments ({@code //}) are skipped. Jetty's own URI checks run before this one and refuse most of the
 * same paths first; this parser does not rely on them.
 *
 * @param share the share name (first segment), empty for {@code /}
 * @param segments the decoded segments below the share, never dot segments
 * @param trailingSlash whether the raw path ended in {@code /}
 */
public record RequestPath(Optional<String> share, List<String> segments, boolean trailingSlash) {
    public static final int MAX_PATH_CHARS = 4096;
    public static final int MAX_SEGMENTS = 64;
    public static final int MAX_SEGMENT_BYTES = 255;
    /** Upload temporaries are created with this prefix and are invisible and unreachable through HTTP. */
    public static final String RESERVED_PREFIX = ".kerbridge-";

    public RequestPath {
        segments = List.copyOf(segments);
    }

    /** A path that cannot name anything in a share. */
    public static final class BadPath extends Exception {
        private static final long serialVersionUID = 1L;

        BadPath(String message) {
            super(message, null, false, false);
        }
    }

    /** The root, {@code /}: the list of shares. */
    public boolean isRoot() {
        return share.isEmpty();
    }

    /** The top of a share, {@code /Share} or {@code /Share/}. */
    public boolean isShareRoot() {
        return share.isPresent() && segments.isEmpty();
    }

    public static RequestPath parse(String rawPath) throws BadPath {
        if (rawPath == null || rawPath.isEmpty() || rawPath.charAt(0) != '/') {
            throw new BadPath("the path must begin with /");
        }
        if (rawPath.length() > MAX_PATH_CHARS) {
            throw new BadPath("the path is longer than " + MAX_PATH_CHARS + " characters");
        }
        List<String> parts = new ArrayList<>();
        for (String raw : rawPath.split("/", -1)) {
            if (raw.isEmpty()) {
                continue;
            }
            if (parts.size() == MAX_SEGMENTS + 1) {
                throw new BadPath("the path has more than " + MAX_SEGMENTS + " segments");
            }
            parts.add(segment(raw));
        }
        boolean slash = rawPath.endsWith("/");
        if (parts.isEmpty()) {
            return new RequestPath(Optional.empty(), List.of(), true);
        }
        return new RequestPath(Optional.of(parts.get(0)), parts.subList(1, parts.size()), slash);
    }

    /** Decodes and checks one segment. */
    static String segment(String raw) throws BadPath {
        byte[] bytes = percentDecode(raw);
        if (bytes.length > MAX_SEGMENT_BYTES) {
            throw new BadPath("a path segment is longer than " + MAX_SEGMENT_BYTES + " bytes");
        }
        String s;
        try {
            s = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new BadPath("a path segment is not valid UTF-8");
        }
        if (s.equals(".") || s.equals("..")) {
            throw new BadPath("'.' and '..' are not allowed in paths");
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '/' || c == '\\') {
                throw new BadPath("an encoded '/' or a '\\' is not allowed in a name");
            }
            if (c < 0x20 || c == 0x7F) {
                throw new BadPath("control characters are not allowed in names");
            }
        }
        if (s.startsWith(RESERVED_PREFIX)) {
            throw new BadPath("names beginning with " + RESERVED_PREFIX + " are reserved");
        }
        return s;
    }

    private static byte[] percentDecode(String raw) throws BadPath {
        byte[] out = new byte[raw.length() * 3];
        int n = 0;
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length()) {
                    throw new BadPath("malformed percent-encoding");
                }
                int hi = Character.digit(raw.charAt(i + 1), 16);
                int lo = Character.digit(raw.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    throw new BadPath("malformed percent-encoding");
                }
                out[n++] = (byte) (hi << 4 | lo);
                i += 2;
            } else if (c < 0x80) {
                out[n++] = (byte) c;
            } else {
                // raw non-ASCII in the request line: take it as UTF-8 (Jetty hands the path over as a String)
                int cp = raw.codePointAt(i);
                ByteBuffer b = StandardCharsets.UTF_8.encode(CharBuffer.wrap(Character.toChars(cp)));
                while (b.hasRemaining()) {
                    out[n++] = b.get();
                }
                i += Character.charCount(cp) - 1;
            }
        }
        return java.util.Arrays.copyOf(out, n);
    }

    /** The URL path of a share and segments, percent-encoded; {@code collection} adds the trailing '/'. */
    public static String href(Optional<String> share, List<String> segments, boolean collection) {
        StringBuilder b = new StringBuilder("/");
        if (share.isPresent()) {
            b.append(encode(share.get()));
            for (String s : segments) {
                b.append('/').append(encode(s));
            }
            if (collection) {
                b.append('/');
            }
        }
        return b.toString();
    }

    /** Percent-encodes everything but RFC 3986 unreserved characters. */
    public static String encode(String segment) {
        StringBuilder b = new StringBuilder();
        for (byte x : segment.getBytes(StandardCharsets.UTF_8)) {
            int c = x & 0xFF;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
                    || c == '_' || c == '~') {
                b.append((char) c);
            } else {
                b.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xF, 16)));
            }
        }
        return b.toString();
    }
}
