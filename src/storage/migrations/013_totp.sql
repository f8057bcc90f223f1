-- 013: staff authentication. An agent's TOTP secret (base32), pending until
-- confirmed by a code, and the step of the last code accepted (a code is
-- never accepted twice); a session's last request, for the idle timeout.
-- The secret is stored as is, never logged: docs/decisions/008-staff-authentication.md.
ALTER TABLE agents ADD COLUMN totp_secret TEXT NOT NULL DEFAULT '';
ALTER TABLE agents ADD COLUMN totp_enabled INTEGER NOT NULL DEFAULT 0;
ALTER TABLE agents ADD COLUMN totp_last_step BIGINT NOT NULL DEFAULT 0;
ALTER TABLE sessions ADD COLUMN last_seen_at BIGINT NOT NULL DEFAULT 0;
UPDATE sessions SET last_seen_at = created_at;
