-- wrk script of bench/read_path: rotate through the request paths listed in the
-- file named by WRK_PATHS (one per line), send the header in WRK_HEADER if set, and
-- print the summary as one JSON line starting with WRK_JSON.
local paths = {}
local counter = 0
local headers = {}
local extra = os.getenv("WRK_HEADER")
if extra then
  local name, value = extra:match("^([^:]+):%s*(.*)$")
  if name then headers[name] = value end
end

local function load()
  local name = os.getenv("WRK_PATHS")
  if name then
    for line in io.lines(name) do
      if #line > 0 then paths[#paths + 1] = line end
    end
  end
end
load()

request = function()
  counter = counter + 1
  if #paths == 0 then return wrk.format(nil) end
  local path = paths[(counter % #paths) + 1]
  return wrk.format("GET", path, headers)
end

done = function(summary, latency, requests)
  local out = string.format(
    '{"requests": %d, "duration_us": %d, "bytes": %d, "errors": {"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}, "latency_us": {"p50": %d, "p90": %d, "p99": %d, "max": %d, "mean": %.1f}}',
    summary.requests, summary.duration, summary.bytes,
    summary.errors.connect, summary.errors.read, summary.errors.write,
    summary.errors.status, summary.errors.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99),
    latency.max, latency.mean)
  io.write("WRK_JSON " .. out .. "\n")
end
