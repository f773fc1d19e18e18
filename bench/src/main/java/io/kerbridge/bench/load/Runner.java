package io.kerbridge.bench.load;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs N concurrent clients (virtual threads unless asked otherwise): each sets itself up (not timed), then
 * all start together and loop their operation through a warm-up and a measured window. The window ends
 * after the duration or when the measured count is reached, whichever comes first. Latencies are kept for
 * every successful measured operation; percentiles are exact (sorted), not bucketed.
 */
final class Runner {
    /** One operation of one client; throws on any failure (counted as an error). */
    @FunctionalInterface
    interface Op {
        void run() throws Exception;
    }

    /** Builds one client (e.g. gets its TGT); the returned operation is what is measured. */
    @FunctionalInterface
    interface Client {
        Op create(int index) throws Exception;
    }

    /** Thrown by an operation when its client has nothing more to do (pre-built requests used up). */
    static final class Done extends Exception {
        Done() {
            super(null, null, false, false);
        }
    }

    record Plan(int clients, double warmupSeconds, double durationSeconds, long maxCount, boolean platformThreads,
            long[] serverPids) {
        Plan withPids(long[] pids) {
            return new Plan(clients, warmupSeconds, durationSeconds, maxCount, platformThreads, pids);
        }

        Plan withWindow(double warmup, double duration) {
            return new Plan(clients, warmup, duration, maxCount, platformThreads, serverPids);
        }
    }

    record Result(long ok, long errors, double seconds, double rps, double p50, double p90, double p99, double max,
            String firstError, double serverCpuMsPerOp, double clientCpuPercent) {}

    private static final class Stats {
        long[] lat = new long[1 << 14];
        int n;
        long errors;
        String firstError;
        long exitedAt;

        void add(long nanos) {
            if (n == lat.length) {
                lat = Arrays.copyOf(lat, n * 2);
            }
            lat[n++] = nanos;
        }
    }

    private Runner() {}

    static Result run(Plan plan, Client factory) throws Exception {
        int n = plan.clients();
        Op[] ops = new Op[n];
        for (int i = 0; i < n; i++) {
            ops[i] = factory.create(i);
        }
        Stats[] stats = new Stats[n];
        long warm = (long) (plan.warmupSeconds() * 1e9);
        long dur = (long) (plan.durationSeconds() * 1e9);
        AtomicLong measuredStarted = new AtomicLong();
        AtomicLong countReachedAt = new AtomicLong(Long.MAX_VALUE);
        CountDownLatch ready = new CountDownLatch(n);
        CountDownLatch go = new CountDownLatch(1);
        AtomicReference<long[]> times = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int idx = i;
            Stats s = stats[i] = new Stats();
            Runnable body = () -> {
                ready.countDown();
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                s.exitedAt = Long.MAX_VALUE;
                long[] t = times.get();
                long measureFrom = t[0];
                long end = t[1];
                Op op = ops[idx];
                while (true) {
                    long start = System.nanoTime();
                    if (start >= end || start >= countReachedAt.get()) {
                        return;
                    }
                    boolean measured = start >= measureFrom;
                    if (measured && measuredStarted.incrementAndGet() > plan.maxCount()) {
                        countReachedAt.compareAndSet(Long.MAX_VALUE, start);
                        return;
                    }
                    try {
                        op.run();
                        if (measured) {
                            s.add(System.nanoTime() - start);
                        }
                    } catch (Done d) {
                        s.exitedAt = System.nanoTime();
                        return;
                    } catch (Exception | AssertionError e) {
                        if (measured) {
                            s.errors++;
                            if (s.firstError == null) {
                                s.firstError = e.toString();
                            }
                        }
                    }
                }
            };
            Thread th = plan.platformThreads() ? Thread.ofPlatform().name("client-" + i).unstarted(body)
                    : Thread.ofVirtual().name("client-" + i).unstarted(body);
            threads.add(th);
            th.start();
        }
        ready.await();
        long t0 = System.nanoTime();
        times.set(new long[] {t0 + warm, t0 + warm + dur});
        go.countDown();
        Thread.sleep(Math.max(0, warm / 1_000_000));
        long[] cpu0 = cpu(plan.serverPids());
        long measureStart = System.nanoTime();
        long deadline = measureStart + dur;
        while (System.nanoTime() < deadline && threads.stream().anyMatch(Thread::isAlive)) {
            Thread.sleep(Math.max(1, Math.min(100, (deadline - System.nanoTime()) / 1_000_000)));
        }
        long measureEndNominal = System.nanoTime();
        long[] cpu1 = cpu(plan.serverPids());
        for (Thread th : threads) {
            th.join();
        }
        long lastExit = 0;
        for (Stats s : stats) {
            lastExit = Math.max(lastExit, s.exitedAt);
        }
        long windowEnd = Math.min(Math.min(countReachedAt.get(), t0 + warm + dur), lastExit);
        double seconds = Math.max(1e-9, (windowEnd - (t0 + warm)) / 1e9);
        long ok = 0;
        long err = 0;
        String first = null;
        for (Stats s : stats) {
            ok += s.n;
            err += s.errors;
            if (first == null) {
                first = s.firstError;
            }
        }
        long[] all = new long[(int) ok];
        int at = 0;
        for (Stats s : stats) {
            System.arraycopy(s.lat, 0, all, at, s.n);
            at += s.n;
        }
        Arrays.sort(all);
        double cpuSeconds = (measureEndNominal - measureStart) / 1e9;
        double serverCpu = Double.NaN;
        double clientCpu = Double.NaN;
        if (cpu0 != null && cpu1 != null && ok > 0) {
            double ticks = ticksPerSecond();
            double opsInCpuWindow = ok * Math.min(1.0, cpuSeconds / seconds);
            if (cpu0[0] >= 0) {
                serverCpu = (cpu1[0] - cpu0[0]) / ticks * 1000 / opsInCpuWindow;
            }
            clientCpu = (cpu1[1] - cpu0[1]) / ticks / cpuSeconds * 100;
        }
        return new Result(ok, err, seconds, ok / seconds, pct(all, 0.50), pct(all, 0.90), pct(all, 0.99),
                all.length == 0 ? Double.NaN : all[all.length - 1] / 1e6, first, serverCpu, clientCpu);
    }

    private static double pct(long[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int i = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1e6;
    }

    /** utime+stime in clock ticks of the server processes (or -1 when none) and of this process. */
    private static long[] cpu(long[] serverPids) {
        try {
            long server = serverPids.length == 0 ? -1 : 0;
            for (long pid : serverPids) {
                server += ticks(Path.of("/proc/" + pid + "/stat"));
            }
            return new long[] {server, ticks(Path.of("/proc/self/stat"))};
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static long ticks(Path stat) throws IOException {
        String s = Files.readString(stat);
        String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]); // fields 14 and 15: utime, stime
    }

    private static double ticksPerSecond() {
        return 100.0; // USER_HZ on Linux x86-64
    }

    static void print(PrintStream out, String mode, String transport, Plan plan, Result r) {
        out.printf(Locale.ROOT, "%s over %s, %d clients, %.1f s measured: %d ok, %d errors, %.1f ops/s;"
                + " latency ms p50 %.3f p90 %.3f p99 %.3f max %.3f%n", mode, transport, plan.clients(), r.seconds(),
                r.ok(), r.errors(), r.rps(), r.p50(), r.p90(), r.p99(), r.max());
        if (!Double.isNaN(r.serverCpuMsPerOp())) {
            out.printf(Locale.ROOT, "server CPU %.3f ms per op; load generator CPU %.0f %%%n", r.serverCpuMsPerOp(),
                    r.clientCpuPercent());
        }
        if (r.firstError() != null) {
            out.println("first error: " + r.firstError());
        }
        out.printf(Locale.ROOT, "RESULT tool=loadgen mode=%s transport=%s clients=%d seconds=%.2f ok=%d err=%d"
                + " rps=%.1f p50_ms=%.3f p90_ms=%.3f p99_ms=%.3f max_ms=%.3f server_cpu_ms_per_op=%.4f"
                + " client_cpu_pct=%.0f%n", mode, transport, plan.clients(), r.seconds(), r.ok(), r.errors(), r.rps(),
                r.p50(), r.p90(), r.p99(), r.max(), r.serverCpuMsPerOp(), r.clientCpuPercent());
    }
}
