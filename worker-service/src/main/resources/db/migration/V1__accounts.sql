-- worker-service: the people of the platform and how they sign in.
-- The shared tables (outbox, processed_event, dead_letter) come from tessera-common's db/common/V0_1.

-- Labeling vendors: companies that run floors of annotators. Issue 5 adds teams and floor networks.
CREATE TABLE vendor (
    id         uuid PRIMARY KEY,
    name       text        NOT NULL,
    created_at timestamptz NOT NULL
);

-- Client organisations. Clients sign in with API keys, not passwords.
CREATE TABLE client_org (
    id         uuid PRIMARY KEY,
    name       text        NOT NULL,
    created_at timestamptz NOT NULL
);

-- API keys of client organisations. The key itself is never stored: key_id is the non-secret part
-- printed inside the key (so sign-in finds the row with one index hit), key_hash the SHA-256 of the
-- whole key. Keys carry 256 random bits, so a fast hash is enough; passwords get PBKDF2 instead.
CREATE TABLE api_key (
    id         uuid PRIMARY KEY,
    org_id     uuid        NOT NULL REFERENCES client_org (id),
    key_id     text        NOT NULL,
    key_hash   bytea       NOT NULL,
    name       text,
    created_at timestamptz NOT NULL,
    revoked_at timestamptz,
    CONSTRAINT api_key_key_id_key UNIQUE (key_id),
    CONSTRAINT api_key_hash_is_sha256 CHECK (octet_length(key_hash) = 32)
);
CREATE INDEX api_key_org_idx ON api_key (org_id);

-- Everyone who signs in with a password: admins, vendor managers (role vendor) and workers.
-- username is stored lower-case; password_hash is "pbkdf2-sha256$<iterations>$<salt>$<hash>".
CREATE TABLE account (
    id            uuid PRIMARY KEY,
    username      text        NOT NULL,
    password_hash text        NOT NULL,
    role          text        NOT NULL,
    vendor_id     uuid REFERENCES vendor (id),
    display_name  text        NOT NULL,
    active        boolean     NOT NULL DEFAULT true,
    created_at    timestamptz NOT NULL,
    CONSTRAINT account_username_key UNIQUE (username),
    CONSTRAINT account_username_lower CHECK (username = lower(username)),
    CONSTRAINT account_role_known CHECK (role IN ('admin', 'vendor', 'worker')),
    CONSTRAINT account_manager_has_vendor CHECK (role <> 'vendor' OR vendor_id IS NOT NULL),
    CONSTRAINT account_admin_has_no_vendor CHECK (role <> 'admin' OR vendor_id IS NULL)
);
CREATE INDEX account_vendor_idx ON account (vendor_id) WHERE vendor_id IS NOT NULL;
CREATE INDEX account_admin_idx ON account (id) WHERE role = 'admin';

-- A worker's profile; the worker id is the account id (the JWT subject every service sees).
CREATE TABLE worker (
    id        uuid PRIMARY KEY REFERENCES account (id),
    languages text[] NOT NULL DEFAULT '{}',
    country   text,
    CONSTRAINT worker_country_alpha2 CHECK (country ~ '^[A-Z]{2}$')
);
