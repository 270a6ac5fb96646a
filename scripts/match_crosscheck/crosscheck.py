#!/usr/bin/env python3
"""Cross-checks our match engine against the `matching` package from PyPI.

For each size, a seeded random hospital-resident market of single applicants is written as
our MARKET.json, matched by our command and by `matching`'s resident-optimal
HospitalResident solver, and the two assignments are compared. Applicant-proposing deferred
acceptance has exactly one answer for single applicants, so the two must be identical.

The `matching` package lives in a throwaway virtual environment (a temporary folder, or
--venv PATH), never in the system Python: this script creates it, installs the package, and
runs itself again inside it.

Our engine treats a program an applicant did not rank, or an applicant a program did not
rank, as unacceptable. `matching` instead expects both sides' lists to be mutually
consistent, so the market file keeps the raw lists (including one-sided entries, which our
engine must ignore) while `matching` gets the lists with one-sided entries removed.

Modes:
  check (default)  sizes from --sizes; one line per size; exit 1 on any difference.
  bench            sizes 1000, 4000 and 12000; also prints the ratio of solve times.

Solve times are measured inside each process: ours from the `solve_seconds=` line that
`match_json --timing` writes to standard error (the wall time of the whole command when that
line is missing, marked with ~), theirs around `solve()` only.
"""

import argparse
import json
import math
import os
import random
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
import venv

MATCHING_VERSION = "1.4.3"
DEFAULT_COMMAND = "target/release/examples/match_json {market} --timing"


def parse_arguments():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("mode", nargs="?", choices=["check", "bench"], default="check")
    parser.add_argument(
        "--command",
        default=DEFAULT_COMMAND,
        help="command that matches a market file; {market} is replaced by its path "
        f"(default: {DEFAULT_COMMAND!r})",
    )
    parser.add_argument("--sizes", default="200,1000", help="resident counts for check mode")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--venv", help="virtual environment to create or reuse")
    parser.add_argument("--in-venv", action="store_true", help=argparse.SUPPRESS)
    return parser.parse_args()


def ensure_venv_and_rerun(arguments):
    """Creates the virtual environment with `matching` and runs this script inside it."""
    throwaway = arguments.venv is None
    location = arguments.venv or tempfile.mkdtemp(prefix="match-crosscheck-venv-")
    try:
        python = os.path.join(location, "bin", "python")
        if not os.path.exists(python):
            venv.EnvBuilder(with_pip=True, clear=False).create(location)
        subprocess.run(
            [python, "-m", "pip", "install", "--quiet", f"matching=={MATCHING_VERSION}"],
            check=True,
        )
        completed = subprocess.run([python, os.path.abspath(__file__), "--in-venv", *sys.argv[1:]])
        return completed.returncode
    finally:
        if throwaway:
            shutil.rmtree(location, ignore_errors=True)


def generate_market(residents, seed):
    """A market shaped loosely like the NRMP: about seven residents per hospital, a few
    popular hospitals, lists of up to twelve, hospitals ranking most of their applicants by a
    shared strength plus their own taste, and some one-sided entries on both sides."""
    rng = random.Random(seed)
    hospital_count = max(1, residents // 7)
    hospitals = [f"H{h}" for h in range(hospital_count)]
    people = [f"R{r}" for r in range(residents)]
    capacity = [rng.randint(1, 12) for _ in hospitals]
    scale = 0.9 * residents / sum(capacity)
    capacity = [max(1, round(c * scale)) for c in capacity]
    popularity = [math.exp(3 * rng.random()) for _ in hospitals]
    strength = [rng.random() for _ in people]

    resident_lists = []
    for _ in people:
        length = rng.randint(1, min(12, hospital_count))
        # Weighted sampling without replacement: the largest u^(1/w) keys win.
        keys = sorted(
            range(hospital_count),
            key=lambda h: rng.random() ** (1.0 / popularity[h]),
            reverse=True,
        )[:length]
        keys.sort(key=lambda h: popularity[h] * rng.uniform(0.5, 1.5), reverse=True)
        resident_lists.append(keys)

    applied = [[] for _ in hospitals]
    for r, choices in enumerate(resident_lists):
        for h in choices:
            if rng.random() < 0.9:
                applied[h].append((strength[r] + rng.uniform(0, 0.3), r))
    hospital_lists = []
    for h in range(hospital_count):
        ranked = [r for _, r in sorted(applied[h], reverse=True)]
        # A couple of residents who never ranked this hospital: ignored by both solvers.
        for _ in range(2):
            r = rng.randrange(residents)
            if r not in ranked and h not in resident_lists[r]:
                ranked.insert(rng.randrange(len(ranked) + 1), r)
        hospital_lists.append(ranked)

    market = {
        "programs": [
            {"id": hospitals[h], "quota": capacity[h], "rank": [people[r] for r in hospital_lists[h]]}
            for h in range(hospital_count)
        ],
        "applicants": [
            {"id": people[r], "rank": [hospitals[h] for h in resident_lists[r]]}
            for r in range(residents)
        ],
    }

    # The same market with every one-sided entry removed, as `matching` needs it.
    ranked_by = [set(lst) for lst in hospital_lists]
    ranks = [set() for _ in people]
    for h, lst in enumerate(hospital_lists):
        for r in lst:
            ranks[r].add(h)
    resident_prefs = {}
    for r, choices in enumerate(resident_lists):
        mutual = [hospitals[h] for h in choices if r in ranked_by[h]]
        if mutual:
            resident_prefs[people[r]] = mutual
    hospital_prefs = {
        hospitals[h]: [people[r] for r in hospital_lists[h] if h in resident_lists[r] and people[r] in resident_prefs]
        for h in range(hospital_count)
    }
    capacities = {hospitals[h]: capacity[h] for h in range(hospital_count)}
    return market, resident_prefs, hospital_prefs, capacities


def run_ours(command, market):
    with tempfile.TemporaryDirectory(prefix="match-crosscheck-") as folder:
        path = os.path.join(folder, "market.json")
        with open(path, "w", encoding="utf-8") as handle:
            json.dump(market, handle)
        argv = [part.replace("{market}", path) for part in shlex.split(command)]
        started = time.perf_counter()
        completed = subprocess.run(argv, capture_output=True, text=True)
        wall = time.perf_counter() - started
    if completed.returncode != 0:
        raise SystemExit(
            f"our command failed with exit code {completed.returncode}:\n{completed.stderr}"
        )
    solve = None
    for line in completed.stderr.splitlines():
        if line.startswith("solve_seconds="):
            solve = float(line.split("=", 1)[1])
    report = json.loads(completed.stdout)
    return report, (solve, False) if solve is not None else (wall, True)


def run_theirs(resident_prefs, hospital_prefs, capacities):
    import warnings

    from matching.games import HospitalResident

    # The package deep-copies its players, whose preference lists point at each other, so
    # Python's default recursion limit is too low past about a thousand residents.
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 20 * len(resident_prefs) + 10_000))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        game = HospitalResident.create_from_dictionaries(resident_prefs, hospital_prefs, capacities)
        started = time.perf_counter()
        matching = game.solve(optimal="resident")
        solve = time.perf_counter() - started
    assignments = {}
    for hospital, residents in matching.items():
        for resident in residents:
            assignments[resident.name] = hospital.name
    return assignments, solve


def compare(market, ours, theirs):
    differences = []
    for applicant in market["applicants"]:
        name = applicant["id"]
        mine = ours["assignments"].get(name, "<missing>")
        other = theirs.get(name)
        if mine != other:
            differences.append(f"  {name}: ours {mine}, matching {other}")
    return differences


def main_in_venv(arguments):
    sizes = [1000, 4000, 12000] if arguments.mode == "bench" else [
        int(s) for s in arguments.sizes.split(",") if s.strip()
    ]
    all_identical = True
    for size in sizes:
        market, resident_prefs, hospital_prefs, capacities = generate_market(
            size, arguments.seed + size
        )
        ours, (our_time, approximate) = run_ours(arguments.command, market)
        theirs, their_time = run_theirs(resident_prefs, hospital_prefs, capacities)
        differences = compare(market, ours, theirs)
        identical = not differences and ours.get("stable") is True
        all_identical &= identical
        mark = "~" if approximate else ""
        line = (
            f"size={size} identical={'yes' if identical else 'no'} "
            f"ours={mark}{our_time:.6f}s matching={their_time:.6f}s"
        )
        if arguments.mode == "bench":
            ratio = their_time / our_time if our_time > 0 else float("inf")
            line += f" ratio={ratio:.1f}"
        print(line, flush=True)
        if differences:
            print(f"first differences ({len(differences)} in all):")
            for difference in differences[:10]:
                print(difference)
        elif ours.get("stable") is not True:
            print("  our report says the matching is not stable:", ours.get("blocking_pairs")[:5])
    return 0 if all_identical else 1


def main():
    arguments = parse_arguments()
    if arguments.in_venv:
        return main_in_venv(arguments)
    return ensure_venv_and_rerun(arguments)


if __name__ == "__main__":
    sys.exit(main())
