-- Accounts, sessions, API tokens, login attempts and the append-only audit trail.
-- Times are UTC RFC 3339 text with milliseconds ('2026-11-23T12:00:00.000Z'): they sort as text.
-- Secrets are never stored: passwords as argon2id PHC strings, session ids and API tokens as
-- their SHA-256 (they are 256-bit random values, so a fast hash is enough).

CREATE TABLE users (
    id                   INTEGER PRIMARY KEY,
    username             TEXT    NOT NULL UNIQUE,
    full_name            TEXT    NOT NULL,
    role                 TEXT    NOT NULL,
    scope                TEXT    NOT NULL DEFAULT '',   -- '' = nasional, else a dotted region code
    company              TEXT,                          -- business operators: their company
    institution          TEXT,                          -- e.g. 'Disnaker Kab. Paser'
    password_hash        TEXT    NOT NULL,
    must_change_password INTEGER NOT NULL DEFAULT 0,
    created_at           TEXT    NOT NULL,
    updated_at           TEXT    NOT NULL,
    password_changed_at  TEXT    NOT NULL,
    disabled_at          TEXT
);

CREATE TABLE sessions (
    token_hash   TEXT    PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users(id),
    csrf_token   TEXT    NOT NULL,
    created_at   TEXT    NOT NULL,
    last_seen_at TEXT    NOT NULL,
    idle_until   TEXT    NOT NULL,   -- slides with use
    expires_at   TEXT    NOT NULL,   -- absolute end
    addr         TEXT,
    user_agent   TEXT
) WITHOUT ROWID;
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE api_tokens (
    id           INTEGER PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users(id),
    name         TEXT    NOT NULL,
    token_hash   TEXT    NOT NULL UNIQUE,
    prefix       TEXT    NOT NULL,   -- the first characters, to recognise a token in lists
    scope        TEXT    NOT NULL DEFAULT '',
    read_only    INTEGER NOT NULL DEFAULT 1,
    created_at   TEXT    NOT NULL,
    expires_at   TEXT,
    last_used_at TEXT,
    revoked_at   TEXT
);
CREATE INDEX api_tokens_user ON api_tokens(user_id);

CREATE TABLE login_attempts (
    id       INTEGER PRIMARY KEY,
    at       TEXT    NOT NULL,
    username TEXT    NOT NULL,
    addr     TEXT    NOT NULL,
    ok       INTEGER NOT NULL
);
CREATE INDEX login_attempts_user ON login_attempts(username, at);
CREATE INDEX login_attempts_addr ON login_attempts(addr, at);

-- Every change, import, sign-in and view of personal data. Rows are chained: `hash` is the
-- SHA-256 of the previous row's hash and this row's fields, so an edit made behind the
-- product's back (the triggers forbid it through SQL) shows up in `paritrana audit verify`.
CREATE TABLE audit_log (
    id         INTEGER PRIMARY KEY,
    at         TEXT    NOT NULL,
    actor      TEXT    NOT NULL,      -- user name, 'cli:<os user>', or '-' for the public
    actor_id   INTEGER,
    addr       TEXT,
    action     TEXT    NOT NULL,      -- 'user.create', 'login.failed', 'worker.view', ...
    object     TEXT,                  -- 'user:budi', 'import:12', 'worker:6401********0003'
    object_key TEXT,                  -- keyed hash of a NIK: findable, not readable
    region     TEXT,
    before     TEXT,                  -- JSON
    after      TEXT,                  -- JSON
    detail     TEXT,                  -- JSON
    prev_hash  TEXT    NOT NULL,
    hash       TEXT    NOT NULL
);
CREATE INDEX audit_log_at ON audit_log(at);
CREATE INDEX audit_log_actor ON audit_log(actor);
CREATE INDEX audit_log_action ON audit_log(action);
CREATE INDEX audit_log_object_key ON audit_log(object_key);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;

-- Installation settings: the key that hashes NIKs in the audit trail.
CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
INSERT INTO settings (key, value) VALUES ('audit_key', lower(hex(randomblob(32))));

-- Who imported, and within which scope (an operator reads the imports of their region).
ALTER TABLE imports ADD COLUMN user_id INTEGER;
ALTER TABLE imports ADD COLUMN scope TEXT NOT NULL DEFAULT '';
