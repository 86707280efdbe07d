#!/usr/bin/env bash
# The instructions `accord build` executes on a tree, in all and in its main steps, for one or
# more binaries side by side. Counted by callgrind, in user space only (not the kernel's file
# writing, not cache misses), and the same from run to run whatever this machine's speed, which
# drifts by up to 2x within minutes: a change of a few percent in rendering shows here when
# wall times cannot show it. It says nothing about time on its own; `bench/site.sh` does.
#
#   bash bench/instructions.sh ROOT BINARY...
#
# ROOT is a tree of records, best small (`target/release/corpus /dev/shm/c10k --count 10000
# --seed 1`: about 20 s a binary under valgrind). Needs valgrind (`apt-get install valgrind`).
# KEEP=1 keeps the callgrind files (its folder is printed) for `callgrind_annotate`.
set -euo pipefail
root=${1:?usage: instructions.sh ROOT BINARY...}
shift
[ $# -gt 0 ] || set -- target/release/accord
bins=()
for bin in "$@"; do bins+=("$(realpath "$bin")"); done
set -- "${bins[@]}"
command -v valgrind >/dev/null || { echo "instructions.sh: valgrind is not installed" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
[ -z "${KEEP:-}" ] || { trap - EXIT; echo "kept $work" >&2; }
i=0
for bin in "$@"; do
  i=$((i + 1))
  rm -rf "$work/site"
  (cd "$root" && valgrind --tool=callgrind --callgrind-out-file="$work/cg.$i" \
    "$bin" build -q --as-of 2026-01-01 --out "$work/site" 2>"$work/log.$i") ||
    { cat "$work/log.$i" >&2; exit 1; }
  # (Run away from the sources: found, they change how its lines are attributed.)
  (cd "$work" && callgrind_annotate --inclusive=yes --threshold=100 "cg.$i" >"annotated.$i" 2>/dev/null)
done
python3 - "$work" "$@" <<'PY'
import re, sys
work, bins = sys.argv[1], sys.argv[2:]
# The steps shown: (label, the function's name as callgrind_annotate prints it); a function's
# inclusive count is the largest of its lines that name the binary.
steps = [
    ("read and check (lint's work)", "accord_lint::Linter::check_bytes_document"),
    ("typed record (from_value)", "serde_json::value::de::<impl serde_core::de::Deserializer for serde_json::value::Value>::deserialize_struct"),
    ("events derived", "accord_summary::model::event_sharing"),
    ("counts ahead (Counted::of)", "accord_summary::model::Counted::of"),
    ("dataset", "accord_summary::model::Dataset::with_counts"),
    ("overview", "accord_summary::render_overview"),
    ("year files", "accord_summary::render_year"),
    ("event pages", "accord_summary::page::render"),
    ("browse pages", "accord_summary::browse::render_page"),
    ("feeds", "accord_summary::browse::render_feed"),
]
def figures(i):
    text = open(f"{work}/annotated.{i}").read()
    total = int(re.search(r"^\s*([\d,]+) \(100\.0%\)\s+PROGRAM TOTALS", text, re.M).group(1).replace(",", ""))
    found = {}
    for line in text.splitlines():
        m = re.match(r"^\s*([\d,]+) \([ \d.]+%\)\s+[^:\s]*:(.+?) \[", line)
        if not m:
            continue
        name, n = m.group(2), int(m.group(1).replace(",", ""))
        for label, fn in steps:
            if name == fn:
                found[label] = max(found.get(label, 0), n)
    return total, found
rows = [figures(i + 1) for i in range(len(bins))]
width = max(len(l) for l, _ in steps)
print(f"{'':{width}}  " + "  ".join(f"{b[-24:]:>24}" for b in bins))
print(f"{'all (millions)':{width}}  " + "  ".join(f"{t / 1e6:>24.1f}" for t, _ in rows))
for label, _ in steps:
    print(f"{label:{width}}  " + "  ".join(f"{f.get(label, 0) / 1e6:>24.1f}" for _, f in rows))
PY
