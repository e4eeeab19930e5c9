-- worker-service: a vendor manager groups the vendor's workers into teams (docs/worker-service.md#teams).
-- A worker is in at most one team (worker.team_id), so per-team figures add up to the floor's.
-- Names are unique per vendor, case-insensitively.
CREATE TABLE team (
    id         uuid PRIMARY KEY,
    vendor_id  uuid        NOT NULL REFERENCES vendor (id),
    name       text        NOT NULL,
    created_at timestamptz NOT NULL
);
CREATE UNIQUE INDEX team_vendor_name_key ON team (vendor_id, lower(name));

ALTER TABLE worker ADD COLUMN team_id uuid REFERENCES team (id);
CREATE INDEX worker_team_idx ON worker (team_id) WHERE team_id IS NOT NULL;
