-- baseline.lua: the HTTP layer alone (bench/baseline.c answers any path
-- with {"ok":true}); the same hooks as the other scripts, so the ratio
-- compares like with like.
dofile("bench/lib.lua")

function init(args)
  wrk.path = "/api/v1/demands?department=1&status=open"
end
