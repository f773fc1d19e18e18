// Audit trail off the request path (issue 9: the synchronous logback write was 6-10 % of a KDC request's CPU
// and serialised the request threads on the appender's lock). Same lines, same order per request thread.
package io.kerbridge.kdc.audit;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Hands each event to one background platform thread that formats and writes it through {@code sink}. The request
 * thread only appends to a lock-free queue: it never wakes the writer, which drains the queue every
 * {@value #PERIOD_MILLIS} ms (a wake-up per event cost as much as the write itself). Nothing is dropped: when
 * {@code capacity} events are waiting the caller writes the event itself. {@link #close()} writes what is queued and
 * stops the thread.
 */
final class AsyncAudit implements Audit.Closing {
    static final int PERIOD_MILLIS = 5;

    private final Audit sink;
    private final int capacity;
    private final ConcurrentLinkedQueue<AuditEvent> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger size = new AtomicInteger();
    private final Thread writer;
    private volatile boolean closed;

    AsyncAudit(Audit sink, int capacity) {
        this.sink = sink;
        this.capacity = capacity;
        this.writer = Thread.ofPlatform().daemon().name("kdc-audit").start(this::run);
    }

    @Override
    public void record(AuditEvent event) {
        if (closed || size.get() >= capacity) {
            sink.record(event);
            return;
        }
        size.incrementAndGet();
        queue.add(event);
    }

    private void run() {
        while (!closed) {
            drain();
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(PERIOD_MILLIS));
        }
    }

    private void drain() {
        AuditEvent e;
        while ((e = queue.poll()) != null) {
            size.decrementAndGet();
            try {
                sink.record(e);
            } catch (RuntimeException ex) {
                // a failing sink must not stop the trail; the next events are tried again
            }
        }
    }

    /** Writes the queued events, then stops the writer thread. */
    @Override
    public void close() {
        closed = true;
        LockSupport.unpark(writer);
        try {
            writer.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        drain();
    }
}
