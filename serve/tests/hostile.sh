#!/usr/bin/env bash
# hostile.sh: slow and greedy clients cannot make the server deaf: 300 slow
# connections (slowloris) from one address leave it answering others; a
# request trickling in past --request-timeout is cut off; any number of
# parameters, any length of URL (up to the longest read and beyond, every
# length near it), a query hidden behind a NUL byte, too many or too long
# headers each get a 4xx, never a closed connection; a port out of range is
# refused at start. Loopback only; nothing is timed: each check is an
# outcome.
. "$(dirname "$0")/lib.sh"
IX=$LASEARCH_SEED_INDEX
if ! command -v python3 >/dev/null; then
  echo "SKIP [$TEST_NAME]: python3 is not installed (it plays the slow clients)"
  exit 77
fi
SLOW="$(dirname "$0")/slow_clients.py"
wait_for() {
  local _
  for _ in $(seq 1 300); do "$@" && return 0; sleep 0.1; done
  return 1
}

# --- slowloris from 127.0.0.2: one header byte every 10 s ------------------
start_server slowloris "$IX"
port=${BASE##*:}
python3 "$SLOW" 127.0.0.1 "$port" 127.0.0.2 300 10 2 "$WORK/ready" >"$WORK/slow.txt" &
slow=$!
check "the slow clients connected" wait_for test -s "$WORK/ready"
opened=$(awk '{print $2}' "$WORK/ready")
check "they hold connections ($opened)" test "${opened:-0}" -gt 0
check "no more than one address may hold (64): $opened" test "${opened:-0}" -le 64
expect_eq "a search is answered while they trickle" "$(http GET '/api/search?q=care')" 200
expect_eq "the page is answered while they trickle" "$(http GET /)" 200
if command -v ss >/dev/null; then
  held=$(ss -Htn state established "( sport = :$port and dst 127.0.0.2 )" | wc -l)
  check "the slow connections were still open then ($held)" test "$held" -gt 0
fi
kill "$slow" 2>/dev/null
wait "$slow" 2>/dev/null
stop_server

# --- a request must arrive whole within --request-timeout ------------------
start_server deadline "$IX" --request-timeout 2
port=${BASE##*:}
# Ten connections from this address, a byte a second for up to 15 s.
python3 "$SLOW" 127.0.0.1 "$port" 127.0.0.1 10 1 15 "$WORK/ready2" >"$WORK/slow2.txt"
read -r _ opened _ refused _ closed _ still <"$WORK/slow2.txt"
expect_eq "trickling connections opened" "$opened" 10
expect_eq "... each cut off by the server" "$closed" 10
expect_eq "... none left open" "$still" 0
expect_eq "a prompt request is answered" "$(http GET '/api/search?q=care')" 200
stop_server

# --- greedy requests: each gets a 4xx, none is closed unanswered ----------
start_server greedy "$IX"
port=${BASE##*:}
for n in 1000 3000; do
  qs=$(for i in $(seq 1 "$n"); do printf 'x%d=1&' "$i"; done)
  expect_eq "$n parameters: 400" "$(http GET "/api/search?${qs}q=care")" 400
  check "$n parameters: says why" jq -e '.error.message | test("too many parameters")' \
    "$WORK/body"
done
# get_query N [curl options...]: GET /api/search?q=care&a=1&a=1... with N
# parameters a=1 (or, with queries=$WORK/long, q=care and 4N bytes more of
# it), from a file: curl -G appends it to the URL as it is (a URL of 256
# KiB is more than one command-line argument may be). N is at most 250,000
# (a 1 MB URL; curl makes none of 1 MiB).
python3 -c 'import sys; sys.stdout.write("q=care" + "&a=1" * 250000)' >"$WORK/params"
python3 -c 'import sys; sys.stdout.write("q=care" + "e" * 1000000)' >"$WORK/long"
queries=$WORK/params
get_query() {
  head -c $((6 + 4 * $1)) "$queries" >"$WORK/query"
  shift
  http GET /api/search -G --data-binary @"$WORK/query" "$@"
}
# Whether the last answer is lasearch-serve's (the API's error object) and
# not libmicrohttpd's own refusal of a head too long to read (HTML).
ours() { jq -e '.error.message' "$WORK/body" >/dev/null 2>&1; }
is_4xx() { case $1 in 4??) return 0 ;; esac; return 1; }

expect_eq "1 parameter more: 400" "$(get_query 1)" 400
check "... says which" jq -e '.error.message | test("unknown parameter .a.")' "$WORK/body"
for n in 1000 5000; do
  expect_eq "$n parameters: 400" "$(get_query "$n")" 400
  check "$n parameters: says why" jq -e '.error.message | test("too many parameters")' \
    "$WORK/body"
done
expect_eq "20000 parameters (an 80 KB URL): 414" "$(get_query 20000)" 414
check "... says why" jq -e '.error.message | test("over 64 KiB")' "$WORK/body"
# The most parameters that fit: the longest URL libmicrohttpd reads whole
# (one longer it refuses itself), by bisection; then lengths from some
# 1,000 bytes below it (where a head left no room for the response's
# headers and was closed unanswered) to past it, 12 bytes apart (every
# 4-byte step modulo libmicrohttpd's 16-byte alignment). With curl's
# headers; and with none (HTTP/1.0) and one long parameter, as that too
# was closed unanswered near the top.
for variant in http/1.1 http/1.0; do
  opts=() queries=$WORK/params
  [ "$variant" = http/1.0 ] &&
    opts=(-0 -H 'Host:' -H 'User-Agent:' -H 'Accept:') queries=$WORK/long
  lo=16384 hi=70000 bad=0
  while [ $((hi - lo)) -gt 1 ]; do
    mid=$(((lo + hi) / 2))
    code=$(get_query "$mid" "${opts[@]}")
    is_4xx "$code" || { bad=$((bad + 1)); echo "  $variant, $mid parameters: '$code'" >&2; }
    if ours; then lo=$mid; else hi=$mid; fi
  done
  check "$variant: the most parameters that fit ($lo) make a URL near 256 KiB" \
    test "$lo" -gt 60000
  expect_eq "$variant: the most that fit: 414" "$(get_query "$lo" "${opts[@]}")" 414
  check "... from lasearch-serve, saying why" jq -e '.error.message | test("over 64 KiB")' \
    "$WORK/body"
  for n in $(seq $((lo - 240)) 3 $((lo + 12))); do
    code=$(get_query "$n" "${opts[@]}")
    is_4xx "$code" || { bad=$((bad + 1)); echo "  $variant, $n parameters: '$code'" >&2; }
  done
  expect_eq "$variant: every length near the longest read gets a 4xx" "$bad" 0
done
queries=$WORK/params
expect_eq "a URL far too long to read (1 MB): 414" "$(get_query 250000)" 414
# raw: send $WORK/request as it is; the response, whole, in $WORK/response
# and its status printed ("closed" for none).
raw() {
  python3 - "$port" "$WORK/request" "$WORK/response" <<'EOF'
import socket, sys
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=60)
s.sendall(open(sys.argv[2], "rb").read())
data = b""
while True:
    chunk = s.recv(65536)
    if not chunk:
        break
    data += chunk
open(sys.argv[3], "wb").write(data)
print(data.split(b" ")[1].decode() if data else "closed")
EOF
}
# A NUL byte ends the URL as a C string, but libmicrohttpd looks past it
# for the query: too many parameters behind it are answered all the same.
for n in 2 20000; do
  { printf 'GET /api/search\0?'; head -c $((6 + 4 * n)) "$WORK/params"
    printf ' HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n'; } >"$WORK/request"
  expect_eq "a query of $n parameters behind a NUL byte: 400" "$(raw)" 400
done
hdrs=()
for i in $(seq 1 300); do hdrs+=(-H "X-Filler-$i: 1"); done
expect_eq "300 header fields: 431" "$(http GET '/api/search?q=care' "${hdrs[@]}")" 431
check "... says why" jq -e '.error.message | test("at most 64 KiB and 256 fields")' "$WORK/body"
big=$(head -c 70000 /dev/zero | tr '\0' 'a')
expect_eq "a 70 KB header: 431" "$(http GET '/api/search?q=care' -H "X-Big: $big")" 431
{ printf 'HEAD /api/search?'; head -c $((6 + 4 * 20000)) "$WORK/params"
  printf ' HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n'; } >"$WORK/request"
expect_eq "HEAD with an 80 KB URL: 414" "$(raw)" 414
check "... and no body" grep -qzP '\r\n\r\n$' "$WORK/response"
expect_eq "the server answers a search after all that" "$(http GET '/api/search?q=care')" 200
long=$(head -c 5000 /dev/zero | tr '\0' 'a')
expect_eq "a query over --max-query-bytes: 400" "$(http GET "/api/search?q=$long")" 400
check "... not echoed back" jq -e '.query == null and (.error.message | test("limit is 4096"))' \
  "$WORK/body"
printf 'care\n%s\nhospital\n' "$long" >"$WORK/batch.txt"
expect_eq "a batch line over --max-query-bytes" \
  "$(http POST /api/batch --data-binary @"$WORK/batch.txt")" 200
check "... is that line's error, not echoed; the others answered" \
  jq -se 'length == 3 and .[0].total > 0 and .[1].query == null and
          (.[1].error.message | test("too long")) and .[2].total > 0' "$WORK/body"
expect_eq "server alive" "$(http GET '/api/search?q=care')" 200
stop_server

# --- a batch has a time limit in all ---------------------------------------
start_server batchtime "$IX" --batch-timeout 0.001
printf 'care\nhospital\nsafeguarding\n' >"$WORK/three.txt"
expect_eq "a batch past --batch-timeout" \
  "$(http POST /api/batch --data-binary @"$WORK/three.txt")" 200
check "... answers every line, those out of time with an error saying so" \
  jq -se 'length == 3 and (.[2].error.message | test("batch-timeout"))' "$WORK/body"
stop_server

# --- refusals at start ---------------------------------------------------------
lasearch-serve --index "$IX" --listen 127.0.0.1:65617 >/dev/null 2>"$WORK/err"
expect_eq "port 65617: exit" "$?" 2
check "port 65617: says why" grep -q "not a number from 0 to 65535" "$WORK/err"
lasearch-serve --index "$IX" --listen 127.0.0.1:8x >/dev/null 2>"$WORK/err"
expect_eq "port 8x: exit" "$?" 2
lasearch-serve --index "$IX" --timeout 0 >/dev/null 2>"$WORK/err"
expect_eq "--timeout 0 (searches must end): exit" "$?" 2
finish
