package io.tessera.task.batch;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * Serves requests that wait at the same time together (shared CLAIM-PATH.md, lesson 3). A request
 * thread hands its work over as a ticket and waits; a dispatcher thread takes every ticket waiting (up
 * to a maximum) and gives them to {@code serve} in one call. Nothing waits for a batch to fill: a lone
 * ticket is served at once, and under load a batch is whatever arrived while the last one ran.
 *
 * <p>Every ticket taken is answered: {@code serve} completes those it served, and the rest (also when
 * {@code serve} throws, or at shutdown) get {@code null}, which tells the request thread to do the work
 * on its own.
 *
 * @param <T> the ticket: a request's work and the future its thread waits on
 * @param <R> the answer
 */
public final class RequestBatches<T extends RequestBatches.Ticket<R>, R> {
    private static final Logger LOG = Logger.getLogger(RequestBatches.class);

    /** A request's work in a batch; {@code result} is completed by the batch, or with null. */
    public interface Ticket<R> {
        CompletableFuture<R> result();
    }

    private final String name;
    private final int threads;
    private final int maxTickets;
    private final Consumer<List<T>> serve;
    private final Runnable onFailure;
    private final LinkedBlockingQueue<T> queue = new LinkedBlockingQueue<>();
    private final List<Thread> dispatchers = new ArrayList<>();
    private volatile boolean running;

    /**
     * @param threads batches served at once
     * @param maxTickets the most tickets in one call of {@code serve}
     * @param onFailure called when {@code serve} throws (for a metric)
     */
    public RequestBatches(String name, int threads, int maxTickets, Consumer<List<T>> serve, Runnable onFailure) {
        this.name = name;
        this.threads = threads;
        this.maxTickets = maxTickets;
        this.serve = serve;
        this.onFailure = onFailure;
    }

    public void start() {
        running = true;
        for (int i = 0; i < threads; i++) {
            Thread t = new Thread(this::dispatch, name + "-" + i);
            t.setDaemon(true);
            t.start();
            dispatchers.add(t);
        }
    }

    public void stop() throws InterruptedException {
        running = false;
        for (Thread t : dispatchers) {
            t.interrupt();
            t.join(5_000);
        }
        List<T> left = new ArrayList<>();
        queue.drainTo(left);
        left.forEach(t -> t.result().complete(null));
    }

    public boolean running() {
        return running;
    }

    /** The ticket's answer from a batch, or {@code null}: the caller does the work on its own. */
    public R submit(T ticket) {
        if (!running) {
            return null;
        }
        queue.add(ticket);
        if (!running) { // stopped in between: stop() may have drained the queue before this ticket arrived
            ticket.result().complete(null);
        }
        try {
            return ticket.result().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (ExecutionException e) {
            return null;
        }
    }

    private void dispatch() {
        List<T> batch = new ArrayList<>();
        while (running) {
            try {
                batch.add(queue.take());
                queue.drainTo(batch, maxTickets - 1);
                serve.accept(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                onFailure.run();
                LOG.warnf("A batch of %d failed in %s; its requests run on their own: %s", batch.size(), name, e.toString());
            } finally {
                batch.forEach(t -> t.result().complete(null)); // no-op for those already answered
                batch.clear();
            }
        }
    }
}
