-- Coverage aggregates (see docs/coverage.md): for each kab/kota, profile (segment, category,
-- sector, funding and programmes packed by paritrana_core::coverage::Profile) and day (days since
-- 1970-01-01), the sum of +1 (first day covered) and -1 (day after the last) events of the
-- periods of workers living there. Each import updates it in its own transaction.
CREATE TABLE coverage_deltas (
    regency INTEGER NOT NULL,
    profile INTEGER NOT NULL,
    day     INTEGER NOT NULL,
    delta   INTEGER NOT NULL,
    PRIMARY KEY (regency, profile, day)
) WITHOUT ROWID;

-- Questions below kab/kota read the periods of the workers of one region.
CREATE INDEX workers_village ON workers (village);
