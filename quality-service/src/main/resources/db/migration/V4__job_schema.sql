-- The job's label schema as the submissions carry it (labels, rating scale, …), for reports and the
-- per-kind live decisions; jobs seen before this migration learn it with their next submission.
ALTER TABLE known_job ADD COLUMN schema jsonb NOT NULL DEFAULT '{}';
