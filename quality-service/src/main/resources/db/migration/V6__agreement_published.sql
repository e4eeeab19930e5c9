-- Whether a row's figures went out as worker.agreement (tessera.worker-scores, for worker-service's
-- floor dashboards). SkillRefresh clears it when a recount changes compared or agreed, and publishes
-- the cleared rows in the same transaction. Rows counted before this column existed start cleared, so
-- the first refresh after the upgrade publishes every worker's figures once.
ALTER TABLE worker_job_agreement ADD COLUMN published boolean NOT NULL DEFAULT false;
CREATE INDEX worker_job_agreement_unpublished ON worker_job_agreement (job_id, worker_id) WHERE NOT published;
