-- rates.lua: the rates of a city's departments over some months, as the
-- city's leader sees them.  Arguments: TOKEN FROM_MONTH TO_MONTH.
dofile("bench/lib.lua")

function init(args)
  bench_auth(args[1])
  wrk.path = "/api/v1/stats/rates?group_by=department&from=" .. args[2] ..
             "&to=" .. args[3]
end
