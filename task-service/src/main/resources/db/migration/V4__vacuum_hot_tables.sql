-- Every claim and submit leaves dead rows and index entries in task_slot and assignment, and the
-- claim walks the front of the open-slot index: vacuum after a fixed number of changes rather than a
-- share of the table, which grows with every job (docs/performance.md, "Keep the front of the queue clean").
ALTER TABLE task_slot SET (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 5000,
                           autovacuum_vacuum_cost_delay = 0, autovacuum_analyze_scale_factor = 0.02);
ALTER TABLE assignment SET (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 5000,
                            autovacuum_vacuum_cost_delay = 0);
