-- UCJ targets: how many workers a region must protect in a year (the denominator of coverage).
-- region is the undotted code (0 = the nation, 64 = a province, 6401 = a kab/kota); segment is
-- a segment code, or '' for the total over all segments (so it can be part of the key).
-- estimate is 1 for figures Paritrana estimated rather than imported from a published count.

CREATE TABLE targets (
    region      INTEGER NOT NULL,
    year        INTEGER NOT NULL,
    segment     TEXT    NOT NULL DEFAULT '',
    workers     INTEGER NOT NULL CHECK (workers > 0),
    source      TEXT    NOT NULL,
    estimate    INTEGER NOT NULL CHECK (estimate IN (0, 1)),
    import_id   INTEGER REFERENCES imports(id),
    PRIMARY KEY (region, year, segment)
) WITHOUT ROWID;

-- Former values of re-imported targets: a replaced figure is kept, never overwritten.
CREATE TABLE targets_history (
    id                 INTEGER PRIMARY KEY,
    region             INTEGER NOT NULL,
    year               INTEGER NOT NULL,
    segment            TEXT    NOT NULL,
    workers            INTEGER NOT NULL,
    source             TEXT    NOT NULL,
    estimate           INTEGER NOT NULL,
    import_id          INTEGER REFERENCES imports(id),   -- the import that had set it
    replaced_by_import INTEGER REFERENCES imports(id),
    replaced_at        TEXT    NOT NULL
);
CREATE INDEX targets_history_key ON targets_history(region, year, segment);
