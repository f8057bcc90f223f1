-- 009: reports. The visits' daily roll-ups: how many visits a site had on
-- a local day (the site's time zone; 'YYYY-MM-DD') per dimension and key
-- (domain/report.h: total, people, commune, qpv, partner, theme, outcome,
-- channel, weekday_hour), kept in the visit's own transaction so that a
-- year's report reads days × categories, not visits. Visits stored before
-- this table are rolled up at start-up (app::Visits::Load).
CREATE TABLE visit_rollups (
  site_id TEXT NOT NULL REFERENCES sites (site_id),
  day TEXT NOT NULL,                  -- local date, YYYY-MM-DD
  dimension TEXT NOT NULL,
  key TEXT NOT NULL,                  -- '' for unknown or none
  visits BIGINT NOT NULL,
  PRIMARY KEY (site_id, day, dimension, key)
);

-- The members of the public-interest group (GIP) that funds the desk, and
-- how each contributes: a fixed amount (cents) or, for communes, a share of
-- what the fixed amounts leave in proportion to their residents' visits.
CREATE TABLE gip_members (
  site_id TEXT NOT NULL REFERENCES sites (site_id),
  member_id TEXT NOT NULL,
  name TEXT NOT NULL,
  kind TEXT NOT NULL,                 -- commune, department, state, ccas, social_landlord, other
  commune_insee TEXT,                 -- communes only
  funding_key TEXT NOT NULL,          -- fixed, usage
  fixed_cents BIGINT NOT NULL,        -- 0 under the usage key
  position INTEGER NOT NULL,
  PRIMARY KEY (site_id, member_id)
);
