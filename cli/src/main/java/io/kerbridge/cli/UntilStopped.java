package io.kerbridge.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Keeps a {@code start} command running until the process is told to stop (SIGTERM, Ctrl-C), and makes the JVM wait
 * for the service to be closed before it exits. A shutdown hook that only released the main thread let the JVM halt
 * as soon as the hook returned, while the main thread was still closing listeners and the database (an H2 store cut
 * in the middle of its close). Use it as the first resource of the try block, so that it is closed last:
 * <pre>
 * try (UntilStopped until = new UntilStopped(); Service s = Service.start(…)) { …; until.await(); }
 * </pre>
 */
final class UntilStopped implements AutoCloseable {
    /** How long the JVM waits at exit for the service to close. */
    static final long CLOSE_WAIT_SECONDS = 30;

    private final CountDownLatch stop = new CountDownLatch(1);
    private final CountDownLatch closed = new CountDownLatch(1);

    UntilStopped() {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stop.countDown();
            try {
                if (!closed.await(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS)) {
                    System.err.println("kerbridge: the service did not close within " + CLOSE_WAIT_SECONDS + " s; exiting anyway");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "kerbridge-shutdown"));
    }

    /** Blocks until the process is asked to stop. */
    void await() throws InterruptedException {
        stop.await();
    }

    /** The service is closed: the JVM may exit. */
    @Override
    public void close() {
        closed.countDown();
    }
}
