-- worker-service: the latest gold scores quality-service published (worker.scored), for the floor
-- dashboards. Accuracies are quality-service's Beta-smoothed posterior means.
CREATE TABLE worker_score (
    worker_id     uuid PRIMARY KEY,
    gold_seen     int              NOT NULL,
    gold_correct  int              NOT NULL,
    gold_accuracy double precision NOT NULL,
    scored_at     timestamptz      NOT NULL
);

CREATE TABLE worker_job_score (
    worker_id     uuid             NOT NULL,
    job_id        uuid             NOT NULL,
    gold_seen     int              NOT NULL,
    gold_correct  int              NOT NULL,
    gold_accuracy double precision NOT NULL,
    scored_at     timestamptz      NOT NULL,
    PRIMARY KEY (worker_id, job_id)
);
