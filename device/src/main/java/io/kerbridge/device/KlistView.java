// protocol-notes §3.5 (Windows klist: per-ticket Client/Server/KerbTicket Encryption Type/Ticket Flags/Start, End,
// Renew Time/Session Key Type/Cache Flags/Kdc Called; "klist get krbtgt"; the cloud TGT
// krbtgt/KERBEROS.MICROSOFTONLINE.COM listed next to the on-premises TGT). Ticket flag bits: RFC 4120 §5.3 (bit 15 is
// shown as Windows does, name_canonicalize).
package io.kerbridge.device;

import io.kerbridge.kerberos.asn1.DerException;
import io.kerbridge.kerberos.file.Ccache;
import io.kerbridge.kerberos.file.Credential;
import io.kerbridge.kerberos.msg.KrbCodec;
import io.kerbridge.kerberos.types.EncType;
import io.kerbridge.kerberos.types.PrincipalName;
import io.kerbridge.kerberos.types.TicketFlags;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The Windows {@code klist} view of MIT ccaches (no LogonId: there are no logon sessions here). */
public final class KlistView {
    /** Windows' names for ticket flag bits 0..16, in bit order. */
    static final String[] FLAG_NAMES = {"reserved", "forwardable", "forwarded", "proxiable", "proxy", "may_postdate",
        "postdated", "invalid", "renewable", "initial", "pre_authent", "hw_authent", "transited_policy_checked",
        "ok_as_delegate", "reserved14", "name_canonicalize", "anonymous"};
    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("M/d/yyyy H:mm:ss", Locale.ROOT);

    /** One cache file and what it holds. */
    public record Source(Path file, Ccache cache) {}

    private KlistView() {}

    public static String render(List<Source> sources, ZoneId zone) {
        StringBuilder out = new StringBuilder();
        int count = 0;
        for (Source s : sources) {
            count += (int) s.cache().credentials().stream().filter(c -> !c.isConfigEntry()).count();
        }
        out.append('\n');
        for (Source s : sources) {
            out.append("Ticket cache: FILE:").append(s.file()).append('\n');
        }
        out.append("\nCached Tickets: (").append(count).append(")\n");
        int n = 0;
        boolean first = true;
        for (Source s : sources) {
            for (Credential c : s.cache().credentials()) {
                if (c.isConfigEntry()) {
                    continue;
                }
                out.append('\n');
                ticket(out, n++, c, s.cache(), first, zone);
            }
            first = false;
        }
        return out.toString();
    }

    /** One ticket; PRIMARY marks the initial TGT of the first (logon) cache, as Windows marks the logon session's TGT. */
    static void ticket(StringBuilder out, int n, Credential c, Ccache cache, boolean logonCache, ZoneId zone) {
        out.append('#').append(n).append(">\tClient: ").append(name(c.client())).append(" @ ").append(c.clientRealm()).append('\n');
        out.append("\tServer: ").append(name(c.server())).append(" @ ").append(c.serverRealm()).append('\n');
        out.append("\tKerbTicket Encryption Type: ").append(ticketEtype(c)).append('\n');
        out.append("\tTicket Flags 0x").append(Integer.toHexString(c.flags().bits())).append(" -> ").append(flags(c.flags()))
                .append('\n');
        out.append("\tStart Time: ").append(time(c.validFrom(), zone)).append('\n');
        out.append("\tEnd Time:   ").append(time(c.endTime(), zone)).append('\n');
        out.append("\tRenew Time: ").append(c.renewTill() == null ? "0" : time(c.renewTill(), zone)).append('\n');
        out.append("\tSession Key Type: ").append(etypeName(c.key().type())).append('\n');
        boolean primary = logonCache && c.server().isKrbtgt() && c.server().components().get(1).equals(c.serverRealm())
                && c.serverRealm().equals(cache.realm());
        out.append("\tCache Flags: ").append(primary ? "0x1 -> PRIMARY" : "0").append('\n');
        out.append("\tKdc Called: ").append(cache.config(Tickets.KDC_CALLED, c.server().withRealm(c.serverRealm()))
                .map(e -> e.valueAsString()).orElse("")).append('\n');
    }

    /** Name components joined by '/', unescaped (Windows shows an enterprise name as alice@contoso.test). */
    static String name(PrincipalName p) {
        return String.join("/", p.components());
    }

    static String flags(TicketFlags f) {
        List<String> names = new ArrayList<>();
        for (int bit = 0; bit < 32; bit++) {
            if (f.has(bit)) {
                names.add(bit < FLAG_NAMES.length ? FLAG_NAMES[bit] : "bit" + bit);
            }
        }
        return String.join(" ", names);
    }

    static String time(Instant t, ZoneId zone) {
        return TIME.format(t.atZone(zone)) + " (local)";
    }

    private static String ticketEtype(Credential c) {
        try {
            return etypeName(KrbCodec.decodeTicket(c.ticket()).encPart().etype());
        } catch (DerException e) {
            return "(unreadable ticket)";
        }
    }

    /** The names Windows klist prints. */
    public static String etypeName(EncType t) {
        return switch (t.value()) {
            case 17 -> "AES-128-CTS-HMAC-SHA1-96";
            case 18 -> "AES-256-CTS-HMAC-SHA1-96";
            case 19 -> "AES-128-CTS-HMAC-SHA256-128";
            case 20 -> "AES-256-CTS-HMAC-SHA384-192";
            case 23 -> "RSADSI RC4-HMAC(NT)";
            default -> "Unknown (" + t.value() + ")";
        };
    }
}
