-- 006: the notifications' outbox, written in the booking's own transaction;
-- the appointments' iCalendar SEQUENCE; the mediators' calendar feeds; the
-- sites' keys for signed links.

-- Raised by each move and by the cancellation (RFC 5545 SEQUENCE).
ALTER TABLE appointments ADD COLUMN sequence INTEGER NOT NULL DEFAULT 0;

-- The messages an appointment owes its person. No personal data: the text
-- is rendered at send time from the appointment as it then is.
CREATE TABLE outbox (
  site_id TEXT NOT NULL REFERENCES sites (site_id),
  message_id TEXT NOT NULL,           -- also the e-mail's Message-ID
  appointment_id TEXT NOT NULL,
  kind TEXT NOT NULL,                 -- confirmation, reminder, change, cancellation
  channel TEXT NOT NULL,              -- email, sms
  sequence INTEGER NOT NULL,          -- the appointment's SEQUENCE when written
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
  FOREIGN KEY (site_id, appointment_id) REFERENCES appointments (site_id, appointment_id)
    ON DELETE CASCADE
);
CREATE INDEX outbox_due ON outbox (site_id, status, next_attempt_at);

-- A mediator's private calendar feed: only a digest of its token.
CREATE TABLE calendar_feeds (
  site_id TEXT NOT NULL REFERENCES sites (site_id),
  agent_id TEXT NOT NULL REFERENCES agents (agent_id) ON DELETE CASCADE,
  token_digest TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (site_id, agent_id)
);
CREATE UNIQUE INDEX calendar_feeds_token ON calendar_feeds (token_digest);

-- A site's secret keys (random), e.g. the one that signs manage links.
CREATE TABLE site_keys (
  site_id TEXT NOT NULL REFERENCES sites (site_id),
  purpose TEXT NOT NULL,
  secret TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (site_id, purpose)
);
