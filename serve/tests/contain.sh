#!/usr/bin/env bash
# contain.sh: a search that crashes or hangs never takes the server down or
# makes it deaf, and SIGTERM always stops it. Searches run in worker
# processes; here they are made to fail as a damaged index makes them fail
# (a stopped worker looks like one looping inside Xapian; SIGSEGV like a
# crash), deterministically, and then real damaged copies of the index
# are served. Only outcomes are checked: the answer each request got, the
# workers replaced, the server alive, its exit status.
. "$(dirname "$0")/lib.sh"
IX=$LASEARCH_SEED_INDEX
if ! command -v python3 >/dev/null; then
  echo "SKIP [$TEST_NAME]: python3 is not installed (it damages the index copies)"
  exit 77
fi

workers() { pgrep -P "$SERVER_PID" | sort; }
# wait_for COMMAND...: until it succeeds (bounded: a broken server fails
# the check that follows instead of hanging the test).
wait_for() {
  local _
  for _ in $(seq 1 200); do "$@" && return 0; sleep 0.1; done
  return 1
}
gone() { ! kill -0 "$1" 2>/dev/null; }
# in_bg NAME PATH: a request in the background; its status in $WORK/NAME.status.
in_bg() {
  curl -s -o "$WORK/$1.body" -w '%{http_code}' --max-time 60 "$BASE$2" >"$WORK/$1.status" &
}
# stop_bounded: SIGTERM, and the server must be gone within 20 s (it
# takes moments) with exit status 0.
stop_bounded() {
  kill -TERM "$SERVER_PID"
  check "SIGTERM stopped the server" wait_for gone "$SERVER_PID"
  kill -KILL "$SERVER_PID" 2>/dev/null
  local status=0
  wait "$SERVER_PID" || status=$?
  expect_eq "exit status after SIGTERM" "$status" 0
  SERVER_PID=''
}

# --- one worker that hangs, then one that crashes mid-search -------------
start_server hang "$IX" --workers 1 --timeout 2
w=$(workers)
expect_eq "one worker process" "$(wc -w <<<"$w")" 1
kill -STOP "$w"
expect_eq "a hung search: 503" "$(http GET '/api/search?q=care')" 503
check "... saying it was stopped" jq -e '.error.message | test("was stopped")' "$WORK/body"
check "the hung worker was killed" wait_for gone "$w"
check "and replaced" test -n "$(workers)"
expect_eq "the next search is answered" "$(http GET '/api/search?q=care')" 200

w=$(workers)
kill -STOP "$w"
in_bg crash '/api/search?q=care'
sleep 1                                  # the request reaches the worker
kill -SEGV "$w"
kill -CONT "$w"
wait $!
expect_eq "a search whose worker crashed: 500" "$(cat "$WORK/crash.status")" 500
check "... saying why" jq -e '.error.message | test("died")' "$WORK/crash.body"
expect_eq "the next search is answered" "$(http GET '/api/search?q=care')" 200
kill -KILL "$(workers)"
expect_eq "a worker that died idle is replaced before use" \
  "$(http GET '/api/search?q=care')" 200
stop_bounded

# --- busy, a client that hangs up, SIGTERM mid-search ---------------------
start_server busy "$IX" --workers 1 --max-queue 1 --timeout 60 --log
w=$(workers)
kill -STOP "$w"
in_bg a '/api/search?q=care'
a=$!
sleep 1                                  # a holds the only worker
in_bg b '/api/search?q=hospital'
b=$!
sleep 1                                  # b waits in the queue of one
expect_eq "a third request while both are held: 503" "$(http GET '/api/search?q=x')" 503
expect_eq "... with Retry-After" "$(header Retry-After)" 2
check "... saying the server is busy" jq -e '.error.message | test("busy")' "$WORK/body"
wait "$b"
expect_eq "the queued request, once its wait is over: 503" "$(cat "$WORK/b.status")" 503
kill "$a"                                # its client hangs up
check "the search of a client that hung up was stopped" \
  wait_for grep -q '^GET /api/search gone$' "$WORK/busy.err"
check "its worker was killed" wait_for gone "$w"
expect_eq "and replaced: the next search is answered" "$(http GET '/api/search?q=care')" 200
w=$(workers)
kill -STOP "$w"
in_bg d '/api/search?q=care'
d=$!
sleep 1
stop_bounded
wait "$d"
check "the search in progress at SIGTERM got 503 or a closed connection ($(cat "$WORK/d.status"))" \
  grep -Eq '^(503|000)$' "$WORK/d.status"
check "no worker is left behind" gone "$w"

# --- damaged copies of the index ------------------------------------------
# flip FILE SEED: flip a bit in 300 bytes of FILE, at places SEED picks.
flip() {
  python3 - "$1" "$2" <<'EOF'
import random, sys
path, seed = sys.argv[1], int(sys.argv[2])
data = bytearray(open(path, "rb").read())
r = random.Random(seed)
for _ in range(300):
    i = r.randrange(len(data))
    data[i] ^= 1 << r.randrange(8)
open(path, "wb").write(data)
EOF
}
queries=(care 'hospital+discharge' 'partner*' safeguarding '%22direct+payments%22'
         'carers+NEAR%2F5+support' 'care&by=authority&facets=authority,score,section'
         'zzqqxx' 'care&sort=score' 'safegarding')
# serve_damaged NAME TABLE: serve a copy whose shards' TABLE is damaged, and
# put every query to it: each must be answered (any status, a JSON body).
serve_damaged() {
  local name=$1 table=$2 copy="$WORK/$1" f q status seed=1
  cp -r "$IX" "$copy"
  for f in "$copy"/gen-*/shard-*/"$table".glass; do
    [ -s "$f" ] && flip "$f" "$seed" && seed=$((seed + 1))
  done
  start_server "$name" "$copy" --workers 2 --timeout 2
  local answered=0
  for q in "${queries[@]}"; do
    status=$(http GET "/api/search?q=$q")
    if [ "$status" != 000 ] && jq -e . "$WORK/body" >/dev/null 2>&1; then
      answered=$((answered + 1))
    else
      fail "$name: /api/search?q=$q got no answer (status $status)"
    fi
  done
  expect_eq "$name: every query answered" "$answered" "${#queries[@]}"
  expect_eq "$name: the page is still served" "$(http GET /)" 200
  expect_eq "$name: status is still answered" "$(http GET /api/status)" 200
}
serve_damaged termlist termlist
# The postings are intact: a query with no match needs nothing else.
expect_eq "termlist: a healthy query is answered" "$(http GET '/api/search?q=zzqqxx')" 200
check "... correctly" jq -e '.total == 0' "$WORK/body"
stop_bounded
serve_damaged postlist postlist
stop_bounded
finish
