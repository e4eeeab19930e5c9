-- Assignment ids become version 7 UUIDs (RFC 9562: 48 bits of Unix milliseconds, then random bits), made
-- from gen_random_uuid() with its first six bytes replaced by the time and its version nibble set to 7.
-- Every claim inserts one into assignment's primary key and every submit one into submission's unique
-- assignment_id: random keys sent each insert to a random leaf page of indexes that outgrow the buffer
-- cache (a read, a dirtied page, a full-page image after each checkpoint); time-ordered keys append to
-- the rightmost pages. Ids made before stay as they are. docs/performance.md, session 7.
CREATE FUNCTION uuid_v7() RETURNS uuid
    LANGUAGE sql VOLATILE PARALLEL SAFE
    RETURN encode(
        set_bit(set_bit(
            overlay(uuid_send(gen_random_uuid())
                    PLACING substring(int8send((extract(epoch FROM clock_timestamp()) * 1000)::bigint) FROM 3)
                    FROM 1 FOR 6),
            52, 1), 53, 1),
        'hex')::uuid;
