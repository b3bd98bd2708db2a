#!/usr/bin/env bash
# escape.sh: hostile text in the corpus and in queries is data, never markup.
# A corpus file whose headings and paragraphs hold HTML and script (entity
# encoded, so the parser keeps it as text) is indexed; the API must return it
# intact as JSON, and the page in Chromium must show it as text: no element
# injected, no script run, no dialog.
. "$(dirname "$0")/lib.sh"
copy_corpus "$WORK/corpus"
cp "$(dirname "$0")/hostile.txt" "$WORK/corpus/documents/900_hostile.txt"
lasearch-index --quiet --corpus "$WORK/corpus" --index "$WORK/index" || exit 1
start_server escape "$WORK/index"

# The API: the data as it is, as JSON that no browser renders as HTML.
expect_eq "status" "$(http GET '/api/search?q=zebra&limit=5')" 200
expect_eq "type" "$(header Content-Type)" "application/json; charset=utf-8"
expect_eq "nosniff" "$(header X-Content-Type-Options)" nosniff
check "the script in the text is returned intact" \
  jq -e '[.hits[].text] | any(contains("<script>alert(1)</script>"))' "$WORK/body"
check "the HTML in the heading is returned intact" \
  jq -e '[.hits[].heading] | any(contains("<b>bold</b> <img src=x onerror=alert(9)>"))' "$WORK/body"
q='"<script>alert(1)</script>"'
expect_eq "HTML in a query" "$(http GET /api/search -G --data-urlencode "q=$q")" 200
check "the query is echoed exactly" jq -e --arg q "$q" '.query == $q and .total == 1' "$WORK/body"
expect_eq "HTML in a bad query" "$(http GET /api/search -G \
  --data-urlencode 'q=authority:"<img src=x onerror=alert(11)>"')" 400
check "the error echoes it as JSON data" \
  jq -e '.error.message | contains("<img src=x onerror=alert(11)>")' "$WORK/body"

# Private-use characters in a report cannot forge the page's highlights
# (hl=pua marks matches with U+E000 and U+E001): in snippets they become
# U+FFFD; only real matches are marked.
expect_eq "hl=pua" "$(http GET '/api/search?q=zebra+forged&hl=pua')" 200
check "the report's own U+E000/U+E001 are not markers in the snippet" \
  jq -e '[.hits[].snippet | select(contains("forged"))] | length == 1 and
         (.[0] | contains("\ufffd\ue000forged\ue001\ufffd") and
                 (test("\ue000[^\ue000\ue001]*\ue001") ))' "$WORK/body"
check "every marked span is a match" \
  jq -e '[.hits[].snippet | scan("\ue000([^\ue001]*)\ue001") | .[0] | ascii_downcase]
         | all(. == "zebra" or . == "forged")' "$WORK/body"
check "the text itself is returned intact" \
  jq -e '[.hits[].text] | any(contains("\ue000forged\ue001"))' "$WORK/body"

# The page's script never parses markup: text goes in as text nodes.
# (Comment lines may name them; code may not.)
check "app.js uses no HTML parsing sinks" sh -c "! grep -vE '^ *//' \
  '$LASEARCH_SRC/serve/www/app.js' | grep -nE \
  'innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(|new Function|srcdoc|DOMParser'"

if [ -x "${CHROMIUM:-/usr/bin/chromium}" ]; then
  cp "$LASEARCH_SRC"/serve/e2e/*.mjs "$SERVE_E2E/"
  if node "$SERVE_E2E/escape.mjs" "$BASE" "$WORK"; then pass; else fail "in the browser (above)"; fi
else
  echo "SKIP [$TEST_NAME]: the browser part: chromium is not installed (apt-get install chromium)"
fi
stop_server
finish
