-- worker-service: blocks of workers, the verdicts behind automatic ones, and the jobs it has seen.

-- A block keeps a worker from claiming work in a scope: the platform, one client organisation, or
-- one job. Rows are never deleted: lifting sets lifted_at, so the history stays. A block is active
-- while it is not lifted and its end (until, NULL = indefinitely) has not passed; task-service gets
-- the union of the active blocks per (worker, scope, target) as worker.blocked / worker.unblocked.
CREATE TABLE worker_block (
    id                uuid PRIMARY KEY,
    worker_id         uuid        NOT NULL REFERENCES worker (id),
    scope             text        NOT NULL,
    org_id            uuid,
    job_id            uuid,
    until             timestamptz,
    reason            text        NOT NULL,
    source            text        NOT NULL,
    -- who placed it: the caller's token subject (an account id, or the API key id of a client) and role;
    -- NULL for automatic blocks (source verdict or exam)
    created_by        uuid,
    created_by_role   text,
    -- a vendor manager's vendor at the time, so only that vendor's managers may lift the block
    created_by_vendor uuid,
    verdict_id        uuid,
    created_at        timestamptz NOT NULL,
    lifted_at         timestamptz,
    lifted_by         uuid,
    CONSTRAINT worker_block_scope_known CHECK (scope IN ('platform', 'org', 'job')),
    CONSTRAINT worker_block_source_known CHECK (source IN ('manual', 'verdict', 'exam')),
    CONSTRAINT worker_block_org_scope_has_org CHECK (scope <> 'org' OR org_id IS NOT NULL),
    CONSTRAINT worker_block_job_scope_has_job CHECK (scope <> 'job' OR job_id IS NOT NULL),
    CONSTRAINT worker_block_platform_has_no_target CHECK (scope <> 'platform' OR (org_id IS NULL AND job_id IS NULL)),
    CONSTRAINT worker_block_role_known CHECK (created_by_role IN ('admin', 'vendor', 'client'))
);
CREATE INDEX worker_block_worker_idx ON worker_block (worker_id, created_at);
CREATE INDEX worker_block_org_idx ON worker_block (org_id, created_at) WHERE org_id IS NOT NULL;
CREATE UNIQUE INDEX worker_block_verdict_key ON worker_block (verdict_id) WHERE verdict_id IS NOT NULL;

-- quality-service's verdicts as received on tessera.worker-scores; the primary key makes a verdict
-- take effect once even if it arrives under two event ids.
CREATE TABLE verdict (
    verdict_id    uuid PRIMARY KEY,
    worker_id     uuid        NOT NULL,
    job_id        uuid,
    org_id        uuid,
    scope         text,
    action        text,
    reason        text,
    evidence      jsonb,
    reject_labels boolean     NOT NULL,
    decided_at    timestamptz,
    received_at   timestamptz NOT NULL
);
CREATE INDEX verdict_worker_idx ON verdict (worker_id);

-- The organisation of every job worker-service has seen in an event (submissions, verdicts).
-- worker-service never calls task-service, so this is what it knows of job ownership.
CREATE TABLE known_job (
    job_id        uuid PRIMARY KEY,
    org_id        uuid        NOT NULL,
    first_seen_at timestamptz NOT NULL
);
