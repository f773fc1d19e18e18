// RFC 4120 §7.2.1 (UDP, port 88), §7.2.2 (TCP, 4-byte length, high bit reserved); MS-KILE 3.3.1
// (MaxDatagramReplySize 1465); MS-PAC 2.5 (LogonServer).
package io.kerbridge.kdc;

import io.kerbridge.kdc.audit.Audit;
import io.kerbridge.kerberos.types.EncType;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How the KDC listens and a few knobs that are not directory policy.
 *
 * @param bindAddress address for both listeners
 * @param port UDP and TCP port; 0 picks a free port (the same number for both when possible)
 * @param udpReplyLimit replies over UDP larger than this become KRB_ERR_RESPONSE_TOO_BIG and the client
 *     retries over TCP (RFC 4120 §7.2.1). Default 1465, Windows' MaxDatagramReplySize (MS-KILE 3.3.1);
 *     MIT's krb5kdc uses 4096
 * @param maxTcpRequest largest TCP request accepted (default 64 KiB); a larger length, or one with the
 *     reserved high bit set, gets KRB_ERR_FIELD_TOOLONG and the connection is closed (RFC 4120 §7.2.2)
 * @param tcpReadTimeout time allowed to receive one whole request (and to wait for the next one on a
 *     kept-open connection); a half-open or slow connection is closed after it
 * @param maxTcpConnections concurrent TCP connections; further ones are closed at once
 * @param dcName this DC's NetBIOS host name, the PAC's LogonServer (MS-PAC 2.5)
 * @param allowRc4 whether rc4-hmac (23) keys may be used at all (off by default, DESIGN §5)
 * @param enctypePreference KDC preference, strongest first: the ticket key of a service and the order
 *     of PA-ETYPE-INFO2 after the entry the KDC will use
 * @param audit where the one-line-per-request audit goes
 * @param udpReaders 0: one thread receives datagrams and answers each on its own virtual thread; n &gt; 0: n platform
 *     threads each receive a datagram and answer it themselves (no hand-off: issue 9 measured about a third less CPU
 *     per request with one reader than with a virtual thread per datagram); a request that blocks (a bad password's
 *     lockout write) then holds up the datagrams behind it on that reader
 */
public record KdcConfig(InetAddress bindAddress, int port, int udpReplyLimit, int maxTcpRequest,
        Duration tcpReadTimeout, int maxTcpConnections, String dcName, boolean allowRc4,
        List<EncType> enctypePreference, Audit audit, int udpReaders) {
    public static final List<EncType> STRONGEST_FIRST = List.of(EncType.AES256_CTS_HMAC_SHA384_192,
            EncType.AES256_CTS_HMAC_SHA1_96, EncType.AES128_CTS_HMAC_SHA256_128, EncType.AES128_CTS_HMAC_SHA1_96,
            EncType.RC4_HMAC);

    public KdcConfig {
        Objects.requireNonNull(bindAddress, "bindAddress");
        Objects.requireNonNull(tcpReadTimeout, "tcpReadTimeout");
        Objects.requireNonNull(dcName, "dcName");
        Objects.requireNonNull(audit, "audit");
        enctypePreference = List.copyOf(enctypePreference);
        if (port < 0 || port > 65535 || udpReplyLimit < 256 || maxTcpRequest < 1024 || maxTcpConnections < 1
                || udpReaders < 0) {
            throw new IllegalArgumentException("bad KDC listener settings");
        }
    }

    /** Port 88 on every address, Windows-like limits, slf4j audit. */
    public static KdcConfig defaults() {
        return new KdcConfig(anyAddress(), 88, 1465, 64 * 1024, Duration.ofSeconds(10), 1024, "DC1", false,
                STRONGEST_FIRST, Audit.slf4j(), 0);
    }

    /** 127.0.0.1 on a free port: for tests and the lab. */
    public static KdcConfig loopback() {
        return defaults().withBind(InetAddress.getLoopbackAddress(), 0);
    }

    public KdcConfig withBind(InetAddress address, int p) {
        return new KdcConfig(address, p, udpReplyLimit, maxTcpRequest, tcpReadTimeout, maxTcpConnections, dcName,
                allowRc4, enctypePreference, audit, udpReaders);
    }

    public KdcConfig withAudit(Audit a) {
        return new KdcConfig(bindAddress, port, udpReplyLimit, maxTcpRequest, tcpReadTimeout, maxTcpConnections,
                dcName, allowRc4, enctypePreference, a, udpReaders);
    }

    public KdcConfig withTcpReadTimeout(Duration t) {
        return new KdcConfig(bindAddress, port, udpReplyLimit, maxTcpRequest, t, maxTcpConnections, dcName,
                allowRc4, enctypePreference, audit, udpReaders);
    }

    public KdcConfig withUdpReplyLimit(int limit) {
        return new KdcConfig(bindAddress, port, limit, maxTcpRequest, tcpReadTimeout, maxTcpConnections, dcName,
                allowRc4, enctypePreference, audit, udpReaders);
    }

    public KdcConfig withEnctypePreference(List<EncType> order) {
        return new KdcConfig(bindAddress, port, udpReplyLimit, maxTcpRequest, tcpReadTimeout, maxTcpConnections,
                dcName, allowRc4, order, audit, udpReaders);
    }

    public KdcConfig withUdpReaders(int n) {
        return new KdcConfig(bindAddress, port, udpReplyLimit, maxTcpRequest, tcpReadTimeout, maxTcpConnections,
                dcName, allowRc4, enctypePreference, audit, n);
    }

    private static InetAddress anyAddress() {
        try {
            return InetAddress.getByAddress(new byte[4]);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
