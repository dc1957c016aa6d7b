-- Loket office schema 2: the letter seal (letter-seal.md). Each number's seal digest in the register, and the
-- public half of every counter's seal key, from which `loket letters trust-list` is built.

-- SHA-256 (hex) of the letter's COSE_Sign1; '' for a number whose letter was never sealed (older Loket, void).
ALTER TABLE letter_numbers ADD COLUMN seal_digest text NOT NULL DEFAULT '';

-- Not secret: the private halves stay in each counter's OS keyring. A kid is never reused.
CREATE TABLE seal_keys (
    kid         text        PRIMARY KEY CHECK (kid ~ '^[0-9a-f]{16}$'),
    public_key  text        NOT NULL,
    iss         text        NOT NULL,
    office_name text        NOT NULL,
    valid_from  date        NOT NULL,
    revoked     date,
    counter     text        NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);
