-- wrk script for scripts/soak: a weighted mix of what visitors do, mostly reading pages and
-- the JSON API, some Smart Pick computations (JSON and the HTML form) and a few shared links.
-- Each request carries an x-request-id naming its route, which the server echoes, so answers
-- are counted per route and status code. wrk counts answers that are not 2xx or 3xx as
-- status errors.
--
-- SOAK_PROGRAM_IDS: comma-separated program ids for the program and comparison pages.

-- The applicant profiles scripts/load-pick.lua sends too.
local profiles = dofile("scripts/load-profiles.lua")

-- Smart Pick's HTML form, as a browser posts it.
local pick_form = "applicant_type=non_us_img&graduation_year=2023&visa=j1&ecfmg=pending&step1=passed"
  .. "&step2_score=240&usce_kind_1=hands_on&usce_months_1=3&specialty_1=140&applications=60"

local program_ids = {}
for id in string.gmatch(os.getenv("SOAK_PROGRAM_IDS") or "", "[^,]+") do
  program_ids[#program_ids + 1] = id
end
if #program_ids < 2 then
  error("SOAK_PROGRAM_IDS must name at least two program ids")
end

local counter = 0
local function next_number()
  counter = counter + 1
  return counter
end

local function get(path)
  return function() return "GET", path, {}, nil end
end

local function json_post(path)
  return function()
    return "POST", path, { ["Content-Type"] = "application/json" },
      profiles[next_number() % #profiles + 1]
  end
end

-- The routes of the mix and their weights (in percent of all requests).
local routes = {
  -- Pages and API reads: 70%.
  { "GET /", 6, get("/") },
  { "GET /programs (NY,NJ, J-1, page 2)", 8,
    get("/programs?specialty=140&state=NY,NJ&visa=j1&page=2") },
  { "GET /programs (south)", 6, get("/programs?specialty=120&region=south") },
  { "GET /programs/{id}", 12, function()
      return "GET", "/programs/" .. program_ids[next_number() % #program_ids + 1], {}, nil
    end },
  { "GET /compare", 4, function()
      local n = next_number()
      local a = program_ids[n % #program_ids + 1]
      local b = program_ids[(n + 1) % #program_ids + 1]
      return "GET", "/compare?ids=" .. a .. "," .. b, {}, nil
    end },
  { "GET /fees", 3, get("/fees?programs=45&programs=10") },
  { "GET /methodology", 2, get("/methodology") },
  { "GET /resources", 3, get("/resources") },
  { "GET /resources/search", 3, get("/resources/search?q=observership") },
  { "GET /api/v1/programs", 8, get("/api/v1/programs?specialty=140&per_page=10") },
  { "GET /api/v1/fees", 3, get("/api/v1/fees?programs=45,10") },
  { "GET /healthz", 3, get("/healthz") },
  { "GET /readyz", 3, get("/readyz") },
  { "GET /static/site.css", 6, get("/static/site.css") },
  -- Smart Pick: 28%.
  { "POST /api/v1/pick?plan=false", 22, json_post("/api/v1/pick?plan=false") },
  { "POST /api/v1/pick (with plan)", 3, json_post("/api/v1/pick") },
  { "POST /pick (form)", 3, function()
      return "POST", "/pick", { ["Content-Type"] = "application/x-www-form-urlencoded" }, pick_form
    end },
  -- Shared links, the only requests that write to the database: 2%.
  { "POST /api/v1/shares", 2, json_post("/api/v1/shares") },
}

-- A table of 100 slots, each naming a route, in the proportions of the weights.
local slots = {}
for index, route in ipairs(routes) do
  for _ = 1, route[2] do slots[#slots + 1] = index end
end
if #slots ~= 100 then
  error("the weights of the routes add up to " .. #slots .. ", not 100")
end

-- Per-thread counts, gathered by `done` from every thread.
sent = {}
answers = {}

local threads = {}
local thread_count = 0

function setup(thread)
  thread_count = thread_count + 1
  thread:set("thread_number", thread_count)
  threads[#threads + 1] = thread
end

function init(args)
  math.randomseed(os.time() * 100 + (thread_number or 0))
end

function request()
  local index = slots[math.random(#slots)]
  local route = routes[index]
  local method, path, headers, body = route[3]()
  headers["x-request-id"] = "soak-" .. index .. "-" .. next_number()
  sent[index] = (sent[index] or 0) + 1
  return wrk.format(method, path, headers, body)
end

function response(status, headers, body)
  local id = headers["x-request-id"] or headers["X-Request-Id"] or ""
  local index = string.match(id, "^soak%-(%d+)%-")
  local key = (index or "?") .. " " .. status
  answers[key] = (answers[key] or 0) + 1
end

function done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local total_sent, total_answers = {}, {}
  for _, thread in ipairs(threads) do
    for index, count in pairs(thread:get("sent")) do
      total_sent[index] = (total_sent[index] or 0) + count
    end
    for key, count in pairs(thread:get("answers")) do
      total_answers[key] = (total_answers[key] or 0) + count
    end
  end

  io.write("per route (sent, then answers by status code):\n")
  for index, route in ipairs(routes) do
    local codes = {}
    for key, count in pairs(total_answers) do
      local answer_index, status = string.match(key, "^(%S+) (%d+)$")
      if tonumber(answer_index) == index then
        codes[#codes + 1] = status .. ": " .. count
      end
    end
    table.sort(codes)
    io.write(string.format("  %-38s %8d  %s\n", route[1], total_sent[index] or 0,
      table.concat(codes, ", ")))
  end
  for key, count in pairs(total_answers) do
    if string.match(key, "^%?") then
      io.write(string.format("  answers without a soak request id: %s -> %d\n", key, count))
    end
  end

  io.write(string.format("requests: %d in %.1f s, per second: %.1f\n",
    summary.requests, seconds, summary.requests / seconds))
  io.write(string.format("latency p50: %.1f ms, p90: %.1f ms, p99: %.1f ms, max: %.1f ms\n",
    latency:percentile(50) / 1000, latency:percentile(90) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000))
  io.write(string.format(
    "errors: connect %d, read %d, write %d, timeout %d, answers not 2xx or 3xx: %d\n",
    summary.errors.connect, summary.errors.read, summary.errors.write, summary.errors.timeout,
    summary.errors.status))

  -- A line for scripts/soak to read.
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.timeout + summary.errors.status
  io.write(string.format("soak-errors: %d\n", errors))
end
