#!/usr/bin/env bash
# screenshot.sh [BUILD-DIR]: remake docs/screenshot.png from the seed corpus
# (run by hand after changing the page; not part of the test suite).
set -eu
src=$(cd "$(dirname "$0")/../.." && pwd)
build=$(cd "${1:-$src/build}" && pwd)
export LASEARCH_BIN=$build LASEARCH_SRC=$src LASEARCH_SEED_INDEX=$build/tests/seed-index
export SERVE_WORK=$build/serve/tests/work SERVE_E2E=$build/serve/tests/e2e
TEST_NAME=screenshot
bash "$src/serve/tests/npm_setup.sh"
. "$src/serve/tests/lib.sh"
lasearch-index --quiet --corpus "$src/corpus" --index "$WORK/index"
start_server shot "$WORK/index"
cp "$src"/serve/e2e/*.mjs "$SERVE_E2E/"
mkdir -p "$src/docs"
node "$SERVE_E2E/screenshot.mjs" "$BASE" "$src/docs/screenshot.png"
stop_server
echo "wrote docs/screenshot.png"
