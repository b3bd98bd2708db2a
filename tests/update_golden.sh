#!/usr/bin/env bash
# update_golden.sh [BUILD_DIR]: rewrite tests/golden/*.json, the pinned parse
# of every seed document (lasearch-index --inspect --json). Run it only when a
# parser change is meant to change a parse, and review the diff before
# committing: tests/cases/golden_parse.case fails on any unreviewed change.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-build}/lasearch-index
for f in corpus/documents/*.txt; do
  "$bin" --corpus corpus --inspect "$f" --json >"tests/golden/$(basename "$f" .txt).json"
done
git diff --stat -- tests/golden || true
