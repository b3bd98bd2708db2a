#!/usr/bin/env bash
# dates.sh: publication dates through lasearch-serve. A corpus with dates of
# every precision and an undated document (tests/fixtures/dates) is indexed;
# the API filters, sorts and counts by date as lasearch-query does, and the
# search page (in Chromium, when installed) shows each hit's date and
# narrows a search by a from/to filter and by the year facet.
. "$(dirname "$0")/lib.sh"
mkdir -p "$WORK/corpus"
cp -r "$LASEARCH_SRC/tests/fixtures/dates/." "$WORK/corpus/"
cp "$LASEARCH_SRC/corpus/authorities.tsv" "$WORK/corpus/"
lasearch-index --quiet --corpus "$WORK/corpus" --index "$WORK/index" || exit 1
start_server dates "$WORK/index"

expect_eq "published: range" "$(http GET '/api/search?q=published:2024-05..2025-01&limit=20')" 200
check "the range finds the dates it covers, not a year it only overlaps" \
  jq -e '[.hits[].authority] | sort == ["Devon", "Essex", "Kent", "Norfolk"]' "$WORK/body"
expect_eq "sort=published" "$(http GET '/api/search?q=waiting&sort=published&limit=20')" 200
check "newest first, undated last" \
  jq -e '[.hits[].published] == ["2025-01-17", "2025-01", "2024-06", "2024-05-17", "2024", null]' "$WORK/body"
expect_eq "facets=published,published-month" \
  "$(http GET '/api/search?q=waiting&limit=1&facets=published,published-month')" 200
check "years, and the no-date bucket" \
  jq -e '.facets.published == [{"value": "2025", "count": 2}, {"value": "2024", "count": 3}, {"value": null, "count": 1}]' "$WORK/body"
check "months add up to the total" \
  jq -e '.total as $t | .facets["published-month"] | map(.count) | add == $t' "$WORK/body"
expect_eq "a bad date is a 400" "$(http GET '/api/search?q=published:2024-13')" 400
check "naming its column" jq -e '.error.column == 11 and (.error.message | contains("not a date"))' "$WORK/body"
expect_eq "an unknown sort is a 400" "$(http GET '/api/search?q=waiting&sort=oldest')" 400
check "listing published among the sorts" jq -e '.error.message | contains("published")' "$WORK/body"

if [ -x "${CHROMIUM:-/usr/bin/chromium}" ]; then
  cp "$LASEARCH_SRC"/serve/e2e/*.mjs "$SERVE_E2E/"
  if node "$SERVE_E2E/dates.mjs" "$BASE" "$WORK"; then pass; else fail "in the browser (above)"; fi
else
  echo "SKIP [$TEST_NAME]: the browser part: chromium is not installed (apt-get install chromium)"
fi
stop_server
finish
