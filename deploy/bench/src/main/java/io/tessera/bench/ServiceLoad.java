package io.tessera.bench;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * N simulated workers over HTTP, each a thread with its own keep-alive connection (a closed loop):
 * POST /api/v1/claims {jobId} -> think -> POST /api/v1/assignments/{id}/submission with an
 * Idempotency-Key, again and again until the window ends. Claim latency is measured from the
 * request's first byte written to the response's last byte read; a label counts when its submit
 * answered 201 inside the window. A 204 (no work) or an error makes the worker pause 10 ms.
 */
final class ServiceLoad {
    private static final byte[] LABEL = "{\"label\":\"pos\",\"durationMs\":5}".getBytes(StandardCharsets.US_ASCII);
    private final Options o;
    private final String host;
    private final int port;

    ServiceLoad(Options o) {
        this.o = o;
        URI u = URI.create(o.taskUrl);
        host = u.getHost();
        port = u.getPort();
    }

    Measurement run(UUID job, int n, int rep, long thinkNanos, List<Api.Worker> accounts, Cpu cpu, DbStats dbStats,
            WaitSampler waits, String side) throws InterruptedException {
        return run(job, n, rep, thinkNanos, accounts, cpu, dbStats, waits, side, o.warmup, o.seconds);
    }

    Measurement run(UUID job, int n, int rep, long thinkNanos, List<Api.Worker> accounts, Cpu cpu, DbStats dbStats,
            WaitSampler waits, String side, int warmupSeconds, int seconds) throws InterruptedException {
        if (accounts.size() < n) {
            throw new IllegalStateException(n + " workers wanted, " + accounts.size() + " accounts");
        }
        long warmupEnd = System.nanoTime() + warmupSeconds * 1_000_000_000L;
        long end = warmupEnd + seconds * 1_000_000_000L;
        byte[] claimBody = ("{\"jobId\":\"" + job + "\"}").getBytes(StandardCharsets.US_ASCII);
        List<Stats.Samples> claimLat = new ArrayList<>();
        List<Stats.Samples> submitLat = new ArrayList<>();
        AtomicLong labels = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        AtomicLong noWork = new AtomicLong();
        Map<String, Long> problems = new ConcurrentHashMap<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Stats.Samples cl = new Stats.Samples();
            Stats.Samples sl = new Stats.Samples();
            claimLat.add(cl);
            submitLat.add(sl);
            Api.Worker account = accounts.get(i);
            Thread t = new Thread(null, () -> loop(account, claimBody, thinkNanos, warmupEnd, end, cl, sl, labels, errors,
                    noWork, problems), "worker-" + i, 256 * 1024);
            t.setDaemon(true);
            threads.add(t);
        }
        threads.forEach(Thread::start);
        Bench.sleepUntil(warmupEnd);
        Cpu.Snapshot a = cpu.snapshot();
        DbStats.Snapshot da = dbStats.snapshot();
        DbStats.Reads ra = dbStats.reads("tessera_task");
        if (waits != null) {
            waits.start(end);
        }
        Bench.sleepUntil(end);
        Cpu.Snapshot b = cpu.snapshot();
        DbStats.Snapshot db = dbStats.snapshot();
        DbStats.Reads rb = dbStats.reads("tessera_task");
        for (Thread t : threads) {
            t.join(60_000);
        }
        long[] claims = Stats.Samples.merge(claimLat);
        long[] submits = Stats.Samples.merge(submitLat);
        return new Measurement(side, n, rep, seconds, labels.get(), Stats.percentileMs(claims, 0.50),
                Stats.percentileMs(claims, 0.95), Stats.percentileMs(claims, 0.99), Stats.percentileMs(submits, 0.50),
                Stats.percentileMs(submits, 0.99), errors.get(), noWork.get(), Cpu.shares(a, b), new TreeMap<>(problems),
                waits == null ? null : waits.report(),
                DbStats.perLabel(da, db, labels.get(), seconds), DbStats.topReads(ra, rb, labels.get(), 8));
    }

    private void loop(Api.Worker account, byte[] claimBody, long thinkNanos, long warmupEnd, long end,
            Stats.Samples claimLat, Stats.Samples submitLat, AtomicLong labels, AtomicLong errors, AtomicLong noWork,
            Map<String, Long> problems) {
        byte[] auth = ("Authorization: Bearer " + account.token + "\r\n").getBytes(StandardCharsets.US_ASCII);
        try (MiniHttp http = new MiniHttp(host, port)) {
            while (!Bench.stopping()) {
                long t0 = System.nanoTime();
                if (t0 >= end) {
                    return;
                }
                int status;
                try {
                    status = http.post("/api/v1/claims", auth, null, claimBody);
                } catch (IOException e) {
                    fail(errors, problems, "claim " + e.getClass().getSimpleName());
                    continue;
                }
                long t1 = System.nanoTime();
                if (t0 >= warmupEnd) {
                    claimLat.add(t1 - t0);
                }
                if (status == 204) {
                    noWork.incrementAndGet();
                    pause(10);
                    continue;
                }
                String id = status == 200 ? http.field("assignmentId") : null;
                if (id == null) {
                    fail(errors, problems, "claim HTTP " + status);
                    continue;
                }
                if (thinkNanos > 0) {
                    LockSupport.parkNanos(thinkNanos);
                }
                long t2 = System.nanoTime();
                try {
                    status = http.post("/api/v1/assignments/" + id + "/submission", auth, "Idempotency-Key: " + id, LABEL);
                } catch (IOException e) {
                    fail(errors, problems, "submit " + e.getClass().getSimpleName());
                    continue;
                }
                long t3 = System.nanoTime();
                if (status != 201) {
                    fail(errors, problems, "submit HTTP " + status);
                    continue;
                }
                if (t2 >= warmupEnd) {
                    submitLat.add(t3 - t2);
                }
                if (t3 >= warmupEnd && t3 < end) {
                    labels.incrementAndGet();
                }
            }
        }
    }

    private static void fail(AtomicLong errors, Map<String, Long> problems, String what) {
        errors.incrementAndGet();
        problems.merge(what, 1L, Long::sum);
        pause(10);
    }

    private static void pause(long ms) {
        LockSupport.parkNanos(ms * 1_000_000L);
    }
}
