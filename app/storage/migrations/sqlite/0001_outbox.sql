-- The counter's local side of an office server: what waits to be pushed, and this counter's chain head.

-- Audit rows built on this counter's chain but not yet on the server, oldest first (pushed in seq order).
CREATE TABLE audit_queue (
    workstation TEXT    NOT NULL,
    seq         INTEGER NOT NULL,
    row         TEXT    NOT NULL,  -- the row's fields as JSON
    PRIMARY KEY (workstation, seq)
);

-- The last row of this counter's chain (queued or pushed): the next row chains on it, offline too.
CREATE TABLE audit_heads (
    workstation TEXT    PRIMARY KEY,
    seq         INTEGER NOT NULL,
    row_hash    TEXT    NOT NULL
);

-- key_check, as in the audit trail file.
CREATE TABLE meta (
    name  TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- Numbers taken from this counter's fallback block while the server was unreachable.
CREATE TABLE offline_letters (
    office      TEXT    NOT NULL,
    letter_type TEXT    NOT NULL,
    year        INTEGER NOT NULL,
    seq         INTEGER NOT NULL,
    number      TEXT    NOT NULL,
    form_id     TEXT    NOT NULL,
    issued_at   TEXT    NOT NULL,
    pushed      INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (office, letter_type, year, seq)
);
