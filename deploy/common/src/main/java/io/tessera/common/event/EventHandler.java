package io.tessera.common.event;

/** Applies one event. Runs inside a transaction that also records the event id, so it runs once per event. */
@FunctionalInterface
public interface EventHandler {
    void handle(EventEnvelope event) throws Exception;

    /**
     * Runs on the consumer thread after the events it handled have committed (once per poll), for work
     * that must see what other consumer threads committed meanwhile: two threads' open transactions do
     * not see each other's writes, but the later of two committed ones' follow-up sees both. A failure
     * here is logged; the events stay applied.
     */
    default void afterCommit() throws Exception {
    }
}
