#!/usr/bin/env bash
# Cross-checks the match engine against the `matching` package on seeded random markets.
#
#   run.sh            small sizes (200 and 1,000 residents), debug build, for CI
#   run.sh bench      1,000, 4,000 and 12,000 residents, release build, with solve times and
#                     their ratio
#
# Other options go to crosscheck.py (see its --help), for example --command to check
# `residency-advisor match {market}` instead of the example binary that stands in for it. The
# `matching` package goes into a throwaway virtual environment, never into the system Python.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here/../.."

profile=debug
build=(cargo build --quiet -p match-engine --example match_json)
if [[ "${1:-}" == "bench" ]]; then
    profile=release
    build+=(--release)
fi
"${build[@]}"
# A --command given by the caller comes later on the line and wins.
exec python3 "$here/crosscheck.py" --command "target/$profile/examples/match_json {market} --timing" "$@"
