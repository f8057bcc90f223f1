-- 011: satisfaction surveys. An invitation is only the digest of its
-- one-time token with its kind, day of issue and expiry: nothing says who
-- received it (no visit, appointment, registration or person). An answer
-- keeps the kind and day of the service, the scores, the recommendation
-- and the comment: nothing says who gave it, nor which invitation it used.
CREATE TABLE survey_invitations (
  site_id TEXT NOT NULL REFERENCES sites (site_id),
  token_digest TEXT NOT NULL,         -- BLAKE2b of the token, never the token
  kind TEXT NOT NULL,                 -- visit, appointment, workshop
  issued_on TEXT NOT NULL,            -- the site's local date, YYYY-MM-DD (no time)
  expires_at BIGINT NOT NULL,         -- UTC seconds: a local midnight
  answered INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (site_id, token_digest)
);
CREATE INDEX survey_invitations_expiry ON survey_invitations (site_id, expires_at);

CREATE TABLE survey_answers (
  site_id TEXT NOT NULL REFERENCES sites (site_id),
  answer_id TEXT NOT NULL,            -- random, unrelated to the token
  kind TEXT NOT NULL,                 -- visit, appointment, workshop
  service_day TEXT NOT NULL,          -- YYYY-MM-DD, the day of the service
  professionalism INTEGER NOT NULL CHECK (professionalism BETWEEN 1 AND 5),
  efficiency INTEGER NOT NULL CHECK (efficiency BETWEEN 1 AND 5),
  listening INTEGER NOT NULL CHECK (listening BETWEEN 1 AND 5),
  recommend INTEGER,                  -- 1 yes, 0 no, NULL not answered
  comment TEXT,                       -- as typed, up to 1,000 characters
  PRIMARY KEY (site_id, answer_id)
);
CREATE INDEX survey_answers_day ON survey_answers (site_id, service_day);
