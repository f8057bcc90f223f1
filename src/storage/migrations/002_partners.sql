-- 002: a site's partner operators (CAF, CPAM, France Travail...).
CREATE TABLE partners (
  site_id TEXT NOT NULL REFERENCES sites (site_id),
  code TEXT NOT NULL,
  name TEXT NOT NULL,
  PRIMARY KEY (site_id, code)
);
