-- 010: digital workshops (ateliers numériques): the catalogue, the sessions,
-- the registrations with their seats and waiting list, attendance, the
-- anonymous head-counts and the self-assessments; and the outbox opened to
-- workshop registrations.

-- The catalogue of a site.
CREATE TABLE workshops (
  site_id TEXT NOT NULL REFERENCES sites (site_id),
  workshop_id TEXT NOT NULL,          -- stable slug, e.g. "premiers-pas"
  title TEXT NOT NULL,
  description TEXT NOT NULL,
  level TEXT NOT NULL,                -- beginner, intermediate, advanced
  theme TEXT NOT NULL,                -- first-steps, email, franceconnect, caf, ameli…
  position INTEGER NOT NULL,          -- display order
  PRIMARY KEY (site_id, workshop_id)
);

-- The sessions (séances), in UTC seconds [starts_at, ends_at).
CREATE TABLE workshop_sessions (
  site_id TEXT NOT NULL,
  session_id TEXT NOT NULL,
  workshop_id TEXT NOT NULL,
  starts_at BIGINT NOT NULL,
  ends_at BIGINT NOT NULL,
  room TEXT NOT NULL,
  capacity INTEGER NOT NULL CHECK (capacity >= 1),
  agent_id TEXT NOT NULL REFERENCES agents (agent_id),  -- the mediator who leads it
  walk_ins INTEGER NOT NULL DEFAULT 0 CHECK (walk_ins >= 0),  -- anonymous head-count
  arrivals INTEGER NOT NULL DEFAULT 0,  -- registrations ever made: the last arrival number
  -- Raised by every change of the session's registrations: the UPDATE that
  -- raises it is the first statement of such a change and takes the row's
  -- lock (on PostgreSQL as SELECT … FOR UPDATE would; SQLite has one writer),
  -- so that the seat decisions of one session are made one after the other.
  revision INTEGER NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (site_id, session_id),
  FOREIGN KEY (site_id, workshop_id) REFERENCES workshops (site_id, workshop_id)
);
CREATE INDEX workshop_sessions_start ON workshop_sessions (site_id, starts_at);

-- The registrations (inscriptions). The person's details only with their
-- consent (consent_at), NULL otherwise; only a digest of the manage token.
-- A registered person holds a seat 1..capacity; the UNIQUE key refuses a
-- seat given twice whatever the code above it does. The others wait in
-- order of arrival (UNIQUE too): the waiting-list position is computed.
CREATE TABLE workshop_registrations (
  site_id TEXT NOT NULL,
  registration_id TEXT NOT NULL,
  session_id TEXT NOT NULL,
  arrival INTEGER NOT NULL,           -- 1, 2, 3… within the session
  status TEXT NOT NULL,               -- registered, waitlisted, cancelled
  seat INTEGER,                       -- while registered only
  attendance TEXT,                    -- present, absent; NULL: not marked
  token_digest TEXT NOT NULL,
  first_name TEXT,
  last_name TEXT,
  phone TEXT,
  email TEXT,
  commune_insee TEXT,
  consent_at BIGINT,
  booked_by TEXT,                     -- the agent who registered them; NULL online
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (site_id, registration_id),
  UNIQUE (site_id, session_id, arrival),
  UNIQUE (site_id, session_id, seat),
  CHECK ((status = 'registered') = (seat IS NOT NULL)),
  CHECK (seat IS NULL OR seat >= 1),
  FOREIGN KEY (site_id, session_id) REFERENCES workshop_sessions (site_id, session_id)
);
CREATE INDEX workshop_registrations_session
  ON workshop_registrations (site_id, session_id, status, arrival);

-- A participant's self-assessment: one score 1..4 per statement, before
-- the workshop and after it.
CREATE TABLE workshop_assessments (
  site_id TEXT NOT NULL,
  registration_id TEXT NOT NULL,
  phase TEXT NOT NULL,                -- before, after
  statement TEXT NOT NULL,            -- computer, email, account, procedure, safety
  score INTEGER NOT NULL CHECK (score BETWEEN 1 AND 4),
  PRIMARY KEY (site_id, registration_id, phase, statement),
  FOREIGN KEY (site_id, registration_id)
    REFERENCES workshop_registrations (site_id, registration_id) ON DELETE CASCADE
);

-- The outbox, rebuilt so that a message is about an appointment or a
-- workshop registration (exactly one of the two). Same columns otherwise.
CREATE TABLE outbox_new (
  site_id TEXT NOT NULL REFERENCES sites (site_id),
  message_id TEXT NOT NULL,           -- also the e-mail's Message-ID
  appointment_id TEXT,
  registration_id TEXT,
  kind TEXT NOT NULL,                 -- confirmation, reminder, change, cancellation, survey, promotion
  channel TEXT NOT NULL,              -- email, sms
  sequence INTEGER NOT NULL,          -- the appointment's SEQUENCE when written; 0 for a registration
  due_at BIGINT NOT NULL,             -- UTC seconds
  status TEXT NOT NULL,               -- pending, sent, dropped, failed
  attempts INTEGER NOT NULL,
  next_attempt_at BIGINT NOT NULL,
  sent_at BIGINT,
  last_error TEXT,                    -- a reason, never personal data
  created_at BIGINT NOT NULL,
  PRIMARY KEY (site_id, message_id),
  -- The same message is never written twice.
  UNIQUE (site_id, appointment_id, kind, channel, sequence, due_at),
  UNIQUE (site_id, registration_id, kind, channel, sequence, due_at),
  CHECK ((appointment_id IS NULL) <> (registration_id IS NULL)),
  FOREIGN KEY (site_id, appointment_id) REFERENCES appointments (site_id, appointment_id)
    ON DELETE CASCADE,
  FOREIGN KEY (site_id, registration_id)
    REFERENCES workshop_registrations (site_id, registration_id) ON DELETE CASCADE
);
INSERT INTO outbox_new (site_id, message_id, appointment_id, registration_id, kind, channel,
                        sequence, due_at, status, attempts, next_attempt_at, sent_at, last_error,
                        created_at)
  SELECT site_id, message_id, appointment_id, NULL, kind, channel, sequence, due_at, status,
         attempts, next_attempt_at, sent_at, last_error, created_at
  FROM outbox;
DROP TABLE outbox;
ALTER TABLE outbox_new RENAME TO outbox;
CREATE INDEX outbox_due ON outbox (site_id, status, next_attempt_at);
