#!/usr/bin/env bash
# api.sh: the JSON API through the real server on a loopback port: the same
# answers as lasearch-query --json (one search core), errors, limits,
# methods, headers, the embedded page, and refusals at start.
. "$(dirname "$0")/lib.sh"
IX=$LASEARCH_SEED_INDEX
before=$(cd "$IX" && find . -type f -exec md5sum {} + | sort)
start_server api "$IX" --max-query-bytes 2000

# --- the same object as lasearch-query --json, for every feature --------
# same "URL query string" -- CLI ARGS...
same() {
  local qs=$1; shift; shift
  local status
  status=$(http GET "/api/search?$qs")
  expect_eq "status of /api/search?$qs" "$status" 200
  lasearch-query --index "$IX" --json "$@" >"$WORK/cli.json" 2>/dev/null
  if diff <(jq -S . "$WORK/body") <(jq -S . "$WORK/cli.json") >"$WORK/diff"; then pass
  else fail "/api/search?$qs differs from lasearch-query --json $*: $(head -c 600 "$WORK/diff")"; fi
}
same 'q=%22section+75%22' -- '"section 75"'
same 'q=hospital+discharge&facets=authority,score,section,theme,kind' -- \
  --facets authority,score,section,theme,kind 'hospital discharge'
same 'q=hospital+discharge&by=authority&per=2&limit=3' -- --by authority --per 2 --limit 3 \
  'hospital discharge'
same 'q=care&sort=score&limit=5&offset=3' -- --sort score --limit 5 --offset 3 care
same 'q=care&sort=document&limit=2' -- --sort document --limit 2 care
same 'q=hospital+dischrge+zebra' -- 'hospital dischrge zebra'
same 'q=hospital+dischrge+zebra&strict=1' -- --strict 'hospital dischrge zebra'
same 'q=CHC&exact=true' -- --exact CHC
same 'q=safegarding' -- safegarding
same 'q=zzqqxx' -- zzqqxx
same 'q=section%3Asafeguarding+kind%3Aself-assessment+waiting' -- \
  'section:safeguarding kind:self-assessment waiting'
same 'q=ICB+NEAR%2F5+funding&hl=stars' -- 'ICB NEAR/5 funding'
# Beyond search: what stands out, counts side by side, like:ID.
same 'q=authority%3Amedway&view=significant&limit=5' -- --significant -n 5 authority:medway
same 'q=care&view=pivot&pivot=kind,score' -- --pivot kind,score care
same 'q=care&view=pivot' -- --pivot section,score care
same 'q=like%3Adocuments%2F000_cbd8b4d91f46e665.txt%235+score%3A3' -- \
  'like:documents/000_cbd8b4d91f46e665.txt#5 score:3'
expect_eq "view=nonsense" "$(http GET '/api/search?q=care&view=nonsense')" 400
expect_eq "pivot=score,score" "$(http GET '/api/search?q=care&view=pivot&pivot=score,score')" 400
expect_eq "a batch of views" "$(http POST '/api/batch?view=significant' --data-binary care)" 400

# hl=pua: only the snippet markers change.
http GET '/api/search?q=hospital+discharge&hl=pua' >/dev/null
check "hl=pua marks with U+E000/U+E001" grep -q $'\xee\x80\x80hospital\xee\x80\x81' "$WORK/body"
check "hl=pua leaves no ** markers" test "$(jq '[.hits[].snippet | select(contains("**hospital**"))] | length' "$WORK/body")" = 0

# --- batch: the same lines as lasearch-query --batch ----------------------
printf '%s\n' '"section 75"' 'hospital discharge' 'CHC' '"unbalanced' 'score:4' \
  '(a OR' 'safegarding' 'score:3..1' >"$WORK/q.txt"
printf 'care\n\xff\xfe\n' >"$WORK/bad.txt"
expect_eq "batch status" "$(http POST '/api/batch?limit=3&facets=authority' --data-binary @"$WORK/q.txt")" 200
expect_eq "batch content type" "$(header Content-Type)" "application/x-ndjson; charset=utf-8"
lasearch-query --index "$IX" --batch "$WORK/q.txt" --limit 3 --facets authority >"$WORK/cli.jsonl"
if diff <(jq -cS . "$WORK/body") <(jq -cS . "$WORK/cli.jsonl") >"$WORK/diff"; then pass
else fail "batch differs from lasearch-query --batch: $(head -c 600 "$WORK/diff")"; fi
http POST '/api/batch' --data-binary @"$WORK/bad.txt" >/dev/null
check "a line that is not UTF-8 gets its error, echoed as valid JSON" \
  jq -se 'length == 2 and .[0].total > 0 and (.[1].error.message | test("UTF-8"))' "$WORK/body"
printf 'care\nca\0re\nhospital' >"$WORK/nul.txt"
http POST '/api/batch' --data-binary @"$WORK/nul.txt" >/dev/null
check "a NUL in a line is that line's error; the last line needs no newline" \
  jq -se 'length == 3 and .[0].total > 0 and (.[1].error.message | test("NUL byte at byte 3")) and .[2].query == "hospital"' "$WORK/body"
printf 'care\r\n\r\nhospital\r\n' >"$WORK/crlf.txt"
http POST '/api/batch' --data-binary @"$WORK/crlf.txt" >/dev/null
check "CRLF lines and an empty line, each answered" \
  jq -se 'length == 3 and .[0].query == "care" and .[1].error and .[2].query == "hospital"' "$WORK/body"

# --- errors: 400 with {"query", "error": {"message", "column"}} -------------
err() {   # err DESCRIPTION PATH-AND-QUERY STATUS JQ
  local status
  status=$(http GET "$2")
  expect_eq "$1: status" "$status" "$3"
  if jq -e "$4" "$WORK/body" >/dev/null 2>&1; then pass
  else fail "$1: jq '$4' on $(head -c 300 "$WORK/body")"; fi
}
err "unbalanced quote" '/api/search?q=%22section+75' 400 \
  '.query == "\"section 75" and .error.column == 1 and (.error.message | test("unbalanced"))'
err "no q" '/api/search?limit=3' 400 '.error.message | test("no query")'
err "empty q" '/api/search?q=' 400 '.error.message | test("empty")'
err "limit 0" '/api/search?q=care&limit=0' 400 '.error.message | test("^limit: .0. is not a number from 1 to 1000")'
err "limit too big" '/api/search?q=care&limit=1001' 400 '.error.message | test("limit")'
err "negative offset" '/api/search?q=care&offset=-1' 400 '.error.message | test("offset")'
err "offset too deep" '/api/search?q=care&offset=100001' 400 '.error.message | test("offset")'
err "per not a number" '/api/search?q=care&per=x' 400 '.error.message | test("per")'
err "bad sort" '/api/search?q=care&sort=random' 400 '.error.message | test("sort")'
err "bad by" '/api/search?q=care&by=score' 400 '.error.message | test("by")'
err "bad facet" '/api/search?q=care&facets=authority,colour' 400 '.error.message | test("colour")'
err "bad flag" '/api/search?q=care&strict=maybe' 400 '.error.message | test("strict")'
err "bad hl" '/api/search?q=care&hl=%3Cb%3E' 400 '.error.message | test("hl")'
err "unknown parameter" '/api/search?q=care&colour=red' 400 '.error.message | test("unknown parameter .colour.")'
err "parameter twice" '/api/search?q=care&q=carers' 400 '.error.message | test("twice")'
err "NUL byte" '/api/search?q=care%00s' 400 '.error.message | test("NUL")'
err "not UTF-8" '/api/search?q=caf%E9' 400 '.error.column == 4 and (.error.message | test("UTF-8"))'
err "wildcard alone" '/api/search?q=*' 400 '.error.message | length > 0'
err "unknown field" '/api/search?q=colour%3Ared' 400 '.error.message | length > 0'
long=$(head -c 2500 /dev/zero | tr '\0' 'a')
err "query over --max-query-bytes" "/api/search?q=$long" 400 '.error.message | test("limit is 2000")'
many=$(for i in $(seq 1 40); do printf 'x%d=1&' "$i"; done)
err "too many parameters" "/api/search?${many}q=care" 400 '.error.message | test("too many")'
err "no such endpoint" '/api/nothing' 404 '.error.message | test("no such endpoint")'
huge=$(head -c 100000 /dev/zero | tr '\0' 'a')
status=$(http GET "/api/search?q=$huge")
check "a 100 kB URL is refused by the HTTP layer (got $status)" test "$status" -ge 400 -a "$status" -lt 500
expect_eq "server alive after abuse" "$(http GET '/api/search?q=care')" 200

# --- DNS rebinding: on loopback, only requests addressed to this machine -----
port=${BASE##*:}
expect_eq "Host: another name" "$(http GET '/api/search?q=care' -H "Host: evil.example:$port")" 421
check "says why" jq -e '.error.message | test("localhost")' "$WORK/body"
expect_eq "Host: localhost" "$(http GET '/api/search?q=care' -H "Host: localhost:$port")" 200
expect_eq "Host: 127.0.0.1" "$(http GET '/' -H "Host: 127.0.0.1:$port")" 200
expect_eq "Host: 127.evil.example" "$(http GET '/' -H "Host: 127.evil.example")" 421

# --- methods: read-only API -------------------------------------------------
for m in POST PUT DELETE PATCH OPTIONS; do
  expect_eq "$m /api/search" "$(http $m '/api/search?q=care')" 405
  expect_eq "$m /api/search Allow" "$(header Allow)" "GET, HEAD"
done
expect_eq "GET /api/batch" "$(http GET '/api/batch')" 405
expect_eq "GET /api/batch Allow" "$(header Allow)" "POST"
expect_eq "POST /" "$(http POST '/' -d x)" 405
expect_eq "HEAD /api/search" "$(curl -s -I -o /dev/null -w '%{http_code}' "$BASE/api/search?q=care")" 200

# --- request size limits ----------------------------------------------------
head -c 2000000 /dev/zero | tr '\0' 'a' >"$WORK/big.txt"
expect_eq "2 MB batch body" "$(http POST '/api/batch' --data-binary @"$WORK/big.txt")" 413
expect_eq "2 MB chunked batch body" \
  "$(http POST '/api/batch' -H 'Transfer-Encoding: chunked' --data-binary @"$WORK/big.txt")" 413
seq 1 1001 | sed 's/^/care /' >"$WORK/lines.txt"
expect_eq "1001 queries in a batch" "$(http POST '/api/batch' --data-binary @"$WORK/lines.txt")" 413
check "batch limit named" jq -e '.error.message | test("limit is 1000")' "$WORK/body"
expect_eq "batch with q" "$(http POST '/api/batch?q=care' --data-binary care)" 400

# --- headers and the embedded page -----------------------------------------
http GET '/api/search?q=care' >/dev/null
expect_eq "API content type" "$(header Content-Type)" "application/json; charset=utf-8"
expect_eq "API cache" "$(header Cache-Control)" "no-store"
for path in / /index.html /app.js /style.css /favicon.svg; do
  expect_eq "GET $path" "$(http GET "$path")" 200
  check "$path: CSP" sh -c "grep -qi \"^Content-Security-Policy: default-src 'self'\" '$WORK/headers'"
  expect_eq "$path: nosniff" "$(header X-Content-Type-Options)" nosniff
  expect_eq "$path: referrer policy" "$(header Referrer-Policy)" no-referrer
  expect_eq "$path: frames" "$(header X-Frame-Options)" DENY
done
http GET / >/dev/null
expect_eq "page type" "$(header Content-Type)" "text/html; charset=utf-8"
check "page is ours" grep -q '<title>lasearch' "$WORK/body"
check "page loads only local assets" sh -c "! grep -Eq '(src|href)=\"(https?:)?//' '$WORK/body'"
http GET /app.js >/dev/null
expect_eq "script type" "$(header Content-Type)" "text/javascript; charset=utf-8"
check "the served script is the source" cmp -s "$WORK/body" "$LASEARCH_SRC/serve/www/app.js"
expect_eq "unknown file" "$(http GET /nothing.html)" 404
expect_eq "path traversal" "$(http GET /../../../etc/passwd)" 404
expect_eq "encoded traversal" "$(http GET /%2e%2e/%2e%2e/etc/passwd)" 404

# --- status ------------------------------------------------------------------
http GET /api/status >/dev/null
live=$(sed -n 's/^auto //p' "$IX/XAPIANDB")
check "status names the live generation ($live)" \
  jq -e --arg g "$live" '.generation == $g and (.version | length > 0)' "$WORK/body"

stop_server
after=$(cd "$IX" && find . -type f -exec md5sum {} + | sort)
expect_eq "the index is unchanged: the API is read-only" "$after" "$before"

# --- refusals at start -------------------------------------------------------
lasearch-serve --index "$WORK/none" --listen 127.0.0.1:0 >/dev/null 2>"$WORK/err"
expect_eq "missing index: exit" "$?" 2
check "missing index: says so" grep -q "no index at" "$WORK/err"
lasearch-serve --index "$IX" --listen nonsense >/dev/null 2>"$WORK/err"
expect_eq "bad --listen: exit" "$?" 2
check "bad --listen: says so" grep -q "ADDR:PORT" "$WORK/err"
mkdir -p "$WORK/remote"
printf 'remote :sh -c "touch %s/pwned"\n' "$WORK" >"$WORK/remote/XAPIANDB"
lasearch-serve --index "$WORK/remote" --listen 127.0.0.1:0 >/dev/null 2>"$WORK/err"
expect_eq "remote stub: exit" "$?" 2
check "remote stub: refused with a reason" grep -Eq "never runs programs|program" "$WORK/err"
check "remote stub: nothing ran" test ! -e "$WORK/pwned"
lasearch-serve --index "$IX" --listen 127.0.0.1:0 --threads 0 >/dev/null 2>"$WORK/err"
expect_eq "--threads 0: exit" "$?" 2
check "--help names the loopback default" sh -c "lasearch-serve --help | grep -q 'default 127.0.0.1:8080'"
start_server loop "$IX" --listen :0
check "':PORT' binds loopback" grep -q '^http://127.0.0.1:' <<<"$BASE"
check "loopback: no warning" test ! -s "$WORK/loop.err"
stop_server
start_server wide "$IX" --listen 0.0.0.0:0
check "beyond loopback: a warning" grep -q "no authentication" "$WORK/wide.err"
stop_server
finish
