-- task-service's view of workers, completed (docs/task-service.md#workers):
-- * worker_profile.active: worker-service's worker.updated carries it; a deactivated worker's claims
--   are refused and their live leases released.
-- * worker_block.org_id: the organisation a job block was placed for (a client's job block counts
--   only on a job of that organisation); NULL: the block counts on the job whoever owns it.
-- * worker_block.event_at, lifted: blocks and unblocks of one target are applied in the order of
--   their events' occurredAt, so an older event arriving late does not undo a newer one. An unblock
--   leaves a lifted row behind (a tombstone) to compare against.
ALTER TABLE worker_profile ADD COLUMN active boolean NOT NULL DEFAULT true;
ALTER TABLE worker_block ADD COLUMN org_id uuid;
ALTER TABLE worker_block ADD COLUMN event_at timestamptz;
ALTER TABLE worker_block ADD COLUMN lifted boolean NOT NULL DEFAULT false;
