-- Exam and training jobs (issue 5): gold items only, claimed by naming the job, never mixed into other work.
ALTER TABLE job
    ADD COLUMN purpose              text NOT NULL DEFAULT 'labeling' CHECK (purpose IN ('labeling', 'exam', 'training')),
    -- exam only: questions per attempt (NULL: every gold item of the job)
    ADD COLUMN exam_questions       int CHECK (exam_questions > 0),
    -- exam only: the qualification the exam grants; a worker who holds it cannot claim the exam
    ADD COLUMN grants_qualification text,
    ADD CONSTRAINT job_exam_fields CHECK (purpose = 'exam' OR exam_questions IS NULL AND grants_qualification IS NULL);

-- Per worker and exam job: how many attempts worker-service has concluded (worker.exam events) and
-- when task-service learnt of the last one. Answers leased since then belong to the current attempt.
CREATE TABLE exam_round (
    worker_id  uuid        NOT NULL,
    job_id     uuid        NOT NULL,
    attempts   int         NOT NULL,
    opened_at  timestamptz NOT NULL,
    PRIMARY KEY (worker_id, job_id)
);
