-- 001: sites, staff accounts (agents) and their sessions.
CREATE TABLE sites (
  site_id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  address TEXT NOT NULL,
  timezone TEXT NOT NULL,
  opening_hours TEXT NOT NULL,
  created_at BIGINT NOT NULL
);

CREATE TABLE agents (
  agent_id TEXT PRIMARY KEY,
  login TEXT NOT NULL UNIQUE,
  password_hash TEXT NOT NULL,
  role TEXT NOT NULL,
  created_at BIGINT NOT NULL
);

-- Which sites an agent works for (a network gives one agent several).
CREATE TABLE site_agents (
  site_id TEXT NOT NULL REFERENCES sites (site_id),
  agent_id TEXT NOT NULL REFERENCES agents (agent_id) ON DELETE CASCADE,
  PRIMARY KEY (site_id, agent_id)
);

-- Only a hash of the cookie's token is stored.
CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  agent_id TEXT NOT NULL REFERENCES agents (agent_id) ON DELETE CASCADE,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL
);
CREATE INDEX sessions_agent ON sessions (agent_id);
