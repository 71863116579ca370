-- intake.lua: an enterprise submits demands, each with a title of its own.
-- Every 201 has been committed to disk (serve opens SQLite with
-- synchronous=FULL).  Arguments: TOKEN RUN_LABEL.
dofile("bench/lib.lua")

local categories = {"finance", "land", "labour", "approval", "talent"}
local n = 0

function init(args)
  bench_auth(args[1])
  label = args[2] or "bench"
  wrk.headers["Content-Type"] = "application/json"
end

function request()
  n = n + 1
  local body = string.format(
    '{"category":"%s","title":"压测诉求 %s-%d-%d","content":' ..
    '"压测：第 %d 条诉求，请协调解决。"}',
    categories[n % #categories + 1], label, tid, n, n)
  return wrk.format("POST", "/api/v1/demands", nil, body)
end
