-- wrk script of bench/visits.sh: POST /api/v1/visits as a signed-in agent,
-- whose session cookie comes from the environment (RELAIS_COOKIE).
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Cookie"] = os.getenv("RELAIS_COOKIE")

local communes = { "92002", "92071", "92019", "92046", "91228", "93066" }
local outcomes = { "resolved", "resolved", "appointment", "referred", "pending" }
local n = 0

request = function()
  n = n + 1
  local body = string.format(
    '{"commune_insee":"%s","qpv":%s,"partner":"caf","themes":["logement","famille"],' ..
    '"outcome":"%s","duration_minutes":%d,"channel":"walk_in","first_visit":null}',
    communes[n % #communes + 1], (n % 3 == 0) and "true" or "false",
    outcomes[n % #outcomes + 1], 5 + n % 40)
  return wrk.format(nil, nil, nil, body)
end
