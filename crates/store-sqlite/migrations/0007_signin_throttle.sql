-- Sign-in attempts, reworked (issue 14). The old table kept every typed user name as typed, of
-- any length, with a row even for refused attempts: a name box filled with megabytes (or with a
-- password) stayed on disk. Dropping it forgets at most an hour of throttling history.
--
-- An attempt is now reserved (state 0) before its password is hashed, in the same transaction
-- that counts earlier failures, so concurrent attempts cannot all pass the throttle; it is then
-- marked failed (1) or succeeded (2). Throttled attempts write nothing. The account is named by
-- a keyed hash of the typed (folded) name, whether or not such an account exists, and rows
-- older than the throttle's window are deleted as new ones arrive.
DROP TABLE login_attempts;

CREATE TABLE signin_attempts (
    id          INTEGER PRIMARY KEY,
    at          TEXT    NOT NULL,   -- UTC RFC 3339 with milliseconds
    account_key TEXT    NOT NULL,   -- keyed SHA-256 of the typed user name (64 hex)
    addr        TEXT    NOT NULL,   -- the client's IP address
    state       INTEGER NOT NULL    -- 0 being evaluated, 1 failed, 2 succeeded
);
CREATE INDEX signin_attempts_account ON signin_attempts(account_key, at);
CREATE INDEX signin_attempts_addr ON signin_attempts(addr, at);
CREATE INDEX signin_attempts_at ON signin_attempts(at);
