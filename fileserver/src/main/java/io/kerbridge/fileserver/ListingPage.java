// RFC 3986 §2.1 (links percent-encoded by RequestPath.href); W3C CSP Level 3 (no script on our pages).
package io.kerbridge.fileserver;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The HTML pages a browser sees: the list of shares at {@code /} and a directory listing below. Every name
 * is HTML-escaped and every link percent-encoded; the page has no script and is sent with a Content Security
 * Policy that allows none.
 */
final class ListingPage {
    /** Sent with every page of ours: inline styles only. */
    static final String CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'";
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private ListingPage() {}

    /** One row. */
    record Row(String name, String href, boolean directory, long size, Instant modified, String note) {}

    static String shares(String principal, List<Row> shares) {
        StringBuilder b = head("Shares", principal);
        b.append("<h1>Shares</h1>\n");
        if (shares.isEmpty()) {
            b.append("<p class=\"empty\">No share is open to you.</p>\n");
        } else {
            b.append("<table>\n<thead><tr><th>Name</th><th>Access</th></tr></thead>\n<tbody>\n");
            for (Row r : shares) {
                b.append("<tr><td class=\"name\"><a class=\"dir\" href=\"").append(esc(r.href())).append("\">")
                        .append(esc(r.name())).append("</a></td><td>").append(esc(r.note())).append("</td></tr>\n");
            }
            b.append("</tbody>\n</table>\n");
        }
        return foot(b);
    }

    /**
     * A directory: {@code share} and {@code segments} name it; rows are its members (sorted here: directories
     * first, then by name, case-insensitively).
     */
    static String directory(String principal, String share, List<String> segments, List<Row> rows, boolean writable) {
        String title = "/" + share + (segments.isEmpty() ? "" : "/" + String.join("/", segments));
        StringBuilder b = head(title, principal);
        b.append("<h1><a href=\"/\">Shares</a>");
        for (int i = 0; i <= segments.size(); i++) {
            String label = i == 0 ? share : segments.get(i - 1);
            String href = RequestPath.href(Optional.of(share), segments.subList(0, i), true);
            b.append(" <span class=\"sep\">/</span> ");
            if (i == segments.size()) {
                b.append("<span>").append(esc(label)).append("</span>");
            } else {
                b.append("<a href=\"").append(esc(href)).append("\">").append(esc(label)).append("</a>");
            }
        }
        b.append("</h1>\n<p class=\"meta\">").append(rows.size()).append(rows.size() == 1 ? " item" : " items")
                .append(writable ? " · you may write here (WebDAV)" : " · read only").append("</p>\n");
        b.append("<table>\n<thead><tr><th>Name</th><th class=\"num\">Size</th><th>Modified (UTC)</th></tr></thead>\n<tbody>\n");
        if (!segments.isEmpty()) {
            String up = RequestPath.href(Optional.of(share), segments.subList(0, segments.size() - 1), true);
            b.append("<tr><td class=\"name\"><a class=\"up\" href=\"").append(esc(up))
                    .append("\">..</a></td><td></td><td></td></tr>\n");
        }
        List<Row> sorted = rows.stream().sorted(Comparator.comparing((Row r) -> !r.directory())
                .thenComparing(r -> r.name().toLowerCase(Locale.ROOT)).thenComparing(Row::name)).toList();
        for (Row r : sorted) {
            b.append("<tr><td class=\"name\"><a class=\"").append(r.directory() ? "dir" : "file").append("\" href=\"")
                    .append(esc(r.href())).append("\">").append(esc(r.name())).append(r.directory() ? "/" : "")
                    .append("</a></td><td class=\"num\">").append(r.directory() ? "" : size(r.size()))
                    .append("</td><td>").append(WHEN.format(r.modified())).append("</td></tr>\n");
        }
        if (rows.isEmpty()) {
            b.append("<tr><td class=\"empty\" colspan=\"3\">This folder is empty.</td></tr>\n");
        }
        b.append("</tbody>\n</table>\n");
        return foot(b);
    }

    private static StringBuilder head(String title, String principal) {
        return new StringBuilder(4096).append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>")
                .append(esc(title)).append(" · Kerbridge files</title>\n<style>\n")
                .append("body{font:15px/1.45 system-ui,-apple-system,\"Segoe UI\",Roboto,sans-serif;margin:0;")
                .append("color:#1f2328;background:#f6f8fa}\n")
                .append("header{background:#24292f;color:#fff;padding:.6em 1.5em;display:flex;")
                .append("justify-content:space-between;align-items:center}\n")
                .append("header .brand{font-weight:600;letter-spacing:.02em}header .who{opacity:.8;font-size:.9em}\n")
                .append("main{max-width:60em;margin:1.5em auto;padding:0 1.5em}\n")
                .append("h1{font-size:1.25em;font-weight:600;margin:.2em 0 .3em}h1 a{color:#0969da;")
                .append("text-decoration:none}h1 .sep{color:#8c959f}\n")
                .append(".meta{color:#57606a;margin:0 0 1em;font-size:.9em}\n")
                .append("table{width:100%;border-collapse:collapse;background:#fff;border:1px solid #d0d7de;")
                .append("border-radius:6px;overflow:hidden}\n")
                .append("th,td{padding:.5em .9em;text-align:left;border-bottom:1px solid #eaeef2}")
                .append("th{background:#f6f8fa;font-weight:600;font-size:.85em;color:#57606a}\n")
                .append("tr:last-child td{border-bottom:0}tbody tr:hover{background:#f6f8fa}\n")
                .append(".num{text-align:right;white-space:nowrap}td{white-space:nowrap}td.name{white-space:normal;")
                .append("word-break:break-all;width:100%}\n")
                .append("a{color:#0969da;text-decoration:none}a:hover{text-decoration:underline}\n")
                // icons drawn with CSS, so no emoji font is needed
                .append("a.dir::before,a.file::before{content:\"\";display:inline-block;margin-right:.5em;")
                .append("vertical-align:-.1em;border-radius:2px}\n")
                .append("a.dir::before{width:1.05em;height:.8em;background:#54aeff;box-shadow:inset 0 .18em 0 #218bff}\n")
                .append("a.file::before{width:.7em;height:.9em;border:1.5px solid #8c959f;background:#fff}\n")
                .append("a.up::before{content:\"\\2191\\00A0\"}\n")
                .append(".empty{color:#57606a;font-style:italic}\n")
                .append("footer{color:#8c959f;font-size:.8em;text-align:center;margin:2em 0}\n")
                .append("</style></head><body>\n<header><span class=\"brand\">Kerbridge files</span>")
                .append("<span class=\"who\">signed in as ").append(esc(principal)).append(" (Kerberos)</span></header>\n")
                .append("<main>\n");
    }

    private static String foot(StringBuilder b) {
        return b.append("</main>\n<footer>WebDAV class 1 · authenticated with Kerberos (HTTP Negotiate)</footer>\n")
                .append("</body></html>\n").toString();
    }

    /** 1536 → "1.5 KiB". */
    static String size(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
        double v = bytes;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, v < 10 ? "%.1f %s" : "%.0f %s", v, units[u]);
    }

    /** HTML escaping for text and double-quoted attributes. */
    static String esc(String s) {
        return Dav.text(s);
    }
}
