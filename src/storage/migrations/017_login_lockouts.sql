-- 017: the per-login lockout (domain/lockout.h), kept here rather than in
-- each process's memory, so that several relais processes on one database
-- share one count of failed logins and a restart forgets no lock. The key
-- is a hex SHA-256 of the lowercased login, never the login as typed (a
-- password typed in the login field must not be stored). A fixed window:
-- `failures` counts those since `window_start`. Instants in UTC seconds;
-- locked_until is 0 when the key was never locked. Rows whose window and
-- lock are both over are dropped now and then.
CREATE TABLE login_lockouts (
  lockout_key TEXT PRIMARY KEY,
  failures INTEGER NOT NULL,
  window_start BIGINT NOT NULL,
  locked_until BIGINT NOT NULL
);
