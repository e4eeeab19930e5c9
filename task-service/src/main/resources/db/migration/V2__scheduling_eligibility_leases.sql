-- Scheduling, eligibility, leases and gold rotation (issue 3).

-- Per job: how its slots are ordered, who may work on it, and whether a late submit may still count.
ALTER TABLE job
    ADD COLUMN schedule              text    NOT NULL DEFAULT 'depth-first'
        CHECK (schedule IN ('depth-first', 'breadth-first', 'random')),
    ADD COLUMN required_qualifications text[] NOT NULL DEFAULT '{}',
    ADD COLUMN allowed_vendors       uuid[]  NOT NULL DEFAULT '{}',
    ADD COLUMN max_labels_per_worker int     CHECK (max_labels_per_worker > 0),
    ADD COLUMN allow_late_submit     boolean NOT NULL DEFAULT false;

-- One claim order for every schedule: the slot's sort key is computed when the slot is made
-- (depth-first: item, then slot; breadth-first: slot, then item; random: a random number), so the
-- claim walks one partial index in order whatever the schedule.
ALTER TABLE task_slot ADD COLUMN sort_key bigint;
UPDATE task_slot SET sort_key = item_id * 128 + slot;
ALTER TABLE task_slot ALTER COLUMN sort_key SET NOT NULL;
DROP INDEX task_slot_open;
CREATE INDEX task_slot_open ON task_slot (job_id, sort_key) WHERE state = 'open';

-- Pairwise items: whether the worker saw output b on the left (the label is un-flipped on submit).
ALTER TABLE assignment ADD COLUMN flipped boolean NOT NULL DEFAULT false;

-- "Never the same item twice" holds for regular items. Gold items may come back to a worker once
-- every gold item of the job has been seen: they rotate least-recently-seen first (gold_seen).
ALTER TABLE assignment DROP CONSTRAINT assignment_item_id_worker_id_key;
CREATE UNIQUE INDEX assignment_once_per_worker ON assignment (item_id, worker_id) WHERE slot IS NOT NULL;
CREATE INDEX assignment_gold ON assignment (item_id, worker_id) WHERE slot IS NULL;
CREATE TABLE gold_seen (
    worker_id  uuid        NOT NULL,
    item_id    bigint      NOT NULL REFERENCES item (id),
    job_id     uuid        NOT NULL,
    times      int         NOT NULL,
    last_seen  timestamptz NOT NULL,
    PRIMARY KEY (worker_id, item_id)
);
CREATE INDEX gold_seen_job ON gold_seen (worker_id, job_id, last_seen);

-- What task-service knows of workers, from worker-service's events (tessera.worker-status).
CREATE TABLE worker_profile (
    worker_id      uuid PRIMARY KEY,
    vendor_id      uuid,
    qualifications text[]      NOT NULL DEFAULT '{}',
    updated_at     timestamptz NOT NULL
);
-- scope 'platform' (target = nil uuid), 'org' (target = org id) or 'job' (target = job id).
CREATE TABLE worker_block (
    worker_id  uuid        NOT NULL,
    scope      text        NOT NULL CHECK (scope IN ('platform', 'org', 'job')),
    target     uuid        NOT NULL,
    until      timestamptz,
    reason     text,
    PRIMARY KEY (worker_id, scope, target)
);

-- The sort key of a new slot under a job's schedule: the one place that defines the orders.
CREATE FUNCTION slot_sort_key(schedule text, item_id bigint, slot int) RETURNS bigint
LANGUAGE sql VOLATILE AS $$
    SELECT CASE schedule
        WHEN 'depth-first' THEN item_id * 128 + slot
        WHEN 'breadth-first' THEN slot * 1099511627776 + item_id
        ELSE (random() * 4611686018427387903)::bigint
    END
$$;

-- Fair share across jobs counts each job's live leases at claim time.
CREATE INDEX assignment_leased_job ON assignment (job_id) WHERE state = 'leased';
