-- Quality policies, worker verdicts, rejected labels and skip streaks (issue 4).
ALTER TABLE known_job ADD COLUMN policy jsonb NOT NULL DEFAULT '{}';
ALTER TABLE known_job ADD COLUMN label_count int NOT NULL DEFAULT 0;

-- A blocked worker's labels stay stored but stop counting.
ALTER TABLE label ADD COLUMN rejected boolean NOT NULL DEFAULT false;

-- Skips, from task-service's assignment.released. A streak is the skips after the worker's last
-- label, by time, so it does not depend on the order in which events of different items arrive.
CREATE TABLE skip (
    job_id      uuid        NOT NULL,
    worker_id   uuid        NOT NULL,
    item_id     bigint      NOT NULL,
    released_at timestamptz NOT NULL
);
CREATE INDEX skip_worker ON skip (job_id, worker_id, released_at);

-- At most one verdict per worker and job; each says why, with the figures behind it.
CREATE TABLE verdict (
    id            uuid PRIMARY KEY,
    job_id        uuid        NOT NULL,
    worker_id     uuid        NOT NULL,
    scope         text        NOT NULL CHECK (scope IN ('job', 'platform')),
    action        text        NOT NULL,
    reason        text        NOT NULL,
    evidence      jsonb       NOT NULL,
    reject_labels boolean     NOT NULL,
    decided_at    timestamptz NOT NULL,
    UNIQUE (job_id, worker_id)
);

-- How many labels the item needed when this label came (task-service's slot count), so a verdict
-- knows how many slots to ask for when it rejects labels of items not decided yet.
ALTER TABLE label ADD COLUMN required_labels int NOT NULL DEFAULT 0;
