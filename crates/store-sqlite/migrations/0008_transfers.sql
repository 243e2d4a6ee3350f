-- Transfers of workers between regions (docs/transfers.md). A worker's active enrolment belongs
-- to the region of their recorded village; the receiving region asks (status 'pending'), the
-- holding region approves or refuses, the requester may cancel. 'imported' records a move made
-- directly by an import whose scope covered both regions. Villages are undotted desa codes.
CREATE TABLE transfers (
    id              INTEGER PRIMARY KEY,
    nik             INTEGER NOT NULL,
    from_village    INTEGER NOT NULL,   -- where the worker lived when asked (the holder)
    to_village      INTEGER NOT NULL,
    reason          TEXT    NOT NULL,
    status          TEXT    NOT NULL
                    CHECK (status IN ('pending', 'approved', 'refused', 'cancelled', 'imported')),
    requested_by    TEXT    NOT NULL,
    requested_by_id INTEGER,
    requested_at    TEXT    NOT NULL,
    decided_by      TEXT,
    decided_by_id   INTEGER,
    decided_at      TEXT,
    note            TEXT,
    effective_date  TEXT,               -- the first day in the new region
    import_id       INTEGER REFERENCES imports(id)
);
-- One waiting request per worker.
CREATE UNIQUE INDEX transfers_one_pending ON transfers (nik) WHERE status = 'pending';
CREATE INDEX transfers_from ON transfers (from_village);
CREATE INDEX transfers_to ON transfers (to_village);
