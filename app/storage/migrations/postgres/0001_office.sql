-- Loket office schema 1: letter sequences per office, letter type and year; one audit table for every counter.

CREATE TABLE letter_counters (
    office      text    NOT NULL,
    letter_type text    NOT NULL,  -- the number pattern: forms sharing one pattern share one sequence
    year        integer NOT NULL,  -- 0: the pattern has no {year}, the sequence never restarts
    last        bigint  NOT NULL CHECK (last > 0),
    PRIMARY KEY (office, letter_type, year)
);

-- Every number ever printed, whoever issued it (a counter's offline block included): the duplicate guard.
CREATE TABLE letter_numbers (
    office      text        NOT NULL,
    letter_type text        NOT NULL,
    year        integer     NOT NULL,
    seq         bigint      NOT NULL CHECK (seq > 0),
    number      text        NOT NULL,
    counter     text        NOT NULL,
    form_id     text        NOT NULL DEFAULT '',
    fallback    boolean     NOT NULL DEFAULT false,
    issued_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (office, letter_type, year, seq),
    UNIQUE (office, number)
);

-- Each counter's offline block: the office's sequences jump over it so an offline number never repeats.
CREATE TABLE number_blocks (
    office     text        NOT NULL,
    counter    text        NOT NULL,
    first_seq  bigint      NOT NULL,
    last_seq   bigint      NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (office, counter),
    CHECK (0 < first_seq AND first_seq <= last_seq)
);

-- One row per event of every counter; each counter's rows form their own hash chain (workstation, seq).
CREATE TABLE audit_events (
    workstation text        NOT NULL,
    seq         bigint      NOT NULL CHECK (seq > 0),
    time        text        NOT NULL,
    os_user     text        NOT NULL,
    service     text        NOT NULL,
    form_id     text        NOT NULL,
    kind        text        NOT NULL,
    outcome     text        NOT NULL,
    nik_hash    text        NOT NULL,
    detail      text        NOT NULL DEFAULT '',
    prev_hash   text        NOT NULL,
    row_hash    text        NOT NULL,
    received_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (workstation, seq)
);
CREATE INDEX audit_events_time ON audit_events (time);
CREATE INDEX audit_events_nik ON audit_events (nik_hash);

CREATE TABLE audit_heads (
    workstation text   PRIMARY KEY,
    seq         bigint NOT NULL,
    row_hash    text   NOT NULL
);

CREATE TABLE audit_meta (
    name  text PRIMARY KEY,
    value text NOT NULL
);

-- The server, not the client, decides what may follow a counter's chain: exactly the next seq, on the
-- current head. A stale (already pushed, or replayed from an old copy) or reordered push is refused here.
CREATE FUNCTION loket_audit_in_order() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    head audit_heads%ROWTYPE;
BEGIN
    SELECT * INTO head FROM audit_heads WHERE workstation = NEW.workstation FOR UPDATE;
    IF NOT FOUND THEN
        IF NEW.seq <> 1 OR NEW.prev_hash <> repeat('0', 64) THEN
            RAISE EXCEPTION 'audit push for % out of order: expected seq 1, got %', NEW.workstation, NEW.seq
                USING ERRCODE = 'LK001';
        END IF;
        INSERT INTO audit_heads VALUES (NEW.workstation, NEW.seq, NEW.row_hash);
    ELSE
        IF NEW.seq <> head.seq + 1 OR NEW.prev_hash <> head.row_hash THEN
            RAISE EXCEPTION 'audit push for % out of order: expected seq % on the current head, got %',
                NEW.workstation, head.seq + 1, NEW.seq USING ERRCODE = 'LK001';
        END IF;
        UPDATE audit_heads SET seq = NEW.seq, row_hash = NEW.row_hash WHERE workstation = NEW.workstation;
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER audit_events_in_order BEFORE INSERT ON audit_events
    FOR EACH ROW EXECUTE FUNCTION loket_audit_in_order();

CREATE FUNCTION loket_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit rows are append-only' USING ERRCODE = 'LK002';
END
$$;
CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events
    FOR EACH ROW EXECUTE FUNCTION loket_audit_append_only();
