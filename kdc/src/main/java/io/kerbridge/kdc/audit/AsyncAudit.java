// Audit trail off the request path (issue 9: the synchronous logback write was 6-10 % of a KDC request's CPU
// and serialised the request threads on the appender's lock). Same lines, same order per request thread.
package io.kerbridge.kdc.audit;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Hands each event to one background platform thread that formats and writes it through {@code sink}. Nothing is
 * dropped: when the queue is full the caller records the event itself (slower, but never lost). {@link #close()}
 * writes what is queued and stops the thread.
 */
final class AsyncAudit implements Audit.Closing {
    private static final int BATCH = 256;

    private final Audit sink;
    private final ArrayBlockingQueue<AuditEvent> queue;
    private final Thread writer;
    private volatile boolean closed;

    AsyncAudit(Audit sink, int capacity) {
        this.sink = sink;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.writer = Thread.ofPlatform().daemon().name("kdc-audit").start(this::drain);
    }

    @Override
    public void record(AuditEvent event) {
        if (closed || !queue.offer(event)) {
            sink.record(event);
        }
    }

    private void drain() {
        List<AuditEvent> batch = new ArrayList<>(BATCH);
        while (true) {
            try {
                AuditEvent first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    if (closed) {
                        return;
                    }
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, BATCH - 1);
                for (AuditEvent e : batch) {
                    sink.record(e);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                // a failing sink must not stop the trail; the next events are tried again
            } finally {
                batch.clear();
            }
        }
    }

    /** Writes the queued events, then stops the writer thread. */
    @Override
    public void close() {
        closed = true;
        try {
            writer.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        AuditEvent e;
        while ((e = queue.poll()) != null) {
            sink.record(e);
        }
    }
}
