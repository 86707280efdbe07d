#!/usr/bin/env bash
# `accord build` against `accord lint` on the same tree, alternating in the same minutes (this
# machine's speed drifts by up to 2x within minutes, so only ratios taken within one run mean
# anything): median wall time, the build's ratio to lint (of the medians, and the median of each
# round's build against that round's lint), and peak RSS.
#
#   bash bench/site.sh ROOT OUT [RUNS] [BUILD_BINARY...]
#
# ROOT is a tree of records (`target/release/corpus DIR --count 100000 --seed 1`); OUT is where
# the site goes (removed before each build: every build is a first build; tmpfs such as
# /dev/shm keeps the disk out of it). The first binary (default target/release/accord) also
# runs the lint; give several to compare builds A/B.
set -euo pipefail
root=${1:?usage: site.sh ROOT OUT [RUNS] [BUILD_BINARY...]}
out=${2:?usage: site.sh ROOT OUT [RUNS] [BUILD_BINARY...]}
runs=${3:-5}
shift $(( $# < 3 ? $# : 3 ))
bins=("$@")
[ ${#bins[@]} -gt 0 ] || bins=("$(pwd)/target/release/accord")
times=$(mktemp)
trap 'rm -f "$times"; rm -rf "$out"' EXIT
for _ in $(seq 1 "$runs"); do
  (cd "$root" && /usr/bin/time -f "lint %e %M" "${bins[0]}" lint -q --format json >/dev/null 2>>"$times") || true
  for b in "${bins[@]}"; do
    rm -rf "$out"
    (cd "$root" && /usr/bin/time -f "build:$b %e %M" "$b" build -q --as-of 2026-01-01 --out "$out" 2>>"$times")
  done
done
python3 - "$times" <<'PY'
import collections, statistics, sys
runs = collections.defaultdict(list)
# Each round's builds against that round's lint (run just before them): a slow spell that
# spans a round moves both, so the median of these ratios drifts less than the ratio of medians.
rounds = collections.defaultdict(list)
lint_now = None
for line in open(sys.argv[1]):
    parts = line.split()
    if len(parts) == 3:
        what, wall, rss = parts[0], float(parts[1]), int(parts[2])
        runs[what].append((wall, rss))
        if what == "lint":
            lint_now = wall
        elif lint_now:
            rounds[what].append(wall / lint_now)
lint = statistics.median(t for t, _ in runs["lint"])
for what, got in runs.items():
    wall = [t for t, _ in got]
    rss = [m / 1024 for _, m in got]
    per_round = f", {statistics.median(rounds[what]):.2f}x by round" if rounds[what] else ""
    print(f"{what}: median {statistics.median(wall):.2f} s (min {min(wall):.2f}, max {max(wall):.2f}), "
          f"{statistics.median(wall) / lint:.2f}x lint{per_round}, peak RSS median {statistics.median(rss):.0f} MB, max {max(rss):.0f} MB")
PY
