// RFC 4120 §7.2 (UDP and TCP on the same port, 88 by default); the process the CLI starts (DESIGN §1).
package io.kerbridge.kdc;

import io.kerbridge.directory.AccountEvents;
import io.kerbridge.directory.PrincipalStore;
import io.kerbridge.directory.RodcPolicyView;
import io.kerbridge.kdc.transport.TcpListener;
import io.kerbridge.kdc.transport.UdpListener;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A running KDC: a {@link KdcService} behind a UDP and a TCP listener on one port. With port 0 a free
 * port is chosen, and the UDP listener is bound to the same number as the TCP one (retrying a few
 * times if that number is taken for UDP), so one {@code kdc = host:port} line serves both.
 */
public final class Kdc implements AutoCloseable {
    private static final int BIND_ATTEMPTS = 20;

    private final KdcService service;
    private final TcpListener tcp;
    private final UdpListener udp;
    private final ExecutorService workers;

    private Kdc(KdcService service, TcpListener tcp, UdpListener udp, ExecutorService workers) {
        this.service = service;
        this.tcp = tcp;
        this.udp = udp;
        this.workers = workers;
    }

    /** Without an RODC policy view: RODC-issued TGTs are refused with KDC_ERR_POLICY. */
    public static Kdc start(KdcConfig config, PrincipalStore store, AccountEvents events, Clock clock)
            throws IOException {
        return start(config, new KdcService(config, store, events, clock), store, clock);
    }

    /**
     * With the directory's password replication policy view: partial TGTs issued under a
     * {@code krbtgt_<n>} key (cloud Kerberos trust) are exchanged for full TGTs (notes §2.5-§2.8).
     */
    public static Kdc start(KdcConfig config, PrincipalStore store, AccountEvents events, RodcPolicyView rodc,
            Clock clock) throws IOException {
        return start(config, new KdcService(config, store, events, Optional.of(rodc), clock), store, clock);
    }

    private static Kdc start(KdcConfig config, KdcService service, PrincipalStore store, Clock clock)
            throws IOException {
        KrbErrors errors = new KrbErrors(store.domain().realm(), clock);
        ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
        IOException last = null;
        for (int i = 0; i < BIND_ATTEMPTS; i++) {
            TcpListener tcp = TcpListener.bind(new InetSocketAddress(config.bindAddress(), config.port()), service,
                    errors, workers, config);
            try {
                UdpListener udp = UdpListener.bind(new InetSocketAddress(config.bindAddress(), tcp.port()), service,
                        workers, config.udpReaders());
                return new Kdc(service, tcp, udp, workers);
            } catch (BindException e) {
                tcp.close();
                last = e;
                if (config.port() != 0) {
                    break;
                }
            }
        }
        workers.shutdown();
        throw last;
    }

    /** The TCP port. */
    public int port() {
        return tcp.port();
    }

    public int udpPort() {
        return udp.port();
    }

    public KdcService service() {
        return service;
    }

    /** Stops both listeners; requests in progress finish on their own threads. */
    @Override
    public void close() throws IOException {
        try {
            tcp.close();
        } finally {
            udp.close();
            workers.shutdown();
        }
    }
}
