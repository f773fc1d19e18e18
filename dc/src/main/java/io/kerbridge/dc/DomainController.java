package io.kerbridge.dc;

import io.kerbridge.directory.Account;
import io.kerbridge.directory.Directory;
import io.kerbridge.directory.LookupPurpose;
import io.kerbridge.directory.PrincipalEntry;
import io.kerbridge.kdc.Kdc;
import io.kerbridge.kdc.KdcConfig;
import io.kerbridge.kdc.audit.Audit;
import io.kerbridge.kdc.kpasswd.KpasswdServer;
import io.kerbridge.kdc.kpasswd.KpasswdService;
import io.kerbridge.kerberos.gss.AcceptException;
import io.kerbridge.kerberos.gss.AcceptedContext;
import io.kerbridge.kerberos.gss.ApReqVerifier;
import io.kerbridge.kerberos.gss.NegotiateAcceptor;
import io.kerbridge.kerberos.gss.ServiceKeys;
import io.kerbridge.kerberos.pac.Sid;
import io.kerbridge.kerberos.types.NameType;
import io.kerbridge.kerberos.types.PrincipalName;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running domain controller: the directory in {@code DIR/directory}, the KDC, kpasswd and the
 * HTTPS admin API, all on the configured address. {@link #close()} stops them in reverse order.
 */
public final class DomainController implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DomainController.class);
    /**
     * Ticket enctype preference: AES-SHA1 first, as a Windows DC (which has no RFC 8009 enctypes) and
     * Entra Kerberos (AES-256 only, protocol-notes §2.3) use; the RFC 8009 enctypes when a client asks only for them.
     */
    static final java.util.List<io.kerbridge.kerberos.types.EncType> AD_PREFERENCE = java.util.List.of(
            io.kerbridge.kerberos.types.EncType.AES256_CTS_HMAC_SHA1_96, io.kerbridge.kerberos.types.EncType.AES128_CTS_HMAC_SHA1_96,
            io.kerbridge.kerberos.types.EncType.AES256_CTS_HMAC_SHA384_192, io.kerbridge.kerberos.types.EncType.AES128_CTS_HMAC_SHA256_128);

    /**
     * Largest reply sent over UDP; larger ones are KRB_ERR_RESPONSE_TOO_BIG and the client retries over TCP. MIT
     * krb5kdc's default (Windows uses 1465, but Windows clients send every request over TCP anyway). Our TGTs and
     * service tickets carry a PAC with 2 or 4 signatures and come to ~1.5 KB, just over 1465: with the Windows limit
     * every UDP AS and TGS exchange was a UDP round trip plus a TCP one (issue 9).
     */
    static final int UDP_REPLY_LIMIT = 4096;
    /**
     * UDP: one platform thread receives and answers (see {@link KdcConfig#udpReaders()}); override with
     * {@code -Dkerbridge.dc.udpReaders=N} (0: a virtual thread per datagram, the KDC library's default).
     */
    static final int UDP_READERS = Integer.getInteger("kerbridge.dc.udpReaders", 1);
    /** Audit events queued for the background writer before a request thread writes its own. */
    static final int AUDIT_QUEUE = 65_536;

    private final DcConfig config;
    private final Directory directory;
    private final Audit.Closing audit;
    private final Kdc kdc;
    private final KpasswdServer kpasswd;
    private final AdminServer admin;
    private final InetSocketAddress kpasswdAddress;

    private DomainController(DcConfig config, Directory directory, Audit.Closing audit, Kdc kdc, KpasswdServer kpasswd,
            InetSocketAddress kpasswdAddress, AdminServer admin) {
        this.config = config;
        this.audit = audit;
        this.directory = directory;
        this.kdc = kdc;
        this.kpasswd = kpasswd;
        this.kpasswdAddress = kpasswdAddress;
        this.admin = admin;
    }

    public static DomainController start(Path dir, Clock clock) throws IOException {
        return start(dir, DcConfig.load(dir), clock);
    }

    /**
     * Starts the DC of {@code dir} with {@code cfg} (its dc.json, perhaps on other ports: a further node of a domain
     * kept in PostgreSQL runs from a copy of the first node's data directory).
     */
    public static DomainController start(Path dir, DcConfig cfg, Clock clock) throws IOException {
        InetAddress bind = InetAddress.getByName(cfg.listenAddress());
        Directory d = Directory.open(DcInit.directoryDir(dir), DcInit.directoryOptions(dir, cfg.database()));
        Kdc kdc = null;
        KpasswdServer kp = null;
        Audit.Closing audit = Audit.async(Audit.slf4j(), AUDIT_QUEUE);
        try {
            kdc = Kdc.start(KdcConfig.defaults().withBind(bind, cfg.kdcPort()).withEnctypePreference(AD_PREFERENCE)
                    .withUdpReplyLimit(UDP_REPLY_LIMIT).withUdpReaders(UDP_READERS).withAudit(audit),
                    d.principalStore(), d.accountEvents(), d.rodcPolicy(), clock);
            kp = new KpasswdServer(new KpasswdService(d.principalStore(), d.passwordChange()));
            InetSocketAddress kpAddr = kp.start(new InetSocketAddress(bind, cfg.kpasswdPort()));
            AdminServer admin = new AdminServer(new InetSocketAddress(bind, cfg.adminPort()), TlsMaterial.load(dir),
                    authenticator(cfg, d, clock), routes(cfg, d, clock)).start();
            LOG.info("domain controller for {} started: KDC {}:{}, kpasswd {}, admin API https://{}:{}", cfg.realm(),
                    cfg.listenAddress(), kdc.port(), kpAddr, cfg.listenAddress(), admin.port());
            return new DomainController(cfg, d, audit, kdc, kp, kpAddr, admin);
        } catch (IOException | RuntimeException e) {
            closeQuietly(kp);
            closeQuietly(kdc);
            closeQuietly(audit);
            d.close();
            throw e;
        }
    }

    static java.util.List<Route> routes(DcConfig cfg, Directory d, Clock clock) {
        java.util.List<Route> all = new java.util.ArrayList<>(new AdminRoutes(d.domainAdmin(), d.users(), d.groups(),
                d.memberships(), d.spns(), d.passwordChange(), d.keytabs()).routes());
        all.addAll(new KerberosServerRoutes(d.kerberosServer(), d.users(), d.groups(), cfg.hostName(), clock).routes());
        return all;
    }

    /** Negotiate with the DC's own HTTP/host key; Domain Admins from the directory's token groups. */
    static AdminAuthenticator authenticator(DcConfig cfg, Directory d, Clock clock) {
        ServiceKeys keys = (principal, realm, kvno, etype) -> d.principalStore()
                .lookup(principal, realm, LookupPurpose.SERVER)
                .flatMap(e -> kvno.map(e::keys).orElseGet(e::currentKeys))
                .flatMap(kv -> kv.key(etype));
        ApReqVerifier verifier = ApReqVerifier.builder(keys)
                .principal(PrincipalName.of(NameType.NT_SRV_INST, "HTTP", cfg.hostName()), cfg.realm())
                .clock(clock).build();
        NegotiateAcceptor acceptor = new NegotiateAcceptor(verifier);
        Sid domainAdmins = d.domain().sidWithRid(512);
        return header -> {
            if (header == null) {
                return Optional.empty();
            }
            try {
                NegotiateAcceptor.Result r = acceptor.accept(header);
                AcceptedContext ctx = r.context();
                Optional<Account> account = d.principalStore().lookup(ctx.client(), ctx.clientRealm(), LookupPurpose.CLIENT)
                        .map(PrincipalEntry::account);
                boolean admin = account.map(a -> d.memberships().tokenSids(a.sid()).contains(domainAdmins)).orElse(false);
                return Optional.of(new Caller(ctx.clientName(), admin, r.wwwAuthenticate()));
            } catch (AcceptException e) {
                LOG.info("admin API authentication refused: {}", e.getMessage());
                return Optional.empty();
            }
        };
    }

    public DcConfig config() {
        return config;
    }

    public int kdcPort() {
        return kdc.port();
    }

    public int kpasswdPort() {
        return kpasswdAddress.getPort();
    }

    public int adminPort() {
        return admin.port();
    }

    public Directory directory() {
        return directory;
    }

    @Override
    public void close() {
        admin.close();
        closeQuietly(kpasswd);
        closeQuietly(kdc);
        closeQuietly(audit);
        directory.close();
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception e) {
            LOG.warn("stopping {}: {}", c.getClass().getSimpleName(), e.toString());
        }
    }
}
