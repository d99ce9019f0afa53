-- wrk script for bench/load.py: rotates over every (session, page) pair, counts the answers by status, and
-- prints one line "LOAD-JSON {...}" when the run is done.
--
-- Arguments after `--`: the session cookie's name, the session keys joined by commas (empty: no cookie, an
-- anonymous visitor), the paths joined by commas. Requests come as the TLS proxy forwards them
-- (X-Forwarded-Proto: https), so production settings serve them instead of redirecting to https.

local threads = {}

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

local function split(text)
  local parts = {}
  for part in string.gmatch(text or "", "[^,]+") do
    table.insert(parts, part)
  end
  return parts
end

function init(args)
  local cookie_name, sessions, paths = args[1], split(args[2]), split(args[3])
  local visitors = {}
  if #sessions == 0 then
    table.insert(visitors, { ["X-Forwarded-Proto"] = "https" })
  else
    for _, key in ipairs(sessions) do
      table.insert(visitors, { ["Cookie"] = cookie_name .. "=" .. key, ["X-Forwarded-Proto"] = "https" })
    end
  end
  requests = {}
  for _, headers in ipairs(visitors) do
    for _, path in ipairs(paths) do
      table.insert(requests, wrk.format("GET", path, headers))
    end
  end
  -- Threads start at different places so they do not ask for the same page at the same moment.
  counter = id or 0
  statuses = {}
end

function request()
  counter = counter + 1
  return requests[(counter % #requests) + 1]
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  local by_status, answered, non200 = {}, 0, 0
  for _, thread in ipairs(threads) do
    for status, count in pairs(thread:get("statuses")) do
      by_status[status] = (by_status[status] or 0) + count
      answered = answered + count
      if status ~= 200 then
        non200 = non200 + count
      end
    end
  end
  local codes = {}
  for status, count in pairs(by_status) do
    table.insert(codes, string.format('"%d": %d', status, count))
  end
  table.sort(codes)
  local seconds = summary.duration / 1e6
  local errors = summary.errors
  io.write(string.format(
    'LOAD-JSON {"requests": %d, "answered": %d, "seconds": %.3f, "rps": %.2f, "p50_ms": %.1f, '
      .. '"p95_ms": %.1f, "p99_ms": %.1f, "max_ms": %.1f, "non200": %d, "statuses": {%s}, '
      .. '"socket_errors": {"connect": %d, "read": %d, "write": %d, "timeout": %d}}\n',
    summary.requests, answered, seconds, summary.requests / seconds,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, non200, table.concat(codes, ", "),
    errors.connect, errors.read, errors.write, errors.timeout
  ))
end
