-- 012: the audit journal. Append-only: no code path updates or deletes a
-- row. Each row carries the SHA-256 of the row before it and its own, so
-- that `relais audit verify` finds a row changed, removed or inserted.
-- Only ids: an agent, a person file, a report; never a name.
CREATE TABLE audit_journal (
  seq BIGINT PRIMARY KEY,             -- 1, 2, 3… in the order written
  at BIGINT NOT NULL,                 -- UTC seconds
  site_id TEXT NOT NULL,              -- the server's site; empty for the command line
  agent_id TEXT NOT NULL,             -- who; empty when nobody signed in
  event TEXT NOT NULL,                -- person.read, login, report.export, purge…
  subject TEXT NOT NULL,              -- a person id, a report, a login's agent; may be empty
  prev_hash TEXT NOT NULL,            -- the previous row's hash (64 zeros for the first)
  hash TEXT NOT NULL                  -- SHA-256 of this row's fields and prev_hash, hex
);
CREATE INDEX audit_journal_subject ON audit_journal (site_id, subject);
