#!/usr/bin/env bash
# The amplification inputs of the security issue, each linted in every output format: each must
# finish in under 2 s and 200 MB. Writes the table into BENCHMARKS.md (between the
# `amplify.sh` markers) with the machine and this command line.
#
#   bash bench/amplify.sh [--runs R]
#
# --runs R   timed runs per command (default 3; the table shows the slowest time and the
#            largest memory of the runs)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$root/target/bench/amplify"
runs=3
cmdline="bash bench/amplify.sh $*"
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs="$2"; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

echo "==> building accord (release)" >&2
cargo build --release --locked -q -p accord-cli --manifest-path "$root/Cargo.toml"
accord="$root/target/release/accord"

echo "==> writing the inputs under $work" >&2
rm -rf "$work"
mkdir -p "$work"
python3 - "$work" "$root/crates/accord-cli/tests/common/mod.rs" <<'PY'
import os, sys
work, common = sys.argv[1], sys.argv[2]
clean = open(common).read().split('r#"')[1].split('"#')[0]
def tree(name, files):
    for rel, text in files:
        path = os.path.join(work, name, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as f:
            f.write(text)
def areas(n):
    return clean.replace("areas: [vaccines]", "areas: [" + ",".join(["a"] * n) + "]")
record = "records/2025/2025-05-19-pk-cn-test.yaml"
tree("line-20k", [(record, areas(10_000))])
tree("line-400k", [(record, areas(200_000))])
tree("findings-19950", [(record, areas(19_950))])
tree("findings-500000", [(record, areas(500_000))])
tree("copies-8000", [(f"records/c{i:05}/2025-05-19-pk-cn-test.yaml", clean) for i in range(8000)])
PY

describe() {
  case "$1" in
    line-20k) echo "one line of 10,000 unknown areas (20 KB)" ;;
    line-400k) echo "one line of 200,000 items (400 KB)" ;;
    findings-19950) echo "19,950 unknown areas, about the most one file can hold (40 KB)" ;;
    findings-500000) echo "a file of 500,000 items (1 MB)" ;;
    copies-8000) echo "8,000 copies of one record" ;;
  esac
}

table="| input | format | slowest of $runs (s) | peak memory (MB) | output (bytes) |
|---|---|---|---|---|"
for input in line-20k line-400k findings-19950 findings-500000 copies-8000; do
  for format in human json github sarif; do
    worst=0
    peak=0
    for _ in $(seq "$runs"); do
      read -r seconds rss code < <(python3 "$root/bench/measure.py" "$accord" lint --root "$work/$input" --format "$format")
      if [ "$code" -gt 1 ]; then
        echo "accord failed on $input ($format): exit $code" >&2
        exit 1
      fi
      worst=$(python3 -c "print(max($worst, $seconds))")
      peak=$(( rss > peak ? rss : peak ))
    done
    bytes=$("$accord" lint --root "$work/$input" --format "$format" 2>/dev/null | wc -c || true)
    row="| $(describe "$input") | $format | $worst | $(( peak / 1024 )) | $bytes |"
    echo "$row" >&2
    table="$table
$row"
  done
done

machine="$(nproc) cores, $(uname -sr), $(date -u +%Y-%m-%d)"
block="<!-- amplify.sh: begin -->
\`$cmdline\` on $machine:

$table
<!-- amplify.sh: end -->"
python3 - "$root/BENCHMARKS.md" "$block" <<'PY'
import re, sys
path, block = sys.argv[1], sys.argv[2]
text = open(path).read()
pattern = re.compile(r"<!-- amplify\.sh: begin -->.*?<!-- amplify\.sh: end -->", re.S)
if pattern.search(text):
    text = pattern.sub(lambda m: block, text)
else:
    text += "\n## Hostile inputs (amplification)\n\n" + block + "\n"
open(path, "w").write(text)
PY
echo "==> table written to BENCHMARKS.md" >&2
