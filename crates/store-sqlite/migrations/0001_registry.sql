-- The worker registry: people keyed by NIK and their coverage periods (enrolments).
-- NIK is stored as its 16-digit integer so it is the rowid: no separate index is needed.
-- Dates are ISO 'YYYY-MM-DD' text; money is integer rupiah; programmes a bit set
-- (JKK=1, JKM=2, JHT=4, JP=8, JKP=16).

CREATE TABLE imports (
    id            INTEGER PRIMARY KEY,
    kind          TEXT    NOT NULL,            -- 'participants'
    file_name     TEXT    NOT NULL,
    file_sha256   TEXT    NOT NULL,
    started_at    TEXT    NOT NULL,
    finished_at   TEXT,
    strict        INTEGER NOT NULL,
    rows_read     INTEGER NOT NULL DEFAULT 0,
    imported      INTEGER NOT NULL DEFAULT 0,
    updated       INTEGER NOT NULL DEFAULT 0,
    unchanged     INTEGER NOT NULL DEFAULT 0,
    rejected      INTEGER NOT NULL DEFAULT 0,
    actor         TEXT    NOT NULL
);

CREATE TABLE workers (
    nik         INTEGER PRIMARY KEY,
    name        TEXT    NOT NULL,
    sex         TEXT    NOT NULL CHECK (sex IN ('L', 'P')),
    birth_date  TEXT    NOT NULL,
    village     INTEGER NOT NULL,              -- undotted desa/kelurahan code
    import_id   INTEGER REFERENCES imports(id)
);

-- Keyed by (nik, start_date): a worker's periods are stored together, and a period is
-- identified by its start (two periods of one worker never share a start).
CREATE TABLE enrolments (
    nik         INTEGER NOT NULL REFERENCES workers(nik),
    segment     TEXT    NOT NULL,
    category    TEXT    NOT NULL,
    sector      TEXT,
    funding     TEXT    NOT NULL,
    csr_company TEXT,
    programmes  INTEGER NOT NULL,
    start_date  TEXT    NOT NULL,
    end_date    TEXT,
    wage        INTEGER,
    import_id   INTEGER REFERENCES imports(id),
    PRIMARY KEY (nik, start_date)
) WITHOUT ROWID;

-- Former versions of revised rows: history is never overwritten.
CREATE TABLE worker_history (
    id          INTEGER PRIMARY KEY,
    nik         INTEGER NOT NULL,
    name        TEXT    NOT NULL,
    village     INTEGER NOT NULL,
    replaced_by_import INTEGER REFERENCES imports(id),
    replaced_at TEXT    NOT NULL
);

CREATE TABLE enrolment_history (
    id            INTEGER PRIMARY KEY,
    nik           INTEGER NOT NULL,
    segment       TEXT    NOT NULL,
    category      TEXT    NOT NULL,
    sector        TEXT,
    funding       TEXT    NOT NULL,
    csr_company   TEXT,
    programmes    INTEGER NOT NULL,
    start_date    TEXT    NOT NULL,
    end_date      TEXT,
    wage          INTEGER,
    replaced_by_import INTEGER REFERENCES imports(id),
    replaced_at   TEXT    NOT NULL
);
CREATE INDEX enrolment_history_nik ON enrolment_history(nik);
