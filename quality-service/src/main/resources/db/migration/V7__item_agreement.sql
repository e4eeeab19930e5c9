-- Whether each worker's label agreed with the item's merged label, for the kinds whose labels are not
-- compared by equality (multi-label, rating, boxes, spans, transcription; LabelAgreement). Computed by
-- SkillRefresh against the decision of decided_at: a row whose decided_at differs from the item's
-- decision (re-decided, or re-merged by a batch run) is stale, is not counted, and is computed again.
CREATE TABLE item_agreement (
    item_id    bigint      NOT NULL,
    worker_id  uuid        NOT NULL,
    job_id     uuid        NOT NULL,
    agrees     boolean     NOT NULL,
    decided_at timestamptz NOT NULL,
    PRIMARY KEY (item_id, worker_id)
);
