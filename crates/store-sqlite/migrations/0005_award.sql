-- The Paritrana Award (docs/award.md): cycles, versioned frameworks, entries and their evidence,
-- panels, conflicts, assignments, scores with their full history, nominations, decisions and
-- the rounds' closing and publication. The rules live in paritrana-core's `award` module; these
-- tables only keep what the rules accepted. Times are UTC RFC 3339 text with milliseconds.

-- One cycle per year. `cycle` is the core `Cycle` (timeline, cut-off, categories) as JSON;
-- the cut-off and the end of registration are repeated as columns for queries.
CREATE TABLE award_cycles (
    year             INTEGER PRIMARY KEY,
    cycle            TEXT    NOT NULL,
    cut_off          TEXT    NOT NULL,
    registration_end TEXT    NOT NULL,
    method           TEXT    NOT NULL,   -- core `Aggregation` as JSON
    created_at       TEXT    NOT NULL,
    updated_at       TEXT    NOT NULL
);

-- Every version of every framework is kept; the highest version is the current one. `framework`
-- is the core `Framework` as JSON (its version and frozen flag included, and repeated here).
CREATE TABLE award_frameworks (
    year       INTEGER NOT NULL REFERENCES award_cycles(year),
    category   TEXT    NOT NULL,
    version    INTEGER NOT NULL,
    frozen     INTEGER NOT NULL DEFAULT 0,
    framework  TEXT    NOT NULL,
    created_at TEXT    NOT NULL,
    frozen_at  TEXT,
    PRIMARY KEY (year, category, version)
);

-- Entries: `id` is the registration number within the cycle (lower registered earlier).
CREATE TABLE award_entries (
    year         INTEGER NOT NULL REFERENCES award_cycles(year),
    id           INTEGER NOT NULL,
    category     TEXT    NOT NULL,
    name         TEXT    NOT NULL,
    region       TEXT    NOT NULL,
    company      TEXT,
    owner_id     INTEGER REFERENCES users(id),
    statement    TEXT    NOT NULL DEFAULT '',
    state        TEXT    NOT NULL DEFAULT 'DRAF' CHECK (state IN ('DRAF', 'TERKIRIM')),
    created_at   TEXT    NOT NULL,
    updated_at   TEXT    NOT NULL,
    submitted_at TEXT,
    PRIMARY KEY (year, id)
);
CREATE INDEX award_entries_region ON award_entries(region);

-- Evidence metadata. The bytes are kept by the caller on disk, named by their SHA-256
-- (`paritrana_store::award::evidence_path`).
CREATE TABLE award_evidence (
    id          INTEGER PRIMARY KEY,
    year        INTEGER NOT NULL,
    entry       INTEGER NOT NULL,
    indicator   TEXT    NOT NULL,
    sha256      TEXT    NOT NULL,
    file_name   TEXT    NOT NULL,
    media_type  TEXT    NOT NULL,
    size        INTEGER NOT NULL,
    uploaded_by INTEGER REFERENCES users(id),
    uploaded_at TEXT    NOT NULL,
    FOREIGN KEY (year, entry) REFERENCES award_entries(year, id)
);
CREATE INDEX award_evidence_entry ON award_evidence(year, entry);

CREATE TABLE award_panels (
    id         INTEGER PRIMARY KEY,
    year       INTEGER NOT NULL REFERENCES award_cycles(year),
    level      TEXT    NOT NULL CHECK (level IN ('provincial', 'national')),
    province   TEXT    NOT NULL DEFAULT '',   -- the province of a provincial panel, '' nationally
    created_at TEXT    NOT NULL,
    UNIQUE (year, level, province)
);

-- Members are accounts; their names come from `users`.
CREATE TABLE award_panel_members (
    panel_id    INTEGER NOT NULL REFERENCES award_panels(id),
    account_id  INTEGER NOT NULL REFERENCES users(id),
    institution TEXT    NOT NULL,
    expertise   TEXT,
    home_region TEXT,
    company     TEXT,
    chair       INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (panel_id, account_id)
);

CREATE TABLE award_conflicts (
    panel_id    INTEGER NOT NULL,
    account_id  INTEGER NOT NULL,
    year        INTEGER NOT NULL,
    entry       INTEGER NOT NULL,
    reason      TEXT    NOT NULL,
    declared_at TEXT    NOT NULL,
    PRIMARY KEY (panel_id, account_id, entry),
    FOREIGN KEY (panel_id, account_id) REFERENCES award_panel_members(panel_id, account_id),
    FOREIGN KEY (year, entry) REFERENCES award_entries(year, id)
);

CREATE TABLE award_assignments (
    panel_id    INTEGER NOT NULL,
    account_id  INTEGER NOT NULL,
    year        INTEGER NOT NULL,
    entry       INTEGER NOT NULL,
    assigned_at TEXT    NOT NULL,
    PRIMARY KEY (panel_id, account_id, entry),
    FOREIGN KEY (panel_id, account_id) REFERENCES award_panel_members(panel_id, account_id),
    FOREIGN KEY (year, entry) REFERENCES award_entries(year, id)
);
CREATE INDEX award_assignments_entry ON award_assignments(year, entry);

-- The current value of every score (milli-points).
CREATE TABLE award_scores (
    year       INTEGER NOT NULL,
    round      TEXT    NOT NULL,     -- 'PROVINSI' or 'NASIONAL'
    assessor   INTEGER NOT NULL REFERENCES users(id),
    entry      INTEGER NOT NULL,
    stage      TEXT    NOT NULL,     -- 'DOKUMEN' or 'WAWANCARA'
    indicator  TEXT    NOT NULL,
    value      INTEGER NOT NULL,
    comment    TEXT    NOT NULL DEFAULT '',
    updated_at TEXT    NOT NULL,
    PRIMARY KEY (year, round, assessor, entry, stage, indicator),
    FOREIGN KEY (year, entry) REFERENCES award_entries(year, id)
);

-- Every change of a score: the first value has no old value. Append-only.
CREATE TABLE award_score_history (
    id          INTEGER PRIMARY KEY,
    year        INTEGER NOT NULL,
    round       TEXT    NOT NULL,
    assessor    INTEGER NOT NULL,
    entry       INTEGER NOT NULL,
    stage       TEXT    NOT NULL,
    indicator   TEXT    NOT NULL,
    old_value   INTEGER,
    new_value   INTEGER NOT NULL,
    old_comment TEXT,
    comment     TEXT    NOT NULL,
    changed_by  TEXT    NOT NULL,    -- the actor's name as in the audit trail
    changed_id  INTEGER,             -- the actor's account
    changed_at  TEXT    NOT NULL
);
CREATE INDEX award_score_history_entry ON award_score_history(year, entry);
CREATE TRIGGER award_score_history_no_update BEFORE UPDATE ON award_score_history
BEGIN SELECT RAISE(ABORT, 'the score history is append-only'); END;
CREATE TRIGGER award_score_history_no_delete BEFORE DELETE ON award_score_history
BEGIN SELECT RAISE(ABORT, 'the score history is append-only'); END;

-- Tie-break and computed figures of entries on the cut-off date (core `Figure`).
CREATE TABLE award_figures (
    year   INTEGER NOT NULL,
    entry  INTEGER NOT NULL,
    metric TEXT    NOT NULL,
    value  INTEGER NOT NULL,        -- thousandths of the metric's unit
    as_of  TEXT    NOT NULL,
    PRIMARY KEY (year, entry, metric),
    FOREIGN KEY (year, entry) REFERENCES award_entries(year, id)
);

-- The chair's order for entries the rules leave tied (core `ChairOrder`).
CREATE TABLE award_chair_orders (
    year     INTEGER NOT NULL,
    round    TEXT    NOT NULL,
    category TEXT    NOT NULL,
    province TEXT    NOT NULL DEFAULT '',   -- '' nationally
    chair    INTEGER NOT NULL,
    entries  TEXT    NOT NULL,              -- JSON array of entry ids, best first
    reason   TEXT    NOT NULL,
    set_at   TEXT    NOT NULL,
    PRIMARY KEY (year, round, category, province)
);

-- Changes to the automatic provincial nominees, applied in id order.
CREATE TABLE award_nomination_overrides (
    id        INTEGER PRIMARY KEY,
    year      INTEGER NOT NULL,
    category  TEXT    NOT NULL,
    province  TEXT    NOT NULL,
    remove    INTEGER NOT NULL,
    add_entry INTEGER NOT NULL,
    by        INTEGER NOT NULL,
    reason    TEXT    NOT NULL,
    at        TEXT    NOT NULL
);

-- The national chair's decision per category.
CREATE TABLE award_decisions (
    year       INTEGER NOT NULL,
    category   TEXT    NOT NULL,
    chair      INTEGER NOT NULL,
    winners    TEXT    NOT NULL,   -- JSON array of entry ids, first place first
    reason     TEXT    NOT NULL DEFAULT '',
    decided_at TEXT    NOT NULL,
    PRIMARY KEY (year, category)
);

-- A round closes once (its rankings are computed and kept as published) and is then published.
CREATE TABLE award_rounds (
    year         INTEGER NOT NULL REFERENCES award_cycles(year),
    round        TEXT    NOT NULL,
    closed_at    TEXT    NOT NULL,
    rankings     TEXT    NOT NULL,   -- JSON array of core `GroupRanking`
    published_at TEXT,
    PRIMARY KEY (year, round)
);
