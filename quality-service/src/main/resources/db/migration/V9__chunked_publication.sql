-- A published batch merge writes its labels in chunks, each in its own transaction (BatchMerges): items in id
-- order, published_upto the last item id written, published_at when the last chunk committed. A run that
-- job.completed asked for carries the event's id, so a redelivered event resumes its run instead of merging
-- again. Runs published before this migration were written in one transaction: they are complete.
ALTER TABLE aggregation_run ADD COLUMN event_id uuid UNIQUE;
ALTER TABLE aggregation_run ADD COLUMN published_upto bigint;
ALTER TABLE aggregation_run ADD COLUMN published_at timestamptz;
UPDATE aggregation_run SET published_at = created_at WHERE published;
