-- 016: the audit journal refuses UPDATE and DELETE in the database itself,
-- not only for want of a code path: a stray or hostile statement fails.
-- Lifted only to replace a whole database (relais migrate-data --force),
-- then put back (storage/sql_audit_store.h). Someone who owns the database
-- can still drop it: `relais audit verify` is there for that. Written so
-- that running it again changes nothing.
-- only on sqlite
CREATE TRIGGER IF NOT EXISTS audit_journal_no_update BEFORE UPDATE ON audit_journal
BEGIN
  SELECT RAISE(ABORT, 'audit_journal is append-only');
END;
CREATE TRIGGER IF NOT EXISTS audit_journal_no_delete BEFORE DELETE ON audit_journal
BEGIN
  SELECT RAISE(ABORT, 'audit_journal is append-only');
END;
-- end only
-- only on postgresql
CREATE OR REPLACE FUNCTION audit_journal_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_journal is append-only';
END
$$;
CREATE OR REPLACE TRIGGER audit_journal_append_only
  BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_journal
  FOR EACH STATEMENT EXECUTE FUNCTION audit_journal_append_only();
-- end only
