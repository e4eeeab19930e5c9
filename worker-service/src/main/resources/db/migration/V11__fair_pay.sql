-- worker-service: fair pay (docs/worker-service.md#fair-pay). One row per submission (from
-- submission.created, once per submission id) with the job's reward and the worker's reported time,
-- kept like the ledger; a job's effective hourly rate is computed from them when asked.
CREATE TABLE submission_pay (
    submission_id bigint PRIMARY KEY,
    job_id        uuid        NOT NULL,
    org_id        uuid,
    worker_id     uuid        NOT NULL,
    reward_cents  int         NOT NULL,
    duration_ms   bigint,
    submitted_at  timestamptz NOT NULL
);
CREATE INDEX submission_pay_job_idx ON submission_pay (job_id);

-- Fair-pay targets in cents per hour: an organisation's default, and per job (keyed with the
-- organisation that set it: worker-service may not know the job's owner yet; only the owner's counts).
CREATE TABLE org_pay_target (
    org_id         uuid PRIMARY KEY,
    cents_per_hour int         NOT NULL CHECK (cents_per_hour > 0),
    set_by         uuid,
    set_at         timestamptz NOT NULL
);
CREATE TABLE job_pay_target (
    job_id         uuid        NOT NULL,
    org_id         uuid        NOT NULL,
    cents_per_hour int         NOT NULL CHECK (cents_per_hour > 0),
    set_by         uuid,
    set_at         timestamptz NOT NULL,
    PRIMARY KEY (job_id, org_id)
);
