-- Loket office schema 3: numbers by classification code (the running number's scope, changed mid-year
-- without reusing a number) and the outgoing-letter register (what became of each number, and who took it).

-- Per office and year: the scope last used, and the number a newly chosen scope continues from.
CREATE TABLE letter_scopes (
    office text    NOT NULL,
    year   integer NOT NULL,
    mode   text    NOT NULL,  -- jenis, layanan or surat
    floor  bigint  NOT NULL DEFAULT 0,
    PRIMARY KEY (office, year)
);

ALTER TABLE letter_numbers ADD COLUMN kode text NOT NULL DEFAULT '';
ALTER TABLE letter_numbers ADD COLUMN scope text NOT NULL DEFAULT '';
ALTER TABLE letter_numbers ADD COLUMN operator text NOT NULL DEFAULT '';
-- Numbers taken before this schema: their fate was never recorded on the server ('issued').
ALTER TABLE letter_numbers ADD COLUMN status text NOT NULL DEFAULT 'issued';
ALTER TABLE letter_numbers ALTER COLUMN status SET DEFAULT 'taken';
ALTER TABLE letter_numbers ADD COLUMN reason text NOT NULL DEFAULT '';
ALTER TABLE letter_numbers ADD COLUMN done_at timestamptz;
ALTER TABLE letter_numbers ADD COLUMN reprints integer NOT NULL DEFAULT 0;
CREATE INDEX letter_numbers_issued ON letter_numbers (issued_at);
