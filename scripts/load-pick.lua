-- wrk script for scripts/load-pick: POSTs a rotating mix of applicant profiles to
-- /api/v1/pick; wrk counts answers that are not 2xx or 3xx as status errors.
local profiles = {
  [[{"applicant_type":"non_us_img","graduation_year":2023,"visa":"j1","exams":{"step1":{"passed":true},"step2_ck":{"score":240}},"usce":[{"kind":"hands_on","months":3,"us_letter":true}],"specialties":["140"],"budget":{"applications":100}}]],
  [[{"applicant_type":"us_md_senior","exams":{"step1":{"passed":true},"step2_ck":{"score":252}},"research":{"publications":2,"abstracts":1},"specialties":["400"],"preferences":{"regions":["northeast"]},"budget":{"applications":40}}]],
  [[{"applicant_type":"us_do_senior","exams":{"comlex_level2":{"score":590}},"specialties":["120","140"],"budget":{"dollars":900}}]],
  [[{"applicant_type":"us_img","caribbean_school":true,"graduation_year":2024,"exams":{"step1":{"passed":true},"step2_ck":{"score":232,"attempts":2}},"usce":[{"kind":"hands_on","months":6},{"kind":"observership","months":2}],"specialties":["320"],"budget":{"applications":80}}]],
  [[{"applicant_type":"non_us_img","graduation_year":2019,"visa":"h1b","ecfmg":"certified","exams":{"step1":{"passed":true},"step2_ck":{"score":247},"step3":{"passed":true}},"usce":[{"kind":"hands_on","months":4,"us_letter":true}],"specialties":["140"],"preferences":{"states":["NY","NJ","PA"]},"budget":{"applications":150}}]],
  [[{"applicant_type":"us_md_senior","exams":{"step2_ck":{"score":238}},"specialties":["440"],"budget":{"applications":60}}]],
}
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
