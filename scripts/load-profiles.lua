-- Applicant profiles for the load scripts (scripts/load-pick.lua, scripts/soak.lua): a
-- non-US IMG, US MD and DO seniors, a Caribbean US IMG and an H-1B applicant, in the JSON the
-- Smart Pick API takes. wrk runs from the repository root, where the scripts load this file.
return {
  [[{"applicant_type":"non_us_img","graduation_year":2023,"visa":"j1","exams":{"step1":{"passed":true},"step2_ck":{"score":240}},"usce":[{"kind":"hands_on","months":3,"us_letter":true}],"specialties":["140"],"budget":{"applications":100}}]],
  [[{"applicant_type":"us_md_senior","exams":{"step1":{"passed":true},"step2_ck":{"score":252}},"research":{"publications":2,"abstracts":1},"specialties":["400"],"preferences":{"regions":["northeast"]},"budget":{"applications":40}}]],
  [[{"applicant_type":"us_do_senior","exams":{"comlex_level2":{"score":590}},"specialties":["120","140"],"budget":{"dollars":900}}]],
  [[{"applicant_type":"us_img","caribbean_school":true,"graduation_year":2024,"exams":{"step1":{"passed":true},"step2_ck":{"score":232,"attempts":2}},"usce":[{"kind":"hands_on","months":6},{"kind":"observership","months":2}],"specialties":["320"],"budget":{"applications":80}}]],
  [[{"applicant_type":"non_us_img","graduation_year":2019,"visa":"h1b","ecfmg":"certified","exams":{"step1":{"passed":true},"step2_ck":{"score":247},"step3":{"passed":true}},"usce":[{"kind":"hands_on","months":4,"us_letter":true}],"specialties":["140"],"preferences":{"states":["NY","NJ","PA"]},"budget":{"applications":150}}]],
  [[{"applicant_type":"us_md_senior","exams":{"step2_ck":{"score":238}},"specialties":["440"],"budget":{"applications":60}}]],
}
