// RFC 4918 §9.1 (PROPFIND: allprop, propname, prop; Depth), §13 (multistatus, response, propstat),
// §15 (live properties: creationdate, displayname, getcontentlength, getcontenttype, getetag,
// getlastmodified, resourcetype), §14 (XML elements), §16 (DAV:propfind-finite-depth precondition);
// RFC 9110 §5.6.7 (HTTP-date, IMF-fixdate), RFC 3339 (creationdate).
package io.kerbridge.fileserver;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javax.xml.XMLConstants;
import javax.xml.namespace.QName;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/**
 * The WebDAV pieces of the server (class 1: no locks, no dead properties): the PROPFIND request body and
 * the 207 multistatus answer. Request bodies are parsed with DOCTYPEs refused (so no external entities and
 * no entity expansion) and a size cap applied by the caller.
 */
public final class Dav {
    public static final String NS = "DAV:";
    /** IMF-fixdate, e.g. {@code Sun, 06 Nov 1994 08:49:37 GMT}. */
    static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'",
            Locale.US).withZone(ZoneOffset.UTC);

    private Dav() {}

    /** The live properties this server knows, in allprop order. */
    public static final List<String> LIVE = List.of("displayname", "resourcetype", "getcontentlength",
            "getcontenttype", "getlastmodified", "creationdate", "getetag");

    /** What a PROPFIND asks for. */
    public sealed interface Propfind permits AllProp, PropName, Props {}

    public record AllProp() implements Propfind {}

    public record PropName() implements Propfind {}

    public record Props(List<QName> names) implements Propfind {
        public Props {
            names = List.copyOf(names);
        }
    }

    /** A body that is not a DAV:propfind document. */
    public static final class BadBody extends Exception {
        private static final long serialVersionUID = 1L;

        BadBody(String message) {
            super(message, null, false, false);
        }
    }

    /** RFC 4918 §9.1: an empty body means allprop. */
    public static Propfind parsePropfind(byte[] body) throws BadBody {
        if (body.length == 0 || new String(body, java.nio.charset.StandardCharsets.UTF_8).isBlank()) {
            return new AllProp();
        }
        Document doc = parse(body);
        Element root = doc.getDocumentElement();
        if (!isDav(root, "propfind")) {
            throw new BadBody("the body is not a DAV:propfind element");
        }
        Propfind found = null;
        for (Node n = root.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (!(n instanceof Element e)) {
                continue;
            }
            Propfind p;
            if (isDav(e, "allprop")) {
                p = new AllProp();
            } else if (isDav(e, "propname")) {
                p = new PropName();
            } else if (isDav(e, "prop")) {
                List<QName> names = new ArrayList<>();
                for (Node c = e.getFirstChild(); c != null; c = c.getNextSibling()) {
                    if (c instanceof Element pe) {
                        String ns = pe.getNamespaceURI();
                        names.add(new QName(ns == null ? "" : ns, pe.getLocalName()));
                    }
                }
                p = new Props(names);
            } else {
                continue; // DAV:include and extensions are ignored (RFC 4918 §17: unknown elements)
            }
            if (found != null && !(found instanceof AllProp && p instanceof AllProp)) {
                throw new BadBody("the DAV:propfind asks for more than one of allprop, propname, prop");
            }
            found = p;
        }
        if (found == null) {
            throw new BadBody("the DAV:propfind has none of allprop, propname, prop");
        }
        return found;
    }

    private static boolean isDav(Element e, String name) {
        return NS.equals(e.getNamespaceURI()) && name.equals(e.getLocalName());
    }

    private static Document parse(byte[] body) throws BadBody {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setXIncludeAware(false);
            f.setExpandEntityReferences(false);
            DocumentBuilder b = f.newDocumentBuilder();
            b.setErrorHandler(new org.xml.sax.helpers.DefaultHandler() {
                @Override
                public void fatalError(org.xml.sax.SAXParseException e) throws SAXException {
                    throw e;
                }

                @Override
                public void error(org.xml.sax.SAXParseException e) throws SAXException {
                    throw e;
                }
            });
            return b.parse(new ByteArrayInputStream(body));
        } catch (SAXException e) {
            throw new BadBody("the body is not well-formed XML (or has a DOCTYPE)");
        } catch (ParserConfigurationException | IOException e) {
            throw new IllegalStateException("XML parser", e);
        }
    }

    /**
     * One resource's live properties.
     *
     * @param href its URL path, percent-encoded, '/' at the end for a collection
     * @param length for a file, its size
     * @param contentType for a file
     */
    public record Resource(String href, String displayName, boolean collection, long length, Instant modified,
            Instant created, Optional<String> contentType) {
        /** A weak entity tag from size and modification time (no content hashing). */
        String etag() {
            return "W/\"" + Long.toHexString(length) + "-" + Long.toHexString(modified.toEpochMilli()) + "\"";
        }

        /** The value of a live property in XML, empty when it is not defined for this resource. */
        Optional<String> value(String name) {
            return switch (name) {
                case "displayname" -> Optional.of(text(displayName));
                case "resourcetype" -> Optional.of(collection ? "<D:collection/>" : "");
                case "getcontentlength" -> collection ? Optional.empty() : Optional.of(Long.toString(length));
                case "getcontenttype" -> collection ? Optional.empty() : contentType.map(Dav::text);
                case "getlastmodified" -> Optional.of(HTTP_DATE.format(modified));
                case "creationdate" -> Optional.of(created.truncatedTo(ChronoUnit.SECONDS).toString());
                case "getetag" -> collection ? Optional.empty() : Optional.of(text(etag()));
                default -> Optional.empty();
            };
        }
    }

    /** The 207 body for {@code resources} (the target first, then its members at Depth 1). */
    public static String multistatus(List<Resource> resources, Propfind request) {
        StringBuilder b = new StringBuilder("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n")
                .append("<D:multistatus xmlns:D=\"DAV:\">\n");
        for (Resource r : resources) {
            b.append("<D:response><D:href>").append(text(r.href())).append("</D:href>");
            switch (request) {
                case AllProp a -> {
                    StringBuilder ok = new StringBuilder();
                    for (String name : LIVE) {
                        r.value(name).ifPresent(v -> element(ok, NS, name, v));
                    }
                    propstat(b, ok, "200 OK");
                }
                case PropName p -> {
                    StringBuilder ok = new StringBuilder();
                    for (String name : LIVE) {
                        if (r.value(name).isPresent()) {
                            element(ok, NS, name, "");
                        }
                    }
                    propstat(b, ok, "200 OK");
                }
                case Props p -> {
                    StringBuilder ok = new StringBuilder();
                    StringBuilder missing = new StringBuilder();
                    Map<QName, Boolean> seen = new LinkedHashMap<>();
                    for (QName q : p.names()) {
                        if (seen.put(q, Boolean.TRUE) != null) {
                            continue;
                        }
                        Optional<String> v = NS.equals(q.getNamespaceURI()) ? r.value(q.getLocalPart()) : Optional.empty();
                        if (v.isPresent()) {
                            element(ok, q.getNamespaceURI(), q.getLocalPart(), v.get());
                        } else {
                            element(missing, q.getNamespaceURI(), q.getLocalPart(), "");
                        }
                    }
                    if (!ok.isEmpty() || missing.isEmpty()) {
                        propstat(b, ok, "200 OK");
                    }
                    if (!missing.isEmpty()) {
                        propstat(b, missing, "404 Not Found");
                    }
                }
            }
            b.append("</D:response>\n");
        }
        return b.append("</D:multistatus>\n").toString();
    }

    private static void propstat(StringBuilder b, CharSequence props, String status) {
        b.append("<D:propstat><D:prop>").append(props).append("</D:prop><D:status>HTTP/1.1 ").append(status)
                .append("</D:status></D:propstat>");
    }

    /** An element of any namespace; names come from a parsed document or from {@link #LIVE}. */
    private static void element(StringBuilder b, String ns, String local, String content) {
        String open;
        String close;
        if (NS.equals(ns)) {
            open = "D:" + local;
            close = open;
        } else if (ns == null || ns.isEmpty()) {
            open = local + " xmlns=\"\"";
            close = local;
        } else {
            open = "X:" + local + " xmlns:X=\"" + text(ns) + "\"";
            close = "X:" + local;
        }
        if (content.isEmpty()) {
            b.append('<').append(open).append("/>");
        } else {
            b.append('<').append(open).append('>').append(content).append("</").append(close).append('>');
        }
    }

    /** XML character escaping for text and attribute values. */
    static String text(String s) {
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&apos;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    /** The body of the 403 for Depth: infinity (RFC 4918 §9.1, §16). */
    public static String finiteDepthError() {
        return "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<D:error xmlns:D=\"DAV:\"><D:propfind-finite-depth/>"
                + "</D:error>\n";
    }
}
