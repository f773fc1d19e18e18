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

/** Receives datagrams on one thread, answers each on a virtual thread. */
public final class UdpListener implements AutoCloseable {
    /** Largest datagram read (a UDP payload cannot be larger). */
    private static final int MAX_DATAGRAM = 65_535;
    private static final int MAX_IN_FLIGHT = 4096;

    private final DatagramChannel channel;
    private final KdcService service;
    private final ExecutorService workers;
    private final Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
    private final Thread receiver;

    private UdpListener(DatagramChannel channel, KdcService service, ExecutorService workers) {
        this.channel = channel;
        this.service = service;
        this.workers = workers;
        this.receiver = Thread.ofPlatform().daemon().name("kdc-udp-" + port()).unstarted(this::receiveLoop);
    }

    public static UdpListener bind(InetSocketAddress address, KdcService service, ExecutorService workers)
            throws IOException {
        DatagramChannel ch = DatagramChannel.open();
        try {
            ch.bind(address);
        } catch (IOException e) {
            ch.close();
            throw e;
        }
        UdpListener l = new UdpListener(ch, service, workers);
        l.receiver.start();
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
