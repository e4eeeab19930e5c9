-- worker-service: the latest agreement figures quality-service published (worker.agreement), per worker
-- and job, for the floor dashboards. compared: the worker's labels on resolved items of the job; agreed:
-- those equal to the merged label. A worker's figure over all jobs, and a team's, are sums of these.
-- decided_upto / computed_at order the figures: an older event arriving late changes nothing.
CREATE TABLE worker_job_agreement (
    worker_id    uuid        NOT NULL,
    job_id       uuid        NOT NULL,
    org_id       uuid,
    compared     int         NOT NULL CHECK (compared >= 0),
    agreed       int         NOT NULL CHECK (agreed >= 0 AND agreed <= compared),
    decided_upto timestamptz NOT NULL,
    computed_at  timestamptz NOT NULL,
    PRIMARY KEY (worker_id, job_id)
);
