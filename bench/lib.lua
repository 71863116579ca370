-- lib.lua: what every bench script shares (wrk runs each script with the
-- repository as its directory; bench/run.mjs makes sure of that).  Each
-- thread counts its 2xx and other answers, so an error storm cannot pass
-- for throughput; done() prints one line, BENCH {json}, that run.mjs reads.
-- Latencies are wrk's, in microseconds.

local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("tid", #threads)
end

ok, non2xx, first_non2xx = 0, 0, 0

function response(status, headers, body)
  if status >= 200 and status < 300 then
    ok = ok + 1
  else
    non2xx = non2xx + 1
    if first_non2xx == 0 then first_non2xx = status end
  end
end

-- Sends TOKEN as a bearer token on every request ("-" for none).
function bench_auth(token)
  if token and token ~= "" and token ~= "-" then
    wrk.headers["Authorization"] = "Bearer " .. token
  end
end

function done(summary, latency, requests)
  local good, bad, first = 0, 0, 0
  for _, t in ipairs(threads) do
    good = good + t:get("ok")
    bad = bad + t:get("non2xx")
    if first == 0 then first = t:get("first_non2xx") end
  end
  local e = summary.errors
  io.write(string.format(
    'BENCH {"requests":%d,"duration_us":%d,"ok":%d,"non2xx":%d,' ..
    '"first_non2xx":%d,"socket_errors":%d,"timeouts":%d,' ..
    '"latency_us":{"mean":%.1f,"p50":%d,"p90":%d,"p99":%d,"p999":%d,' ..
    '"max":%d}}\n',
    summary.requests, summary.duration, good, bad, first,
    e.connect + e.read + e.write, e.timeout, latency.mean,
    latency:percentile(50), latency:percentile(90),
    latency:percentile(99), latency:percentile(99.9), latency.max))
end
