-- wrk script of bench/run.py: requests the paths of a list file (one a line, in random order
-- already), each thread starting at its own place, and prints the figures as one JSON line.
--   wrk -t1 -c16 -d10s -s bench/wrk.lua http://127.0.0.1:8000 -- paths.txt
local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("number", #threads)
end

function init(args)
  paths = {}
  for line in io.lines(args[1]) do
    if #line > 0 then paths[#paths + 1] = line end
  end
  at = (number - 1) * 7919  -- threads start far apart in the list
end

function request()
  at = at + 1
  return wrk.format("GET", paths[(at % #paths) + 1])
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRK_JSON {"requests": %d, "duration_us": %d, "status_errors": %d, "socket_errors": %d, ' ..
    '"p50_us": %d, "p90_us": %d, "p99_us": %d, "mean_us": %.1f, "max_us": %d}\n',
    summary.requests, summary.duration, e.status, e.connect + e.read + e.write + e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.mean, latency.max))
end
