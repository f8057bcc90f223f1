-- 005: visits (passages) at the counter, anonymous: no column holds a name.
-- Instants in UTC seconds; booleans as 1, 0 or NULL (unknown).
CREATE TABLE visits (
  site_id TEXT NOT NULL REFERENCES sites (site_id),
  visit_id TEXT NOT NULL,
  visited_at BIGINT NOT NULL,
  commune_insee TEXT,                 -- of residence; NULL when unknown
  qpv INTEGER,                        -- lives in a priority neighbourhood (QPV)
  partner TEXT,                       -- a partner code of the site, or NULL
  outcome TEXT NOT NULL,              -- resolved, appointment, referred, pending
  duration_minutes INTEGER,
  channel TEXT NOT NULL,              -- walk_in, appointment, phone, email
  first_visit INTEGER,
  logged_by TEXT NOT NULL,            -- the agent who logged it
  created_at BIGINT NOT NULL,
  PRIMARY KEY (site_id, visit_id)
);
CREATE INDEX visits_at ON visits (site_id, visited_at);
CREATE INDEX visits_commune ON visits (site_id, commune_insee);

-- The themes of a visit (service-public.fr headings), one row each.
CREATE TABLE visit_themes (
  site_id TEXT NOT NULL,
  visit_id TEXT NOT NULL,
  theme TEXT NOT NULL,
  PRIMARY KEY (site_id, visit_id, theme),
  FOREIGN KEY (site_id, visit_id) REFERENCES visits (site_id, visit_id) ON DELETE CASCADE
);
