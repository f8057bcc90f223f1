-- 007: the walk-in queue (file d'attente), anonymous: a ticket holds a
-- number and a reason code, never a name. Instants in UTC seconds.
CREATE TABLE queue_tickets (
  site_id TEXT NOT NULL REFERENCES sites (site_id),
  ticket_id TEXT NOT NULL,
  day TEXT NOT NULL,                  -- the site's local date at issue, YYYY-MM-DD
  number INTEGER NOT NULL,            -- 1, 2, 3… within the day
  reason TEXT,                        -- a partner or theme code, or NULL
  status TEXT NOT NULL,               -- waiting, called, served, absent, cancelled, closed
  issued_at BIGINT NOT NULL,
  issued_by TEXT NOT NULL,            -- the agent who gave it
  closes_at BIGINT NOT NULL,          -- the desk's closing after the issue
  called_at BIGINT,                   -- wait time: called_at - issued_at
  called_by TEXT,                     -- the calling agent
  counter TEXT,                       -- the guichet's label
  ended_at BIGINT,                    -- service time: ended_at - called_at (served)
  PRIMARY KEY (site_id, ticket_id),
  UNIQUE (site_id, day, number)
);
CREATE INDEX queue_tickets_waiting ON queue_tickets (site_id, status, closes_at);
CREATE INDEX queue_tickets_ended ON queue_tickets (site_id, status, ended_at);
