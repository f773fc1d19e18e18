// RFC 9110 §9.3 (GET, HEAD, PUT, DELETE, OPTIONS), §15 (status codes); RFC 4918 §9.1 (PROPFIND),
// §9.3 (MKCOL: 201, 405 if it exists, 409 without a parent, 415 with a body), §9.6 (DELETE of a collection
// is recursive), §9.7 (PUT: 409 without a parent, 405 onto a collection), §10.1 (DAV header), §18 (class 1);
// RFC 4559 §4 (Negotiate on every request, the final token on the reply);
// protocol-notes §0.1 step 5 and DESIGN.md §2.5 (the 401 "prompt"; authorisation by the PAC's group SIDs).
package io.kerbridge.fileserver;

import io.kerbridge.fileserver.Acl.Access;
import io.kerbridge.fileserver.NegotiateAuthenticator.Authenticated;
import io.kerbridge.fileserver.NegotiateAuthenticator.Refused;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the shares. Each request goes through the same phases, each of which may end it:
 *
 * <ol>
 *   <li><b>authenticate</b>: Negotiate ({@link NegotiateAuthenticator}): 401, 403 or 503, or a {@link Caller};</li>
 *   <li><b>locate</b>: the raw path parsed by {@link RequestPath} (400) and its share found (404);</li>
 *   <li><b>authorise</b>: the method's {@link Access} against the share's {@link Acl} (403 naming the share);</li>
 *   <li><b>act</b>: the method on the file system, by the share's containment rules ({@link Share}).</li>
 * </ol>
 * The handler blocks (Jetty runs it on a virtual thread). It leaves the client principal and a stable reason
 * for refusals in request attributes for the {@link AccessLog}; it never logs tokens or file contents.
 */
final class FilesHandler extends Handler.Abstract {
    private static final Logger LOG = LoggerFactory.getLogger(FilesHandler.class);
    static final String ALLOW = "OPTIONS, GET, HEAD, PUT, DELETE, MKCOL, PROPFIND";
    /** The largest PROPFIND body read. */
    static final int MAX_XML_BODY = 64 * 1024;
    private static final int BUFFER = 64 * 1024;
    /** User files may be HTML: never let them run script in this origin (Negotiate would follow them). */
    private static final String FILE_CSP = "sandbox; default-src 'none'; img-src 'self' data:; media-src 'self'; "
            + "style-src 'unsafe-inline'";

    private final NegotiateAuthenticator authenticator;
    private final Map<String, Share> shares;
    private final long maxUpload;
    private final SecureRandom random;

    FilesHandler(NegotiateAuthenticator authenticator, List<Share> shares, long maxUpload, SecureRandom random) {
        this.authenticator = authenticator;
        Map<String, Share> byName = new LinkedHashMap<>();
        for (Share s : shares) {
            byName.put(s.name().toLowerCase(Locale.ROOT), s);
        }
        this.shares = byName;
        this.maxUpload = maxUpload;
        this.random = random;
    }

    /** One request and its response. */
    private static final class Exchange {
        final Request request;
        final Response response;
        final boolean head;

        Exchange(Request request, Response response) {
            this.request = request;
            this.response = response;
            this.head = "HEAD".equals(request.getMethod());
        }

        void who(String principal) {
            request.setAttribute(AccessLog.PRINCIPAL, principal);
        }

        void reason(String reason) {
            request.setAttribute(AccessLog.REASON, reason);
        }
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        Exchange x = new Exchange(request, response);
        try {
            try {
                serve(x);
            } catch (HttpFailure f) {
                x.reason(f.reason());
                f.headers().forEach((k, v) -> response.getHeaders().put(k, v));
                send(x, f.status(), f.contentType(), f.body());
            }
            callback.succeeded();
        } catch (IOException e) {
            // the client went away, or the disk failed mid-answer
            x.reason("IO_ERROR");
            fail(x, callback, e);
        } catch (RuntimeException e) {
            x.reason("INTERNAL");
            LOG.error("{} {} failed", request.getMethod(), AccessLog.printable(request.getHttpURI().getPath(), 300), e);
            fail(x, callback, e);
        }
        return true;
    }

    private static void fail(Exchange x, Callback callback, Exception e) {
        if (!x.response.isCommitted()) {
            try {
                x.response.reset();
                send(x, 500, "text/plain; charset=utf-8", "500 Internal Server Error: see the file server's log\n");
                callback.succeeded();
                return;
            } catch (IOException | RuntimeException ignored) {
                // fall through: fail the exchange
            }
        }
        callback.failed(e);
    }

    // ---- phases ---------------------------------------------------------------------------------

    private void serve(Exchange x) throws HttpFailure, IOException {
        Caller caller = authenticate(x);
        RequestPath path;
        try {
            path = RequestPath.parse(x.request.getHttpURI().getPath());
        } catch (RequestPath.BadPath e) {
            throw HttpFailure.of(400, "BAD_PATH", e.getMessage());
        }
        String method = x.request.getMethod();
        if (path.isRoot()) {
            serveRoot(x, path, method, caller);
            return;
        }
        Share share = shares.get(path.share().orElseThrow().toLowerCase(Locale.ROOT));
        if (share == null) {
            throw HttpFailure.of(404, "NO_SUCH_SHARE", "there is no share named " + path.share().get());
        }
        Access need = access(method);
        if (method.equals("OPTIONS") ? !share.acl().allows(Access.READ, caller.sids())
                && !share.acl().allows(Access.WRITE, caller.sids()) : !share.acl().allows(need, caller.sids())) {
            throw HttpFailure.of(403, "ACCESS_DENIED", caller.principal() + " may not "
                    + (need == Access.READ ? "read" : "write") + " share " + share.name());
        }
        switch (method) {
            case "GET", "HEAD" -> get(x, share, path, caller);
            case "PUT" -> put(x, share, path);
            case "DELETE" -> delete(x, share, path);
            case "MKCOL" -> mkcol(x, share, path);
            case "PROPFIND" -> propfind(x, Optional.of(share), path, caller);
            case "OPTIONS" -> options(x);
            default -> throw new IllegalStateException(method); // access() refused it
        }
    }

    private Caller authenticate(Exchange x) throws HttpFailure {
        NegotiateAuthenticator.Outcome o = authenticator.authenticate(x.request.getHeaders().get(HttpHeader.AUTHORIZATION));
        return switch (o) {
            case Authenticated a -> {
                x.who(a.caller().principal());
                a.wwwAuthenticate().ifPresent(t -> x.response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, t));
                yield a.caller();
            }
            case Refused r -> {
                r.client().ifPresent(x::who);
                Map<String, String> headers = new LinkedHashMap<>();
                r.wwwAuthenticate().ifPresent(h -> headers.put(HttpHeader.WWW_AUTHENTICATE.asString(), h));
                if (r.status() == 503) {
                    headers.put(HttpHeader.RETRY_AFTER.asString(), "5");
                }
                throw HttpFailure.withHeaders(r.status(), r.reason(), r.message(), headers);
            }
        };
    }

    private static Access access(String method) throws HttpFailure {
        return switch (method) {
            case "GET", "HEAD", "PROPFIND", "OPTIONS" -> Access.READ;
            case "PUT", "DELETE", "MKCOL" -> Access.WRITE;
            default -> throw HttpFailure.withHeaders(405, "METHOD_NOT_ALLOWED", method + " is not supported here",
                    Map.of("Allow", ALLOW));
        };
    }

    // ---- the root: the shares -------------------------------------------------------------------

    private void serveRoot(Exchange x, RequestPath root, String method, Caller caller) throws HttpFailure, IOException {
        switch (method) {
            case "GET", "HEAD" -> {
                List<ListingPage.Row> rows = new ArrayList<>();
                for (Share s : readable(caller)) {
                    BasicFileAttributes a = Files.readAttributes(s.root(), BasicFileAttributes.class);
                    boolean w = s.acl().allows(Access.WRITE, caller.sids());
                    rows.add(new ListingPage.Row(s.name(), RequestPath.href(Optional.of(s.name()), List.of(), true),
                            true, 0, a.lastModifiedTime().toInstant(), w ? "read and write" : "read"));
                }
                page(x, ListingPage.shares(caller.principal(), rows));
            }
            case "PROPFIND" -> propfind(x, Optional.empty(), root, caller);
            case "OPTIONS" -> options(x);
            case "PUT", "DELETE", "MKCOL" -> throw HttpFailure.withHeaders(405, "METHOD_NOT_ALLOWED",
                    "shares are created by the administrator (kerbridge files share add)",
                    Map.of("Allow", "OPTIONS, GET, HEAD, PROPFIND"));
            default -> throw HttpFailure.withHeaders(405, "METHOD_NOT_ALLOWED", method + " is not supported here",
                    Map.of("Allow", ALLOW));
        }
    }

    private List<Share> readable(Caller caller) {
        return shares.values().stream().filter(s -> s.acl().allows(Access.READ, caller.sids())).toList();
    }

    // ---- GET / HEAD -----------------------------------------------------------------------------

    private void get(Exchange x, Share share, RequestPath path, Caller caller) throws HttpFailure, IOException {
        Share.Existing e = existing(share, path);
        if (e.directory()) {
            if (!path.trailingSlash()) {
                x.response.getHeaders().put(HttpHeader.LOCATION,
                        RequestPath.href(path.share(), path.segments(), true));
                send(x, 301, "text/plain; charset=utf-8", "301 Moved Permanently: a folder's address ends in /\n");
                return;
            }
            List<ListingPage.Row> rows = new ArrayList<>();
            for (Share.Member m : share.list(e.path())) {
                List<String> segs = append(path.segments(), m.name());
                BasicFileAttributes a = m.entry().attributes();
                rows.add(new ListingPage.Row(m.name(), RequestPath.href(Optional.of(share.name()), segs, a.isDirectory()),
                        a.isDirectory(), a.size(), a.lastModifiedTime().toInstant(), ""));
            }
            page(x, ListingPage.directory(caller.principal(), share.name(), path.segments(), rows,
                    share.acl().allows(Access.WRITE, caller.sids())));
            return;
        }
        sendFile(x, e.path());
    }

    private void sendFile(Exchange x, Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            long size = ch.size();
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            var h = x.response.getHeaders();
            x.response.setStatus(200);
            h.put(HttpHeader.CONTENT_TYPE, ContentTypes.of(file.getFileName().toString()));
            h.put(HttpHeader.CONTENT_LENGTH, size);
            h.put(HttpHeader.LAST_MODIFIED, Dav.HTTP_DATE.format(a.lastModifiedTime().toInstant()));
            h.put(HttpHeader.ETAG, new Dav.Resource("", "", false, size, a.lastModifiedTime().toInstant(),
                    a.lastModifiedTime().toInstant(), Optional.empty()).etag());
            h.put(HttpHeader.ACCEPT_RANGES, "none");
            h.put(HttpHeader.CACHE_CONTROL, "private, no-cache");
            h.put("X-Content-Type-Options", "nosniff");
            h.put("Content-Security-Policy", FILE_CSP);
            if (x.head) {
                Content.Sink.write(x.response, true, ByteBuffer.allocate(0));
                return;
            }
            try (OutputStream out = Content.Sink.asOutputStream(x.response)) {
                ByteBuffer buf = ByteBuffer.allocate(BUFFER);
                long left = size;
                while (left > 0) {
                    buf.clear().limit((int) Math.min(BUFFER, left));
                    int n = ch.read(buf);
                    if (n < 0) {
                        throw new IOException(file + " shrank while it was sent");
                    }
                    out.write(buf.array(), 0, n);
                    left -= n;
                }
            }
        }
    }

    // ---- PUT ------------------------------------------------------------------------------------

    private void put(Exchange x, Share share, RequestPath path) throws HttpFailure, IOException {
        if (path.isShareRoot()) {
            throw methodNotAllowed("a share's top folder cannot be replaced by a file");
        }
        long declared = x.request.getLength();
        if (declared > maxUpload) {
            throw HttpFailure.of(413, "TOO_LARGE", "uploads are limited to " + maxUpload + " bytes");
        }
        Share.Entry entry = share.resolve(path.segments());
        Path target = switch (entry) {
            case Share.Existing e when e.directory() -> throw methodNotAllowed(path.segments().getLast()
                    + " is a folder");
            case Share.Existing e -> e.path();
            case Share.Missing m -> m.target().orElseThrow(() -> HttpFailure.of(409, "NO_PARENT",
                    "the folder to put " + path.segments().getLast() + " in does not exist"));
            case Share.Outside o -> throw HttpFailure.of(403, "OUTSIDE_SHARE",
                    "refusing to write through a link that leads out of share " + share.name());
        };
        boolean existed = entry instanceof Share.Existing;
        Path tmp = temporary(target.getParent());
        try {
            long written = 0;
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE);
                    InputStream in = Content.Source.asInputStream(x.request)) {
                byte[] buf = new byte[BUFFER];
                int n;
                while ((n = in.read(buf)) >= 0) {
                    written += n;
                    if (written > maxUpload) {
                        throw HttpFailure.of(413, "TOO_LARGE", "uploads are limited to " + maxUpload + " bytes");
                    }
                    ByteBuffer b = ByteBuffer.wrap(buf, 0, n);
                    while (b.hasRemaining()) {
                        ch.write(b);
                    }
                }
                ch.force(true);
            }
            if (declared >= 0 && written != declared) {
                throw HttpFailure.of(400, "SHORT_BODY", "the body ended after " + written + " of " + declared + " bytes");
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
        x.response.getHeaders().put(HttpHeader.LOCATION, RequestPath.href(path.share(), path.segments(), false));
        send(x, existed ? 204 : 201, null, null);
    }

    /** A new empty file beside the target, invisible to clients ({@link RequestPath#RESERVED_PREFIX}). */
    private Path temporary(Path directory) throws IOException {
        for (int i = 0; ; i++) {
            byte[] r = new byte[8];
            random.nextBytes(r);
            Path p = directory.resolve(RequestPath.RESERVED_PREFIX + "upload-" + HexFormat.of().formatHex(r));
            try {
                return Files.createFile(p);
            } catch (FileAlreadyExistsException e) {
                if (i > 5) {
                    throw e;
                }
            }
        }
    }

    // ---- DELETE ---------------------------------------------------------------------------------

    private void delete(Exchange x, Share share, RequestPath path) throws HttpFailure, IOException {
        if (path.isShareRoot()) {
            throw HttpFailure.of(403, "SHARE_ROOT", "share " + share.name() + " itself cannot be deleted");
        }
        existing(share, path);
        Path lexical = share.root();
        for (String s : path.segments()) {
            lexical = lexical.resolve(s);
        }
        // the request's own path: a link is removed, not what it points to; links below are never followed
        Files.walkFileTree(lexical, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                if (exc != null) {
                    throw exc;
                }
                Files.deleteIfExists(dir);
                return FileVisitResult.CONTINUE;
            }
        });
        send(x, 204, null, null);
    }

    // ---- MKCOL ----------------------------------------------------------------------------------

    private void mkcol(Exchange x, Share share, RequestPath path) throws HttpFailure, IOException {
        if (x.request.getLength() > 0 || x.request.getHeaders().contains(HttpHeader.TRANSFER_ENCODING)) {
            throw HttpFailure.of(415, "MKCOL_BODY", "MKCOL with a body is not supported");
        }
        if (path.isShareRoot()) {
            throw methodNotAllowed("share " + share.name() + " exists");
        }
        Path target = switch (share.resolve(path.segments())) {
            case Share.Existing e -> throw methodNotAllowed(path.segments().getLast() + " already exists");
            case Share.Outside o -> throw HttpFailure.of(403, "OUTSIDE_SHARE",
                    "refusing to write through a link that leads out of share " + share.name());
            case Share.Missing m -> m.target().orElseThrow(() -> HttpFailure.of(409, "NO_PARENT",
                    "the folder to create " + path.segments().getLast() + " in does not exist"));
        };
        try {
            Files.createDirectory(target);
        } catch (FileAlreadyExistsException e) {
            throw methodNotAllowed(path.segments().getLast() + " already exists");
        }
        x.response.getHeaders().put(HttpHeader.LOCATION, RequestPath.href(path.share(), path.segments(), true));
        send(x, 201, null, null);
    }

    // ---- PROPFIND -------------------------------------------------------------------------------

    private void propfind(Exchange x, Optional<Share> share, RequestPath path, Caller caller)
            throws HttpFailure, IOException {
        String depth = x.request.getHeaders().get("Depth");
        int d;
        if (depth == null || depth.strip().equalsIgnoreCase("infinity")) {
            throw HttpFailure.withBody(403, "INFINITE_DEPTH", "Depth: infinity is not supported",
                    "application/xml; charset=utf-8", Dav.finiteDepthError());
        } else if (depth.strip().equals("0")) {
            d = 0;
        } else if (depth.strip().equals("1")) {
            d = 1;
        } else {
            throw HttpFailure.of(400, "BAD_DEPTH", "Depth must be 0 or 1");
        }
        Dav.Propfind request;
        try {
            request = Dav.parsePropfind(readSmallBody(x));
        } catch (Dav.BadBody e) {
            throw HttpFailure.of(400, "BAD_PROPFIND", e.getMessage());
        }
        List<Dav.Resource> resources = new ArrayList<>();
        if (share.isEmpty()) {
            resources.add(new Dav.Resource("/", "Shares", true, 0, java.time.Instant.EPOCH, java.time.Instant.EPOCH,
                    Optional.empty()));
            if (d == 1) {
                for (Share s : readable(caller)) {
                    resources.add(resource(RequestPath.href(Optional.of(s.name()), List.of(), true), s.name(),
                            Files.readAttributes(s.root(), BasicFileAttributes.class), s.name()));
                }
            }
        } else {
            Share s = share.get();
            Share.Existing e = existing(s, path);
            String name = path.segments().isEmpty() ? s.name() : path.segments().getLast();
            resources.add(resource(RequestPath.href(path.share(), path.segments(), e.directory()), name,
                    e.attributes(), name));
            if (d == 1 && e.directory()) {
                for (Share.Member m : s.list(e.path())) {
                    BasicFileAttributes a = m.entry().attributes();
                    resources.add(resource(RequestPath.href(Optional.of(s.name()), append(path.segments(), m.name()),
                            a.isDirectory()), m.name(), a, m.name()));
                }
            }
        }
        send(x, 207, "application/xml; charset=utf-8", Dav.multistatus(resources, request));
    }

    private static Dav.Resource resource(String href, String displayName, BasicFileAttributes a, String fileName) {
        return new Dav.Resource(href, displayName, a.isDirectory(), a.size(), a.lastModifiedTime().toInstant(),
                a.creationTime().toInstant(), a.isDirectory() ? Optional.empty() : Optional.of(ContentTypes.of(fileName)));
    }

    private static byte[] readSmallBody(Exchange x) throws HttpFailure, IOException {
        if (x.request.getLength() > MAX_XML_BODY) {
            throw HttpFailure.of(413, "TOO_LARGE", "request bodies here are limited to " + MAX_XML_BODY + " bytes");
        }
        try (InputStream in = Content.Source.asInputStream(x.request)) {
            byte[] body = in.readNBytes(MAX_XML_BODY + 1);
            if (body.length > MAX_XML_BODY) {
                throw HttpFailure.of(413, "TOO_LARGE", "request bodies here are limited to " + MAX_XML_BODY + " bytes");
            }
            return body;
        }
    }

    // ---- OPTIONS --------------------------------------------------------------------------------

    private static void options(Exchange x) throws IOException {
        var h = x.response.getHeaders();
        h.put("Allow", ALLOW);
        h.put("DAV", "1");
        h.put("MS-Author-Via", "DAV");
        send(x, 200, null, null);
    }

    // ---- helpers --------------------------------------------------------------------------------

    private static Share.Existing existing(Share share, RequestPath path) throws HttpFailure, IOException {
        if (share.resolve(path.segments()) instanceof Share.Existing e) {
            return e;
        }
        throw HttpFailure.of(404, "NOT_FOUND", "no such file or folder in share " + share.name());
    }

    private static HttpFailure methodNotAllowed(String message) {
        return HttpFailure.withHeaders(405, "METHOD_NOT_ALLOWED", message, Map.of("Allow", ALLOW));
    }

    private static List<String> append(List<String> segments, String name) {
        List<String> l = new ArrayList<>(segments);
        l.add(name);
        return l;
    }

    private static void page(Exchange x, String html) throws IOException {
        x.response.getHeaders().put("Content-Security-Policy", ListingPage.CSP);
        x.response.getHeaders().put("X-Content-Type-Options", "nosniff");
        x.response.getHeaders().put(HttpHeader.CACHE_CONTROL, "private, no-cache");
        send(x, 200, "text/html; charset=utf-8", html);
    }

    /** Sends a complete answer; no body for HEAD or when {@code body} is null. */
    private static void send(Exchange x, int status, String contentType, String body) throws IOException {
        x.response.setStatus(status);
        if (body == null) {
            if (status != 204) { // RFC 9110 §8.6: no Content-Length on a 204
                x.response.getHeaders().put(HttpHeader.CONTENT_LENGTH, 0L);
            }
            Content.Sink.write(x.response, true, ByteBuffer.allocate(0));
            return;
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        if (contentType != null) {
            x.response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
        }
        if (status >= 400) {
            x.response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        }
        x.response.getHeaders().put(HttpHeader.CONTENT_LENGTH, (long) bytes.length);
        Content.Sink.write(x.response, true, x.head ? ByteBuffer.allocate(0) : ByteBuffer.wrap(bytes));
    }

}
