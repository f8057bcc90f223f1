-- 004: appointments (rendez-vous): their types, the mediators' availability
-- and absences, the bookings, and the units that make an overlap impossible.

-- Appointment types (motifs) of a site.
CREATE TABLE appointment_types (
  site_id TEXT NOT NULL REFERENCES sites (site_id),
  type_id TEXT NOT NULL,
  name TEXT NOT NULL,
  duration_minutes INTEGER NOT NULL,
  partner TEXT NOT NULL,              -- a partner code, or '' for none
  documents TEXT NOT NULL,            -- what to bring, shown to the person
  online INTEGER NOT NULL,            -- 1: bookable online; 0: by staff only
  min_notice_minutes INTEGER NOT NULL,
  horizon_days INTEGER NOT NULL,
  buffer_minutes INTEGER NOT NULL,    -- the mediator stays busy this long after
  position INTEGER NOT NULL,          -- display order
  PRIMARY KEY (site_id, type_id)
);

-- A mediator's weekly availability at a site: an opening_hours value in the
-- site's local time.
CREATE TABLE mediators (
  site_id TEXT NOT NULL REFERENCES sites (site_id),
  agent_id TEXT NOT NULL REFERENCES agents (agent_id) ON DELETE CASCADE,
  weekly_hours TEXT NOT NULL,
  PRIMARY KEY (site_id, agent_id)
);

-- The appointment types each mediator takes.
CREATE TABLE mediator_types (
  site_id TEXT NOT NULL,
  agent_id TEXT NOT NULL,
  type_id TEXT NOT NULL,
  PRIMARY KEY (site_id, agent_id, type_id),
  FOREIGN KEY (site_id, agent_id) REFERENCES mediators (site_id, agent_id) ON DELETE CASCADE,
  FOREIGN KEY (site_id, type_id) REFERENCES appointment_types (site_id, type_id) ON DELETE CASCADE
);

-- A mediator's absences, in UTC seconds [starts_at, ends_at).
CREATE TABLE mediator_absences (
  site_id TEXT NOT NULL,
  absence_id TEXT NOT NULL,
  agent_id TEXT NOT NULL,
  starts_at BIGINT NOT NULL,
  ends_at BIGINT NOT NULL,
  reason TEXT NOT NULL,
  PRIMARY KEY (site_id, absence_id),
  FOREIGN KEY (site_id, agent_id) REFERENCES mediators (site_id, agent_id) ON DELETE CASCADE
);
CREATE INDEX mediator_absences_end ON mediator_absences (site_id, ends_at);

-- The bookings. Instants in UTC seconds; the person's details only with
-- their consent (consent_at), NULL otherwise; only a digest of the manage token.
CREATE TABLE appointments (
  site_id TEXT NOT NULL REFERENCES sites (site_id),
  appointment_id TEXT NOT NULL,
  type_id TEXT NOT NULL,
  agent_id TEXT NOT NULL REFERENCES agents (agent_id),
  starts_at BIGINT NOT NULL,
  ends_at BIGINT NOT NULL,
  busy_until BIGINT NOT NULL,         -- ends_at plus the type's buffer
  status TEXT NOT NULL,               -- booked, cancelled, seen, no_show, excused
  token_digest TEXT NOT NULL,
  first_name TEXT,
  last_name TEXT,
  phone TEXT,
  email TEXT,
  commune_insee TEXT,
  consent_at BIGINT,
  booked_by TEXT,                     -- the agent who booked it; NULL online
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (site_id, appointment_id),
  FOREIGN KEY (site_id, type_id) REFERENCES appointment_types (site_id, type_id)
);
CREATE INDEX appointments_start ON appointments (site_id, starts_at);
CREATE INDEX appointments_busy ON appointments (site_id, busy_until);

-- One row per 5-minute unit of a booking's [starts_at, busy_until), for its
-- mediator: the primary key refuses two bookings on one mediator's time in
-- the very transaction that books (never "check, then insert"). A cancelled
-- or excused booking gives its units back.
CREATE TABLE appointment_units (
  site_id TEXT NOT NULL,
  agent_id TEXT NOT NULL,
  unit_start BIGINT NOT NULL,
  appointment_id TEXT NOT NULL,
  PRIMARY KEY (site_id, agent_id, unit_start),
  FOREIGN KEY (site_id, appointment_id) REFERENCES appointments (site_id, appointment_id)
    ON DELETE CASCADE
);
CREATE INDEX appointment_units_appointment ON appointment_units (site_id, appointment_id);
