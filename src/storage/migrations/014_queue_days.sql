-- 014: the last ticket number given on each day of a site's queue. Issuing
-- a ticket takes the next one by an upsert on this row, whose lock orders
-- the desks (or relais processes) issuing at the same moment; MAX(number)+1
-- would give two of them the same number.
CREATE TABLE queue_days (
  site_id TEXT NOT NULL REFERENCES sites (site_id),
  day TEXT NOT NULL,                  -- the site's local date, YYYY-MM-DD
  last_number INTEGER NOT NULL,
  PRIMARY KEY (site_id, day)
);
INSERT INTO queue_days (site_id, day, last_number)
  SELECT site_id, day, MAX(number) FROM queue_tickets GROUP BY site_id, day;
