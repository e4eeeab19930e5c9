-- worker-service: facts for fraud signals, the signals, and sign-in addresses.

COMMENT ON TABLE worker_job IS 'Workers with work in a job. Rewards and a verdict''s reversals of one (worker, job) '
    'are serialised by a transaction-scoped advisory lock (shared for rewards, exclusive for verdicts), see Ledger.';

-- What workers did, from tessera.submissions: a submission (type submit, ref = submission id) or a
-- skip (assignment.released, ref = assignment id). Append-only, no contention between consumer
-- threads; FraudScan reads it and prunes rows older than tessera.fraud.retention.
CREATE TABLE activity (
    id          bigserial PRIMARY KEY,
    worker_id   uuid        NOT NULL,
    job_id      uuid        NOT NULL,
    type        text        NOT NULL,
    ref         text        NOT NULL,
    label_kind  text,
    label_hash  bigint,
    duration_ms bigint,
    gold        boolean     NOT NULL DEFAULT false,
    at          timestamptz NOT NULL,
    recorded_at timestamptz NOT NULL,
    CONSTRAINT activity_type_known CHECK (type IN ('submit', 'skip')),
    CONSTRAINT activity_ref_key UNIQUE (type, ref)
);
CREATE INDEX activity_recorded_idx ON activity (recorded_at);
CREATE INDEX activity_worker_job_idx ON activity (worker_id, job_id, at);
CREATE INDEX activity_worker_idx ON activity (worker_id, type, at);

-- Successful password sign-ins of workers, with the client address (personal data: pruned after
-- tessera.fraud.retention).
CREATE TABLE sign_in (
    id         bigserial PRIMARY KEY,
    account_id uuid        NOT NULL REFERENCES account (id),
    address    text        NOT NULL,
    at         timestamptz NOT NULL
);
CREATE INDEX sign_in_address_idx ON sign_in (address, at);
CREATE INDEX sign_in_at_idx ON sign_in (at);

-- One signal per worker, kind and target (a job, or the nil uuid for worker-wide signals), updated
-- while it keeps being detected. block_id: the block the policy placed when it was first detected.
CREATE TABLE fraud_signal (
    id            uuid PRIMARY KEY,
    worker_id     uuid        NOT NULL,
    kind          text        NOT NULL,
    job_id        uuid,
    target        uuid        NOT NULL,
    detail        jsonb       NOT NULL,
    first_seen_at timestamptz NOT NULL,
    last_seen_at  timestamptz NOT NULL,
    block_id      uuid REFERENCES worker_block (id),
    CONSTRAINT fraud_signal_kind_known CHECK (kind IN ('fast-answers', 'one-answer', 'skip-streak', 'shared-address')),
    CONSTRAINT fraud_signal_key UNIQUE (worker_id, kind, target)
);
CREATE INDEX fraud_signal_seen_idx ON fraud_signal (last_seen_at);

-- Where the last scan got to; one row, advanced under an advisory lock (one scanning instance at a time).
CREATE TABLE fraud_scan (
    id              int PRIMARY KEY CHECK (id = 1),
    scanned_through timestamptz NOT NULL
);

ALTER TABLE worker_block DROP CONSTRAINT worker_block_source_known;
ALTER TABLE worker_block ADD CONSTRAINT worker_block_source_known
    CHECK (source IN ('manual', 'verdict', 'exam', 'fraud'));
