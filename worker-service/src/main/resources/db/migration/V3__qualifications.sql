-- worker-service: qualifications, who holds them, and exam attempts.

-- A qualification is a name that jobs list in requiredQualifications (task-service compares names)
-- and worker.updated carries. Names are unique platform-wide and never change. org_id is the client
-- organisation that defined it, NULL for an admin's (platform) qualification. With an exam, passing
-- exam_gold gold answers of exam_job_id at pass_percent grants it (at most max_attempts attempts,
-- retry_delay_seconds between them); training_job_id is the job to practise on.
CREATE TABLE qualification (
    id                  uuid PRIMARY KEY,
    name                text        NOT NULL,
    description         text,
    org_id              uuid REFERENCES client_org (id),
    created_by          uuid        NOT NULL,
    created_at          timestamptz NOT NULL,
    exam_job_id         uuid,
    training_job_id     uuid,
    pass_percent        int,
    exam_gold           int,
    max_attempts        int,
    retry_delay_seconds bigint,
    CONSTRAINT qualification_name_key UNIQUE (name),
    CONSTRAINT qualification_name_shape CHECK (name ~ '^[a-z0-9][a-z0-9._-]{0,99}$'),
    CONSTRAINT qualification_exam_job_key UNIQUE (exam_job_id),
    CONSTRAINT qualification_exam_complete CHECK (
        (exam_job_id IS NULL AND pass_percent IS NULL AND exam_gold IS NULL AND max_attempts IS NULL
            AND retry_delay_seconds IS NULL AND training_job_id IS NULL)
        OR (exam_job_id IS NOT NULL AND coalesce(pass_percent BETWEEN 1 AND 100 AND exam_gold >= 1
            AND max_attempts >= 1 AND retry_delay_seconds >= 0, false)))
);

-- Who holds what. Revoking keeps the row (revoked_at); granting again makes it current again.
CREATE TABLE worker_qualification (
    id               uuid PRIMARY KEY,
    worker_id        uuid        NOT NULL REFERENCES worker (id),
    qualification_id uuid        NOT NULL REFERENCES qualification (id),
    granted_at       timestamptz NOT NULL,
    source           text        NOT NULL,
    granted_by       uuid,
    exam_attempt_id  uuid,
    revoked_at       timestamptz,
    revoked_by       uuid,
    CONSTRAINT worker_qualification_key UNIQUE (worker_id, qualification_id),
    CONSTRAINT worker_qualification_source_known CHECK (source IN ('grant', 'exam'))
);

-- One row per exam attempt: exam_gold scored gold answers, then passed or failed. At most one open
-- attempt per worker and qualification.
CREATE TABLE exam_attempt (
    id               uuid PRIMARY KEY,
    worker_id        uuid        NOT NULL REFERENCES worker (id),
    qualification_id uuid        NOT NULL REFERENCES qualification (id),
    number           int         NOT NULL,
    started_at       timestamptz NOT NULL,
    answered         int         NOT NULL DEFAULT 0,
    correct          int         NOT NULL DEFAULT 0,
    finished_at      timestamptz,
    passed           boolean,
    CONSTRAINT exam_attempt_number_key UNIQUE (worker_id, qualification_id, number),
    CONSTRAINT exam_attempt_counts CHECK (0 <= correct AND correct <= answered)
);
CREATE UNIQUE INDEX exam_attempt_open_key ON exam_attempt (worker_id, qualification_id) WHERE finished_at IS NULL;
