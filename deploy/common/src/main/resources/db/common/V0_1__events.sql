-- Shared by every service (each in its own database): the transactional outbox, the record of
-- consumed events that makes consumers idempotent, and the place for events that kept failing.
CREATE TABLE outbox (
    id         bigserial PRIMARY KEY,
    event_id   uuid        NOT NULL,
    topic      text        NOT NULL,
    event_key  text        NOT NULL,
    envelope   jsonb       NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE processed_event (
    event_id     uuid PRIMARY KEY,
    processed_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE dead_letter (
    id              bigserial PRIMARY KEY,
    topic           text        NOT NULL,
    kafka_partition int         NOT NULL,
    kafka_offset    bigint      NOT NULL,
    record_value    text,
    error           text        NOT NULL,
    failed_at       timestamptz NOT NULL DEFAULT now()
);
