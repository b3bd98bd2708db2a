#!/usr/bin/env bash
# e2e.sh: the search page in headless Chromium (Debian's), driven by
# playwright-core: search, facets, side by side, paging, bookmarks, the
# keyboard alone, a phone's screen. Skipped only when Chromium is missing.
. "$(dirname "$0")/lib.sh"
if [ ! -x "${CHROMIUM:-/usr/bin/chromium}" ]; then
  echo "SKIP [$TEST_NAME]: chromium is not installed (apt-get install chromium)"
  exit 77
fi
cp "$LASEARCH_SRC"/serve/e2e/*.mjs "$SERVE_E2E/"
start_server e2e "$LASEARCH_SEED_INDEX"
if node "$SERVE_E2E/e2e.mjs" "$BASE" "$WORK"; then pass; else fail "in the browser (above)"; fi
stop_server
finish
