package io.tessera.common.event;

/** Applies one event. Runs inside a transaction that also records the event id, so it runs once per event. */
@FunctionalInterface
public interface EventHandler {
    void handle(EventEnvelope event) throws Exception;
}
