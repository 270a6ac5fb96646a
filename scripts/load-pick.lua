-- wrk script for scripts/load-pick: POSTs a rotating mix of applicant profiles to
-- /api/v1/pick; wrk counts answers that are not 2xx or 3xx as status errors.
local profiles = dofile("scripts/load-profiles.lua")
local next_profile = 0

request = function()
  next_profile = next_profile % #profiles + 1
  return wrk.format("POST", nil, { ["Content-Type"] = "application/json" }, profiles[next_profile])
end

done = function(summary, latency, requests)
  io.write(string.format("requests: %d, per second: %.0f\n", summary.requests, summary.requests / (summary.duration / 1e6)))
  io.write(string.format("latency p50: %.1f ms, p99: %.1f ms, max: %.1f ms\n",
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
  io.write(string.format("errors: connect %d, read %d, write %d, timeout %d, answers not 2xx: %d\n",
    summary.errors.connect, summary.errors.read, summary.errors.write, summary.errors.timeout,
    summary.errors.status))
end
