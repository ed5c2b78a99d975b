-- wrk reporter as report.lua, plus the page cache's hits and misses (the X-Page-Cache
-- header the app adds with BENCH=1), summed over wrk's threads.
-- With a file of paths after "--", each thread goes round them.
local threads = {}

function setup(thread)
  thread:set("index", #threads)
  table.insert(threads, thread)
end

local paths = nil
local turn = 0

function init(args)
  hits = 0
  misses = 0
  if args[1] then
    paths = {}
    for line in io.lines(args[1]) do
      table.insert(paths, line)
    end
    -- Threads start half the round apart (wrk -t2), not on each other's heels: two
    -- requests for one page at once both miss, which would hide what is measured.
    turn = math.floor(index * #paths / 2) % #paths
  end
end

function request()
  if paths then
    turn = turn % #paths + 1
    return wrk.format(nil, paths[turn])
  end
  return wrk.format()
end

function response(status, headers, body)
  local seen = headers["X-Page-Cache"]
  if seen == "hit" then
    hits = hits + 1
  elseif seen == "miss" then
    misses = misses + 1
  end
end

done = function(summary, latency, requests)
  local errors = summary.errors
  local total_hits, total_misses = 0, 0
  for _, thread in ipairs(threads) do
    total_hits = total_hits + thread:get("hits")
    total_misses = total_misses + thread:get("misses")
  end
  io.write(string.format(
    '{"requests": %d, "duration_us": %d, "bytes": %d, "non_2xx": %d, "socket_errors": %d, ' ..
    '"p50": %d, "p75": %d, "p90": %d, "p95": %d, "p99": %d, "max": %d, "mean": %.1f, ' ..
    '"hits": %d, "misses": %d}\n',
    summary.requests, summary.duration, summary.bytes, errors.status,
    errors.connect + errors.read + errors.write + errors.timeout,
    latency:percentile(50), latency:percentile(75), latency:percentile(90),
    latency:percentile(95), latency:percentile(99), latency.max, latency.mean,
    total_hits, total_misses))
end
