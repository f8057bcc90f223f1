-- 008: person files (dossiers d'usagers), kept only with the person's
-- recorded consent; their notes, procedures (démarches suivies) with a
-- checklist and a history, and referrals (orientations). Instants in UTC
-- seconds; dates as YYYY-MM-DD text. Erasing a person deletes the file,
-- its notes and procedures (cascade) and unlinks its referrals.
CREATE TABLE people (
  site_id TEXT NOT NULL REFERENCES sites (site_id),
  person_id TEXT NOT NULL,
  consent_at BIGINT NOT NULL,         -- no file without recorded consent
  consent_version TEXT NOT NULL,      -- the consent text the person accepted
  first_name TEXT NOT NULL,
  last_name TEXT NOT NULL,
  folded_last TEXT NOT NULL,          -- last name folded, for search and duplicates
  folded_first TEXT NOT NULL,         -- first name folded
  birth_year INTEGER,
  phone TEXT,
  phone_digits TEXT,                  -- the phone's digits, for duplicates
  email TEXT,
  email_folded TEXT,                  -- lower case, for duplicates
  commune_insee TEXT,
  household_size INTEGER,
  created_by TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (site_id, person_id)
);
CREATE INDEX people_name ON people (site_id, folded_last, folded_first);
CREATE INDEX people_phone ON people (site_id, phone_digits);
CREATE INDEX people_email ON people (site_id, email_folded);

CREATE TABLE person_notes (
  site_id TEXT NOT NULL,
  note_id TEXT NOT NULL,
  person_id TEXT NOT NULL,
  author TEXT NOT NULL,               -- the agent who wrote it
  private INTEGER NOT NULL,           -- 1: visible to its author only
  text TEXT NOT NULL,
  written_at BIGINT NOT NULL,
  PRIMARY KEY (site_id, note_id),
  FOREIGN KEY (site_id, person_id) REFERENCES people (site_id, person_id) ON DELETE CASCADE
);
CREATE INDEX person_notes_person ON person_notes (site_id, person_id);

CREATE TABLE procedures (
  site_id TEXT NOT NULL,
  procedure_id TEXT NOT NULL,
  person_id TEXT NOT NULL,
  partner TEXT,                       -- a partner code of the site, or NULL
  kind TEXT NOT NULL,                 -- a procedure kind slug
  status TEXT NOT NULL,               -- to_do, in_progress, submitted, granted, refused, closed
  next_action TEXT,
  next_action_on TEXT,                -- YYYY-MM-DD
  assigned_to TEXT NOT NULL,          -- the agent following it
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (site_id, procedure_id),
  FOREIGN KEY (site_id, person_id) REFERENCES people (site_id, person_id) ON DELETE CASCADE
);
CREATE INDEX procedures_person ON procedures (site_id, person_id);
CREATE INDEX procedures_follow_up ON procedures (site_id, assigned_to, next_action_on);

-- The checklist of documents of a procedure.
CREATE TABLE procedure_documents (
  site_id TEXT NOT NULL,
  procedure_id TEXT NOT NULL,
  position INTEGER NOT NULL,
  label TEXT NOT NULL,
  done INTEGER NOT NULL,
  PRIMARY KEY (site_id, procedure_id, position),
  FOREIGN KEY (site_id, procedure_id) REFERENCES procedures (site_id, procedure_id) ON DELETE CASCADE
);

-- The history of a procedure: one row per step.
CREATE TABLE procedure_steps (
  site_id TEXT NOT NULL,
  step_id TEXT NOT NULL,
  procedure_id TEXT NOT NULL,
  seq INTEGER NOT NULL,               -- 1, 2, 3… within the procedure: the history's order
  at BIGINT NOT NULL,
  agent TEXT NOT NULL,
  from_status TEXT,                   -- NULL for the opening step
  to_status TEXT NOT NULL,
  comment TEXT,
  PRIMARY KEY (site_id, step_id),
  UNIQUE (site_id, procedure_id, seq),
  FOREIGN KEY (site_id, procedure_id) REFERENCES procedures (site_id, procedure_id) ON DELETE CASCADE
);

CREATE TABLE referrals (
  site_id TEXT NOT NULL REFERENCES sites (site_id),
  referral_id TEXT NOT NULL,
  person_id TEXT,                     -- NULL: anonymous, or the person was erased
  partner TEXT,                       -- a partner code of the site, or NULL
  service TEXT,                       -- a local service named freely, or NULL
  reason TEXT NOT NULL,
  referred_by TEXT NOT NULL,
  referred_at BIGINT NOT NULL,
  outcome TEXT NOT NULL,              -- unknown, reached, not_reached
  outcome_at BIGINT,
  PRIMARY KEY (site_id, referral_id)
);
CREATE INDEX referrals_person ON referrals (site_id, person_id);
