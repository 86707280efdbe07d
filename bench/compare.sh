#!/usr/bin/env bash
# Side-by-side benchmark of accord against the validators people use today, on the same
# generated records and accord's own schema/record.schema.json. Writes the table into
# BENCHMARKS.md (between the `compare.sh` markers) with the machine, the versions and this
# command line.
#
#   bash bench/compare.sh [--count N] [--runs R] [--with-jsonschema-cli] [--no-peers]
#
# --count N               records to generate (default 10000; 100000 is supported)
# --runs R                timed runs per command after one warm-up (default 5)
# --with-jsonschema-cli   also install jsonschema-cli from crates.io (builds for minutes)
# --no-peers              only accord and the read+parse floor (no installs)
#
# Peers are installed locally under target/bench/ when missing: check-jsonschema (with
# rfc3986-validator and ruamel.yaml.clib) in a Python venv, ajv-cli and ajv-formats from npm.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$root/target/bench"
count=10000
runs=5
with_jscli=0
peers=1
cmdline="bash bench/compare.sh $*"
while [ $# -gt 0 ]; do
  case "$1" in
    --count) count="$2"; shift 2 ;;
    --runs) runs="$2"; shift 2 ;;
    --with-jsonschema-cli) with_jscli=1; shift ;;
    --no-peers) peers=0; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
mkdir -p "$work"

echo "==> building accord (release)" >&2
cargo build --release --locked -q -p accord-cli -p accord-bench --manifest-path "$root/Cargo.toml"
accord="$root/target/release/accord"

corpus="$work/corpus-$count"
if [ ! -d "$corpus/records" ]; then
  echo "==> generating $count records" >&2
  "$root/target/release/corpus" "$corpus" --count "$count" --seed 1
fi
schema="$corpus/schema/record.schema.json"

declare -a names=() commands=()
add() { names+=("$1"); commands+=("$2"); }

add "accord lint (all rules, located diagnostics)" "$accord --root $corpus lint --quiet --format json"
add "floor: read + parse YAML, nothing else" "$root/target/release/floor $corpus/records"

if [ "$peers" = 1 ]; then
  if [ ! -x "$work/venv/bin/check-jsonschema" ]; then
    echo "==> installing check-jsonschema" >&2
    python3 -m venv "$work/venv"
    "$work/venv/bin/pip" install -q --disable-pip-version-check check-jsonschema rfc3986-validator ruamel.yaml.clib
  fi
  if [ ! -x "$work/node/node_modules/.bin/ajv" ]; then
    echo "==> installing ajv-cli" >&2
    npm install -s --prefix "$work/node" ajv-cli@5 ajv-formats@2 >/dev/null
  fi
  # The file lists are written once; every tool reads the same files.
  find "$corpus/records" -name '*.yaml' | sort > "$work/files-$count.txt"
  add "check-jsonschema (C YAML loader)" "xargs -a $work/files-$count.txt $work/venv/bin/check-jsonschema --schemafile $schema"
  add "ajv-cli + ajv-formats" "$work/node/node_modules/.bin/ajv validate --spec=draft2020 --strict=false -c ajv-formats -s $schema -d '$corpus/records/**/*.yaml'"
  if [ "$with_jscli" = 1 ]; then
    if [ ! -x "$work/cargo/bin/jsonschema-cli" ]; then
      echo "==> installing jsonschema-cli (takes minutes)" >&2
      cargo install -q --locked --root "$work/cargo" jsonschema-cli
    fi
    add "jsonschema-cli (--assert-format)" "xargs -a $work/files-$count.txt -n 5000 $work/cargo/bin/jsonschema-cli validate --assert-format $schema -i"
  fi
fi

echo "==> timing: 1 warm-up + $runs runs of each, alternating" >&2
declare -A times=() rss=() codes=()
for run in $(seq 0 "$runs"); do
  for i in "${!names[@]}"; do
    read -r t m c < <(cd "$corpus" && bash -O globstar -c "python3 $root/bench/measure.py ${commands[$i]}")
    if [ "$run" -gt 0 ]; then
      times[$i]+="$t "
      rss[$i]+="$m "
      codes[$i]="$c"
    fi
  done
done

median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
peak() { tr ' ' '\n' | grep -v '^$' | sort -g | tail -1; }

accord_median="$(echo "${times[0]}" | median)"
floor_median="$(echo "${times[1]}" | median)"
table="| command | median wall time (s) | × floor | × accord | peak RSS (MB) | exit |"$'\n'"|---|---:|---:|---:|---:|---:|"
for i in "${!names[@]}"; do
  m="$(echo "${times[$i]}" | median)"
  p="$(echo "${rss[$i]}" | peak)"
  ratio="$(awk -v a="$m" -v b="$floor_median" 'BEGIN { printf "%.1f", a / b }')"
  against="$(awk -v a="$m" -v b="$accord_median" 'BEGIN { printf "%.1f", a / b }')"
  table+=$'\n'"| ${names[$i]} | $m | $ratio | $against | $(awk -v k="$p" 'BEGIN { printf "%.0f", k / 1024 }') | ${codes[$i]} |"
done

machine="$(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), $(uname -sr)"
versions="accord $("$accord" --version | awk '{print $2}')"
[ -x "$work/venv/bin/check-jsonschema" ] && versions+=", check-jsonschema $("$work/venv/bin/check-jsonschema" --version 2>&1 | awk '{print $NF}')"
[ -x "$work/node/node_modules/.bin/ajv" ] && versions+=", ajv-cli $(node -p "require('$work/node/node_modules/ajv-cli/package.json').version")"
[ -x "$work/cargo/bin/jsonschema-cli" ] && versions+=", jsonschema-cli $("$work/cargo/bin/jsonschema-cli" --version 2>&1 | awk '{print $NF}')"

section="<!-- compare.sh $count: begin -->
Command: \`$cmdline\` ($count records, seed 1, median of $runs runs after a warm-up, commands
alternating). Machine: $machine. Versions: $versions.

$table
<!-- compare.sh $count: end -->"
echo "$section"
python3 - "$root/BENCHMARKS.md" "$section" "$count" <<'PY'
# One table per corpus size: this size's table is replaced, or added after the others.
import re, sys
path, section, count = sys.argv[1], sys.argv[2], sys.argv[3]
try:
    text = open(path).read()
except FileNotFoundError:
    text = "# Benchmarks\n\n"
this = re.compile(r"<!-- compare.sh %s: begin -->.*?<!-- compare.sh %s: end -->" % (count, count), re.S)
ends = list(re.finditer(r"<!-- compare.sh \d+: end -->", text))
if this.search(text):
    text = this.sub(lambda _: section, text)
elif ends:
    at = ends[-1].end()
    text = text[:at] + "\n\n" + section + text[at:]
else:
    text = text.rstrip("\n") + "\n\n" + section + "\n"
open(path, "w").write(text)
PY
