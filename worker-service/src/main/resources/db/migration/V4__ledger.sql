-- worker-service: the earnings ledger. Amounts are integer cents (bigint); nothing is ever updated
-- or deleted: a reward taken back is a reversal entry, a correction an adjustment entry.

-- One row per worker and job with work in it (from submission.created, or a verdict). Both the
-- reward of a submission and a verdict's reversal lock this row first, which serialises them: a
-- reward booked while a verdict is applied is either seen by the verdict or sees rejected_through.
-- rejected_through: the worker's submissions in the job up to this time are rejected (not paid).
CREATE TABLE worker_job (
    worker_id        uuid NOT NULL,
    job_id           uuid NOT NULL,
    org_id           uuid,
    rejected_through timestamptz,
    PRIMARY KEY (worker_id, job_id)
);

-- kind reward: a submission's pay (the job's rewardCents), once per submission_id; reversal: a
-- reward taken back (reverses = its id, once per reward), e.g. by a verdict that rejects the
-- worker's labels; bonus: a client's, for work in its own job; adjustment: an admin's correction,
-- either sign. vendor_id is the worker's vendor when the entry was booked (a reversal copies its
-- reward's), so vendor balances follow where the work was done. booked_at is when the entry was
-- written and decides the payout period; occurred_at is when it happened (submittedAt, decidedAt).
-- worker_id has no foreign key: a submission of a worker unknown here is still booked.
CREATE TABLE ledger_entry (
    id              bigserial PRIMARY KEY,
    worker_id       uuid        NOT NULL,
    vendor_id       uuid,
    kind            text        NOT NULL,
    amount_cents    bigint      NOT NULL,
    job_id          uuid,
    org_id          uuid,
    submission_id   bigint,
    reverses        bigint REFERENCES ledger_entry (id),
    verdict_id      uuid,
    actor           uuid,
    actor_role      text,
    reason          text,
    idempotency_key text,
    occurred_at     timestamptz NOT NULL,
    booked_at       timestamptz NOT NULL,
    CONSTRAINT ledger_kind_known CHECK (kind IN ('reward', 'reversal', 'bonus', 'adjustment')),
    CONSTRAINT ledger_reward_shape CHECK (kind <> 'reward'
        OR (amount_cents > 0 AND submission_id IS NOT NULL AND job_id IS NOT NULL)),
    CONSTRAINT ledger_reversal_shape CHECK (kind <> 'reversal' OR (amount_cents < 0 AND reverses IS NOT NULL)),
    CONSTRAINT ledger_bonus_shape CHECK (kind <> 'bonus' OR (amount_cents > 0 AND job_id IS NOT NULL)),
    CONSTRAINT ledger_adjustment_shape CHECK (kind <> 'adjustment' OR (amount_cents <> 0 AND reason IS NOT NULL))
);
CREATE UNIQUE INDEX ledger_reward_submission_key ON ledger_entry (submission_id) WHERE kind = 'reward';
CREATE UNIQUE INDEX ledger_reversal_key ON ledger_entry (reverses) WHERE kind = 'reversal';
CREATE UNIQUE INDEX ledger_idempotency_key ON ledger_entry (actor, idempotency_key) WHERE idempotency_key IS NOT NULL;
CREATE INDEX ledger_worker_idx ON ledger_entry (worker_id, id);
CREATE INDEX ledger_worker_job_reward_idx ON ledger_entry (worker_id, job_id) WHERE kind = 'reward';
CREATE INDEX ledger_vendor_idx ON ledger_entry (vendor_id) WHERE vendor_id IS NOT NULL;
CREATE INDEX ledger_booked_idx ON ledger_entry (booked_at);
