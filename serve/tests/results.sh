#!/usr/bin/env bash
# results.sh: the search page's results in Chromium (serve/e2e/results.mjs)
# against a corpus of the seeds, a rated council (a summary page and a
# statement page, Gateshead) and a 2023 pilot council (Birmingham): the
# council-rating facet, a hit opened whole, the pilot's indicative mark and
# the CSV download. Skipped when Chromium is missing.
. "$(dirname "$0")/lib.sh"
if [ ! -x "${CHROMIUM:-/usr/bin/chromium}" ]; then
  echo "SKIP [$TEST_NAME]: chromium is not installed (apt-get install chromium)"
  exit 77
fi
c=$WORK/corpus
mkdir -p "$c/documents"
cp "$LASEARCH_SRC/corpus/authorities.tsv" "$c/"
cp "$LASEARCH_SRC"/corpus/documents/*.txt "$c/documents/"
f=$LASEARCH_SRC/tests/fixtures/layouts
cp "$f/summary.txt" "$c/documents/gateshead-summary.txt"
cp "$f/summary_pilot.txt" "$c/documents/birmingham-summary.txt"
cp "$f/stmt_pilot.txt" "$c/documents/birmingham-needs.txt"
printf 'Gateshead: local authority assessment\n\nSafeguarding\n\nScore: 2\n\nSafeguarding enquiries, the board said, were "timely, thorough, and kind"; partners agreed.\n' \
  >"$c/documents/gateshead-safeguarding.txt"
lasearch-index --quiet --corpus "$c" --index "$WORK/index" || exit 1
cp "$LASEARCH_SRC"/serve/e2e/*.mjs "$SERVE_E2E/"
start_server results "$WORK/index"
if node "$SERVE_E2E/results.mjs" "$BASE" "$WORK"; then pass; else fail "in the browser (above)"; fi
stop_server
finish
