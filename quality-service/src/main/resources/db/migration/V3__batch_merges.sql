-- Gold answers (from gold submission events) for batch merges to clamp, and the merges that ran.
CREATE TABLE gold_answer (
    item_id bigint PRIMARY KEY,
    job_id  uuid  NOT NULL,
    answer  jsonb NOT NULL
);
CREATE INDEX gold_answer_job ON gold_answer (job_id);

CREATE TABLE aggregation_run (
    id         uuid PRIMARY KEY,
    job_id     uuid        NOT NULL,
    algorithm  text        NOT NULL,
    items      int         NOT NULL,
    changed    int         NOT NULL,
    published  boolean     NOT NULL,
    created_at timestamptz NOT NULL,
    result     jsonb       NOT NULL
);
CREATE INDEX aggregation_run_job ON aggregation_run (job_id, created_at);
