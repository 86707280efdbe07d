#!/usr/bin/env bash
# Refreshes the screenshots in crates/accord-summary/screenshots/: the pages built from the
# shipped records, in headless Chromium at 390 px (a phone) and 1280 px (a laptop), through the
# same script the browser test runs (crates/accord-cli/tests/browser/check.mjs), which also
# fails on horizontal overflow and axe-core findings.
#
#   ACCORD_BROWSER_MODULES=/path/to/node_modules bash bench/screenshots.sh
#
# The node_modules folder needs puppeteer-core and axe-core (`npm install puppeteer-core
# axe-core`); Chromium is found at $ACCORD_CHROMIUM or /usr/bin/chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
modules="${ACCORD_BROWSER_MODULES:?set ACCORD_BROWSER_MODULES to a node_modules folder with puppeteer-core and axe-core}"
site="$(mktemp -d)"
trap 'rm -rf "$site"' EXIT
cargo run -q -p accord-cli -- build --as-of 2026-01-01 --out "$site"
out=crates/accord-summary/screenshots
mkdir -p "$out"
NODE_PATH="$modules" node crates/accord-cli/tests/browser/check.mjs "$site" index.html \
  events/2025-09-17-pk-ps-health-mou.html parties/PK/index.html --screenshots "$out"
ls -l "$out"
