-- The head of the audit chain: one row naming the last entry and its hash. Every append locks
-- it first (here an UPDATE of the row, which takes the database's write lock before the head is
-- read) and moves it in the same transaction, so two writers can never chain after the same
-- entry; a PostgreSQL backend locks the same row with SELECT … FOR UPDATE (docs/architecture.md,
-- "The audit chain across backends"). Filled from the chain as it stands.
CREATE TABLE audit_head (
    id        INTEGER PRIMARY KEY CHECK (id = 1),
    last_id   INTEGER NOT NULL,      -- 0 before the first entry
    last_hash TEXT    NOT NULL       -- '' before the first entry
);
INSERT INTO audit_head (id, last_id, last_hash)
SELECT 1,
       COALESCE((SELECT id FROM audit_log ORDER BY id DESC LIMIT 1), 0),
       COALESCE((SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1), '');

CREATE TRIGGER audit_head_no_delete BEFORE DELETE ON audit_head
BEGIN SELECT RAISE(ABORT, 'the audit chain head cannot be deleted'); END;
