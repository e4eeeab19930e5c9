-- Per job: how quality-service decides items and judges workers (passed along with each submission).
ALTER TABLE job ADD COLUMN quality_policy jsonb NOT NULL DEFAULT '{}';
