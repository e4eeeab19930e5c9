-- worker-service: one-time sign-up codes for worker accounts created in bulk without a password
-- (docs/worker-service.md#bulk-accounts). Only the SHA-256 of a code is stored: codes carry 100
-- random bits, so a fast hash is enough (as for API keys). An account created with a code has the
-- password hash '!', which matches no password, until the worker redeems the code and sets one.
CREATE TABLE signup_code (
    account_id uuid PRIMARY KEY REFERENCES account (id),
    code_hash  bytea       NOT NULL,
    created_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL,
    CONSTRAINT signup_code_hash_is_sha256 CHECK (octet_length(code_hash) = 32)
);
