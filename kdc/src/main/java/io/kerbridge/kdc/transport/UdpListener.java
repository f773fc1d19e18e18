// RFC 4120 §7.2.1 (KDC messages over UDP port 88: one request per datagram, one reply; replies too big
// become KRB_ERR_RESPONSE_TOO_BIG in KdcService). Datagrams are handled on virtual threads; at most
// MAX_IN_FLIGHT at once, beyond which datagrams are dropped (the client retries) rather than queued.
package io.kerbridge.kdc.transport;

import io.kerbridge.kdc.KdcService;
import io.kerbridge.kerberos.Bytes;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Semaphore;

/**
 * Receives and answers datagrams. With {@code readers == 0}: one platform thread receives, each datagram is answered
 * on its own virtual thread. With {@code readers > 0}: that many platform threads each receive a datagram and answer
 * it themselves, with no hand-off between threads (issue 9).
 */
public final class UdpListener implements AutoCloseable {
    /** Largest datagram read (a UDP payload cannot be larger). */
    private static final int MAX_DATAGRAM = 65_535;
    private static final int MAX_IN_FLIGHT = 4096;

    private final DatagramChannel channel;
    private final KdcService service;
    private final ExecutorService workers;
    private final Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
    private final java.util.List<Thread> receivers = new java.util.ArrayList<>();

    private UdpListener(DatagramChannel channel, KdcService service, ExecutorService workers, int readers) {
        this.channel = channel;
        this.service = service;
        this.workers = workers;
        if (readers == 0) {
            receivers.add(Thread.ofPlatform().daemon().name("kdc-udp-" + port()).unstarted(this::receiveLoop));
        }
        for (int i = 0; i < readers; i++) {
            receivers.add(Thread.ofPlatform().daemon().name("kdc-udp-" + port() + "-" + i).unstarted(this::serveLoop));
        }
    }

    public static UdpListener bind(InetSocketAddress address, KdcService service, ExecutorService workers)
            throws IOException {
        return bind(address, service, workers, 0);
    }

    public static UdpListener bind(InetSocketAddress address, KdcService service, ExecutorService workers, int readers)
            throws IOException {
        DatagramChannel ch = DatagramChannel.open();
        try {
            ch.bind(address);
        } catch (IOException e) {
            ch.close();
            throw e;
        }
        UdpListener l = new UdpListener(ch, service, workers, readers);
        l.receivers.forEach(Thread::start);
        return l;
    }

    public int port() {
        try {
            return ((InetSocketAddress) channel.getLocalAddress()).getPort();
        } catch (IOException e) {
            return -1;
        }
    }

    private void receiveLoop() {
        ByteBuffer buf = ByteBuffer.allocate(MAX_DATAGRAM);
        while (channel.isOpen()) {
            try {
                buf.clear();
                SocketAddress from = channel.receive(buf);
                if (from == null || !inFlight.tryAcquire()) {
                    continue;
                }
                byte[] data = new byte[buf.position()];
                buf.flip().get(data);
                workers.execute(() -> answer(data, from));
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException | RuntimeException e) {
                // one bad datagram (or ICMP-reported error) must not stop the listener
            }
        }
    }

    /** One reader: receive, answer, repeat. */
    private void serveLoop() {
        ByteBuffer buf = ByteBuffer.allocate(MAX_DATAGRAM);
        while (channel.isOpen()) {
            try {
                buf.clear();
                SocketAddress from = channel.receive(buf);
                if (from == null) {
                    continue;
                }
                byte[] data = new byte[buf.position()];
                buf.flip().get(data);
                Optional<Bytes> reply = service.handle(Bytes.wrap(data), true, Optional.of(from.toString()));
                if (reply.isPresent()) {
                    channel.send(ByteBuffer.wrap(reply.get().unsafeArray()), from);
                }
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException | RuntimeException e) {
                // one bad datagram, or a peer gone away, must not stop the reader
            }
        }
    }

    private void answer(byte[] data, SocketAddress from) {
        try {
            Optional<Bytes> reply = service.handle(Bytes.wrap(data), true, Optional.of(from.toString()));
            if (reply.isPresent()) {
                channel.send(ByteBuffer.wrap(reply.get().unsafeArray()), from);
            }
        } catch (IOException | RuntimeException e) {
            // the peer went away; nothing to do
        } finally {
            inFlight.release();
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
