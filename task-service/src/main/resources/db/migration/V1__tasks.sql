-- task-service: jobs, items (regular and gold, one id space), slots, assignments, submissions.
-- Hot paths (claim, submit, lease reaping) use plain SQL; see docs/task-service.md.

CREATE TABLE job (
    id            uuid PRIMARY KEY,
    org_id        uuid        NOT NULL,
    name          text        NOT NULL,
    instructions  text        NOT NULL,
    label_schema  jsonb       NOT NULL,
    overlap       int         NOT NULL CHECK (overlap >= 1),
    max_overlap   int         NOT NULL CHECK (max_overlap >= overlap),
    gold_rate     double precision NOT NULL CHECK (gold_rate >= 0 AND gold_rate < 1),
    lease_seconds int         NOT NULL CHECK (lease_seconds > 0),
    reward_cents  int         NOT NULL DEFAULT 0,
    priority      int         NOT NULL DEFAULT 0,
    state         text        NOT NULL CHECK (state IN ('draft', 'running', 'paused', 'completed', 'cancelled')),
    created_at    timestamptz NOT NULL,
    started_at    timestamptz,
    finished_at   timestamptz,
    version       bigint      NOT NULL DEFAULT 0
);
CREATE INDEX job_org ON job (org_id, created_at);
CREATE INDEX job_running ON job (priority DESC, created_at) WHERE state = 'running';

-- Gold items live in the same table and id space as regular ones, so nothing a worker sees tells them apart.
CREATE TABLE item (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    job_id          uuid        NOT NULL REFERENCES job (id),
    external_id     text        NOT NULL,
    data            jsonb       NOT NULL,
    gold            boolean     NOT NULL DEFAULT false,
    gold_answer     jsonb,
    explanation     text,
    required_labels int         NOT NULL,
    resolved        boolean     NOT NULL DEFAULT false,
    label           jsonb,
    confidence      double precision,
    resolved_at     timestamptz,
    UNIQUE (job_id, external_id),
    CHECK (gold = (gold_answer IS NOT NULL))
);
CREATE INDEX item_unresolved ON item (job_id) WHERE NOT gold AND NOT resolved;
CREATE INDEX item_gold ON item (job_id) WHERE gold;

-- One row per label an item still needs or has: k = required_labels slots per regular item.
CREATE TABLE task_slot (
    item_id       bigint      NOT NULL REFERENCES item (id),
    slot          smallint    NOT NULL,
    job_id        uuid        NOT NULL,
    state         text        NOT NULL CHECK (state IN ('open', 'leased', 'done')),
    assignment_id uuid,
    PRIMARY KEY (item_id, slot)
);
CREATE INDEX task_slot_open ON task_slot (job_id, item_id, slot) WHERE state = 'open';
CREATE INDEX task_slot_assignment ON task_slot (assignment_id) WHERE state = 'leased';
-- Claimed slots leave dead index entries at the front of the open index: vacuum this table often.
ALTER TABLE task_slot SET (autovacuum_vacuum_scale_factor = 0.01, autovacuum_vacuum_threshold = 1000);

-- Who got which item. UNIQUE (item_id, worker_id) is the "never the same item twice" invariant,
-- kept for released and expired assignments too.
CREATE TABLE assignment (
    id          uuid PRIMARY KEY,
    item_id     bigint      NOT NULL REFERENCES item (id),
    worker_id   uuid        NOT NULL,
    job_id      uuid        NOT NULL,
    slot        smallint,
    state       text        NOT NULL CHECK (state IN ('leased', 'submitted', 'released', 'expired')),
    leased_at   timestamptz NOT NULL,
    lease_until timestamptz NOT NULL,
    UNIQUE (item_id, worker_id)
);
CREATE INDEX assignment_expiring ON assignment (lease_until) WHERE state = 'leased';
CREATE INDEX assignment_worker ON assignment (worker_id, job_id);

CREATE TABLE submission (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    assignment_id   uuid        NOT NULL UNIQUE REFERENCES assignment (id),
    item_id         bigint      NOT NULL,
    job_id          uuid        NOT NULL,
    worker_id       uuid        NOT NULL,
    label           jsonb       NOT NULL,
    duration_ms     bigint,
    idempotency_key text,
    submitted_at    timestamptz NOT NULL,
    UNIQUE (worker_id, idempotency_key)
);
CREATE INDEX submission_item ON submission (item_id);
CREATE INDEX submission_job ON submission (job_id);
