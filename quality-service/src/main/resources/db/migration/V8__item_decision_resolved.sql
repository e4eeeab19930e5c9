-- SkillRefresh asks each job for its latest resolved decision every interval: a backward probe of this
-- index per job instead of an aggregate over the whole item_decision table.
CREATE INDEX item_decision_resolved ON item_decision (job_id, decided_at) WHERE state = 'resolved';
