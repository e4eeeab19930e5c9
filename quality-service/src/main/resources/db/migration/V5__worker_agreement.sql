-- Per worker and job: labels on resolved items and how many equal the merged label, recounted on a
-- schedule (SkillRefresh); the live decisions use it with the gold record as the worker's accuracy.
CREATE TABLE worker_job_agreement (
    job_id       uuid        NOT NULL,
    worker_id    uuid        NOT NULL,
    compared     int         NOT NULL,
    agreed       int         NOT NULL,
    decided_upto timestamptz NOT NULL, -- the job's latest decision when counted
    PRIMARY KEY (job_id, worker_id)
);
