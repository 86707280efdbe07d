#!/usr/bin/env bash
# Entry point of the pre-commit hooks in .pre-commit-hooks.yaml: builds accord from this
# checkout (once; cargo keeps the build) and runs it in the repository being committed to.
set -euo pipefail
here="$(cd "$(dirname "$0")/../.." && pwd)"
cargo build --quiet --release --locked --manifest-path "$here/Cargo.toml" -p accord-cli
exec "$here/target/release/accord" "$@"
