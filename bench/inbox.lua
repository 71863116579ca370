-- inbox.lua: a handler's inbox, the open demands of their department, 50
-- to a page.  Arguments: TOKEN DEPARTMENT_ID.
dofile("bench/lib.lua")

function init(args)
  bench_auth(args[1])
  wrk.path = "/api/v1/demands?department=" .. args[2] .. "&status=open"
end
