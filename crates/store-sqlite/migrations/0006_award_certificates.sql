-- Piagam penghargaan (docs/award-certificates.md): the certificates issued to the winners of a
-- published round. `certificate` is the core `Certificate` as JSON, everything the PDF is made
-- of, so the piagam can be printed again, byte for byte, in either language. A certificate is
-- never changed or deleted: a correction withdraws it (with a reason) and issues a new code.

CREATE TABLE award_certificates (
    code              TEXT    PRIMARY KEY,     -- canonical form, PA26-7A8G-FZJW-W
    year              INTEGER NOT NULL REFERENCES award_cycles(year),
    round             TEXT    NOT NULL CHECK (round IN ('PROVINSI', 'NASIONAL')),
    entry             INTEGER NOT NULL,
    place             INTEGER NOT NULL CHECK (place BETWEEN 1 AND 3),
    certificate       TEXT    NOT NULL,        -- core `Certificate` as JSON
    issued_at         TEXT    NOT NULL,
    issued_by         TEXT    NOT NULL,        -- the actor's name as in the audit trail
    issued_by_id      INTEGER,                 -- the actor's account (none for cli:/system:)
    withdrawn_at      TEXT,
    withdrawn_by      TEXT,
    withdrawn_by_id   INTEGER,
    withdrawal_reason TEXT,                    -- may name people: never in the audit trail
    FOREIGN KEY (year, entry) REFERENCES award_entries(year, id),
    CHECK ((withdrawn_at IS NULL) = (withdrawal_reason IS NULL))
);
CREATE INDEX award_certificates_year ON award_certificates(year, round, entry);
-- One certificate in force per entry and round: issuing again keeps it.
CREATE UNIQUE INDEX award_certificates_current ON award_certificates(year, round, entry)
    WHERE withdrawn_at IS NULL;

-- What was printed stays as printed; only the withdrawal columns may be filled in, once.
CREATE TRIGGER award_certificates_fixed
BEFORE UPDATE OF code, year, round, entry, place, certificate, issued_at, issued_by, issued_by_id
ON award_certificates
BEGIN SELECT RAISE(ABORT, 'an issued certificate cannot be changed; withdraw it'); END;
CREATE TRIGGER award_certificates_withdrawn_once
BEFORE UPDATE OF withdrawn_at, withdrawn_by, withdrawn_by_id, withdrawal_reason
ON award_certificates WHEN OLD.withdrawn_at IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'the certificate has already been withdrawn'); END;
CREATE TRIGGER award_certificates_no_delete BEFORE DELETE ON award_certificates
BEGIN SELECT RAISE(ABORT, 'an issued certificate cannot be deleted; withdraw it'); END;
