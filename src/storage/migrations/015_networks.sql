-- 015: networks of desks (réseaux): sites grouped under a name, for the
-- reports consolidated across them. A network holds no desk's data, only
-- its name; which sites it groups is site-owned (network_sites.site_id).
CREATE TABLE networks (
  network_id TEXT PRIMARY KEY,
  name TEXT NOT NULL
);

CREATE TABLE network_sites (
  site_id TEXT NOT NULL REFERENCES sites (site_id),
  network_id TEXT NOT NULL REFERENCES networks (network_id) ON DELETE CASCADE,
  PRIMARY KEY (site_id, network_id)
);
CREATE INDEX network_sites_network ON network_sites (network_id);
