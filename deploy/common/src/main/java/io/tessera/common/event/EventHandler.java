package io.tessera.common.event;

import java.util.List;

/** Applies events. Runs inside a transaction that also records their ids, so it runs once per event. */
@FunctionalInterface
public interface EventHandler {
    void handle(EventEnvelope event) throws Exception;

    /**
     * Applies a transaction's events, in delivery order, none of them applied before (a list of one when a
     * failed transaction's events are retried one by one). One by one by default; a consumer of many small
     * events writes them set-wise instead ({@link SetWise}), a statement per table instead of per event: with
     * every service on the same two cores, statements per event are what a busy pipeline pays for
     * (docs/events.md).
     */
    default void handleAll(List<EventEnvelope> events) throws Exception {
        for (EventEnvelope event : events) {
            handle(event);
        }
    }

    /**
     * Runs on the consumer thread after the events it handled have committed (once per poll), for work
     * that must see what other consumer threads committed meanwhile: two threads' open transactions do
     * not see each other's writes, but the later of two committed ones' follow-up sees both. A failure
     * here is logged; the events stay applied.
     */
    default void afterCommit() throws Exception {
    }

    /** A handler that writes a transaction's events set-wise; one event is a list of one. */
    @FunctionalInterface
    interface SetWise extends EventHandler {
        @Override
        void handleAll(List<EventEnvelope> events) throws Exception;

        @Override
        default void handle(EventEnvelope event) throws Exception {
            handleAll(List.of(event));
        }
    }
}
