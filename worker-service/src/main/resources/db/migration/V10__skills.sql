-- worker-service: skills on the worker profile (docs/worker-service.md#skills).
-- worker_skill: levels an admin granted or adjusted (0..1), one per worker and skill name.
-- job_kind: the label kind of every job seen in a submission.created (schema.kind); earned skills are
-- the workers' gold figures per job (worker_job_score) summed over the jobs of a kind, at read time,
-- so scores and submissions may arrive in any order.
CREATE TABLE worker_skill (
    worker_id uuid             NOT NULL REFERENCES account (id),
    name      text             NOT NULL,
    level     double precision NOT NULL,
    set_by    uuid,
    set_at    timestamptz      NOT NULL,
    PRIMARY KEY (worker_id, name),
    CONSTRAINT worker_skill_level_range CHECK (level >= 0 AND level <= 1)
);

CREATE TABLE job_kind (
    job_id     uuid PRIMARY KEY,
    label_kind text NOT NULL
);
