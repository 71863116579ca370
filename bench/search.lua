-- search.lua: full-text search for two Chinese characters, the first page
-- of what a dispatcher may see, over a few common words in turn.
-- Arguments: TOKEN.
dofile("bench/lib.lua")

-- 资金 用地 融资 人才 审批 招工, percent-encoded.
local words = {
  "%E8%B5%84%E9%87%91", "%E7%94%A8%E5%9C%B0", "%E8%9E%8D%E8%B5%84",
  "%E4%BA%BA%E6%89%8D", "%E5%AE%A1%E6%89%B9", "%E6%8B%9B%E5%B7%A5",
}
local n = 0

function init(args)
  bench_auth(args[1])
end

function request()
  n = n + 1
  return wrk.format("GET", "/api/v1/demands?q=" .. words[n % #words + 1])
end
