#!/usr/bin/env bash
# hostile.sh: slow and greedy clients cannot make the server deaf: 300 slow
# connections (slowloris) from one address leave it answering others; a
# request trickling in past --request-timeout is cut off; a thousand
# parameters get a 400; a port out of range is refused at start. Loopback
# only; nothing is timed: each check is an outcome.
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

# --- greedy requests --------------------------------------------------------
start_server greedy "$IX"
for n in 1000 3000; do
  qs=$(for i in $(seq 1 "$n"); do printf 'x%d=1&' "$i"; done)
  expect_eq "$n parameters: 400" "$(http GET "/api/search?${qs}q=care")" 400
  check "$n parameters: says why" jq -e '.error.message | test("too many parameters")' \
    "$WORK/body"
done
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
