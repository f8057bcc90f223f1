-- 003: the holiday calendar of a site and its dated exceptions.
ALTER TABLE sites ADD COLUMN alsace_moselle INTEGER NOT NULL DEFAULT 0;

-- Exceptional closures ("off") and openings of a site, one per day.
CREATE TABLE hours_exceptions (
  site_id TEXT NOT NULL REFERENCES sites (site_id),
  day TEXT NOT NULL,
  hours TEXT NOT NULL,
  reason TEXT NOT NULL,
  PRIMARY KEY (site_id, day)
);
