-- Which merge produced the item's label: "live" (quality-service's decision as labels came in) or the
-- batch algorithm that re-merged the job when it completed ("ds", …). Null for items resolved before.
ALTER TABLE item ADD COLUMN merged_by text;
