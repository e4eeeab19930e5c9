-- worker-service: a vendor may restrict its workers' sign-in to its floor's networks (CIDR blocks,
-- stored in canonical text form such as 10.20.0.0/16 or 2001:db8::/32). Empty: anywhere.
ALTER TABLE vendor ADD COLUMN networks text[] NOT NULL DEFAULT '{}';
