-- quality-service: its own copy of the labels and gold answers it needs (from tessera.submissions),
-- worker gold scores, and the decisions it sent about items.

-- Jobs as learned from submission events: the owner (for report access) and the schema.
CREATE TABLE known_job (
    id           uuid PRIMARY KEY,
    org_id       uuid        NOT NULL,
    kind         text        NOT NULL,
    max_overlap  int         NOT NULL,
    first_seen   timestamptz NOT NULL
);

CREATE TABLE label (
    submission_id bigint PRIMARY KEY,
    job_id        uuid        NOT NULL,
    item_id       bigint      NOT NULL,
    worker_id     uuid        NOT NULL,
    label         jsonb       NOT NULL,
    gold          boolean     NOT NULL,
    correct       boolean,
    duration_ms   bigint,
    submitted_at  timestamptz NOT NULL,
    CHECK (gold = (correct IS NOT NULL))
);
CREATE INDEX label_item ON label (item_id);
CREATE INDEX label_job_worker ON label (job_id, worker_id);

-- Gold accuracy counts per worker and job, and per worker over all jobs.
CREATE TABLE worker_job_gold (
    job_id    uuid NOT NULL,
    worker_id uuid NOT NULL,
    seen      int  NOT NULL,
    correct   int  NOT NULL,
    PRIMARY KEY (job_id, worker_id)
);
CREATE TABLE worker_gold (
    worker_id uuid PRIMARY KEY,
    seen      int NOT NULL,
    correct   int NOT NULL
);

-- The latest decision sent about each item.
CREATE TABLE item_decision (
    item_id         bigint PRIMARY KEY,
    job_id          uuid        NOT NULL,
    state           text        NOT NULL CHECK (state IN ('resolved', 'extended')),
    label           jsonb,
    confidence      double precision,
    labels          int         NOT NULL,
    required_labels int         NOT NULL,
    decided_at      timestamptz NOT NULL
);
CREATE INDEX item_decision_job ON item_decision (job_id, state);
