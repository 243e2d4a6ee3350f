-- Concurrent writers made explicit (docs/architecture.md, "Registry plans and versions").
--
-- The registry version: one row, moved on by one inside every transaction that changes what the
-- coverage and the public pages show — a committed import of workers or of targets (the store
-- bumps it as the transaction's last statement) and an approved transfer (the trigger below).
-- Caches (the coverage cube, the page cache, the target book) compare it to know they are stale.
-- Every writer updates the same row, so on any backend the versions follow the commit order:
-- a second writer waits on the row (here SQLite's single write lock; PostgreSQL's row lock)
-- until the first commits. It starts where the former version (the last import id plus the
-- approved transfers) stood, so it never goes back.
CREATE TABLE registry_version (
    id      INTEGER PRIMARY KEY CHECK (id = 1),
    version INTEGER NOT NULL
);
INSERT INTO registry_version (id, version)
SELECT 1,
       COALESCE((SELECT MAX(id) FROM imports), 0)
       + (SELECT COUNT(*) FROM transfers WHERE status = 'approved');

CREATE TRIGGER registry_version_no_delete BEFORE DELETE ON registry_version
BEGIN SELECT RAISE(ABORT, 'the registry version cannot be deleted'); END;

-- An approved transfer moves a worker (and their coverage) in its own transaction.
CREATE TRIGGER transfers_approved_bump_version AFTER UPDATE OF status ON transfers
WHEN NEW.status = 'approved' AND OLD.status IS NOT 'approved'
BEGIN UPDATE registry_version SET version = version + 1 WHERE id = 1; END;

-- Coverage sums are added by the database (`delta = delta + excluded.delta`), never read and
-- written back; a sum that comes to zero is deleted at the end of the writing transaction.
-- This partial index holds only the zero rows (none between transactions), so that delete
-- touches them alone instead of scanning the table.
CREATE INDEX coverage_deltas_zero ON coverage_deltas (regency, profile, day) WHERE delta = 0;
