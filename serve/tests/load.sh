#!/usr/bin/env bash
# load.sh: a bounded load run on loopback with wrk (default 5 s, 2 threads,
# 16 connections), printing requests/s and latency percentiles. A benchmark,
# not a speed test: it fails only on errors (any failed connection, read,
# timeout or non-2xx answer). LOAD_DURATION, LOAD_THREADS, LOAD_CONNECTIONS
# and LOAD_INDEX change the run.
. "$(dirname "$0")/lib.sh"
if ! command -v wrk >/dev/null; then
  echo "SKIP [$TEST_NAME]: wrk is not installed (apt-get install wrk)"
  exit 77
fi
duration=${LOAD_DURATION:-5} threads=${LOAD_THREADS:-2} connections=${LOAD_CONNECTIONS:-16}
start_server load "${LOAD_INDEX:-$LASEARCH_SEED_INDEX}"
echo "wrk -t$threads -c$connections -d${duration}s --latency -s serve/tests/load.lua $BASE/"
wrk -t"$threads" -c"$connections" -d"${duration}s" --latency \
  -s "$(dirname "$0")/load.lua" "$BASE/" >"$WORK/wrk.txt" 2>&1
expect_eq "wrk exit status" "$?" 0
cat "$WORK/wrk.txt"
check "a summary line" grep -q '^lasearch-serve load: [1-9]' "$WORK/wrk.txt"
check "zero errors" grep -q 'errors: connect 0, read 0, write 0, timeout 0, status 0$' "$WORK/wrk.txt"
stop_server
finish
