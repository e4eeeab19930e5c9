-- ProcessedEventPruning (tessera-common) deletes the oldest rows first, in chunks, by this index.
CREATE INDEX processed_event_processed_at ON processed_event (processed_at);
