-- wrk script of bench/bookings.sh: public bookings (POST /api/v1/appointments)
-- of the starts listed in RELAIS_STARTS, one line per free mediator, from
-- line RELAIS_OFFSET on, so that every request takes a slot still free.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"

local starts = {}
for line in io.lines(os.getenv("RELAIS_STARTS")) do starts[#starts + 1] = line end
local n = tonumber(os.getenv("RELAIS_OFFSET"))
local type_id = os.getenv("RELAIS_TYPE")

request = function()
  n = n + 1
  local body = string.format(
    '{"type":"%s","start":"%s","person":{"first_name":"Camille","last_name":"Martin",' ..
    '"phone":"06%08d","commune_insee":"92002"},"consent":true}',
    type_id, starts[n], n % 100000000)
  return wrk.format(nil, nil, nil, body)
end
