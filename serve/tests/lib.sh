# lib.sh: what the lasearch-serve tests share (sourced, not run).
#
# Environment (set by serve/tests/CMakeLists.txt):
#   LASEARCH_BIN        the build directory (lasearch-serve, -index, -query)
#   LASEARCH_SRC        the source tree
#   LASEARCH_SEED_INDEX the seed corpus's index (built by the cases' fixture)
#   SERVE_WORK          a scratch directory for this test (made fresh)
set -u
export LC_ALL=C.UTF-8 NO_COLOR=1
export PATH="$LASEARCH_BIN:$PATH"
TEST_NAME=${TEST_NAME:-$(basename "$0" .sh)}
WORK="$SERVE_WORK/$TEST_NAME"
rm -rf "$WORK" && mkdir -p "$WORK"

failures=0 passed=0
fail() { echo "FAIL [$TEST_NAME]: $*" >&2; failures=$((failures + 1)); }
pass() { passed=$((passed + 1)); }
# check DESCRIPTION COMMAND...: COMMAND must succeed.
check() {
  local what=$1; shift
  if "$@" >/dev/null 2>&1; then pass; else fail "$what"; fi
}
# expect_eq DESCRIPTION GOT WANT
expect_eq() {
  if [ "$2" = "$3" ]; then pass; else fail "$1: got '$2', want '$3'"; fi
}
finish() {
  echo "$TEST_NAME: $passed passed, $failures failed"
  [ "$failures" -eq 0 ]
}

SERVER_PID='' BASE=''
# start_server NAME INDEX [OPTIONS...]: start lasearch-serve on a free
# loopback port (it prints the address it bound) and set BASE and
# SERVER_PID. Its output goes to $WORK/NAME.out and .err.
start_server() {
  local name=$1 index=$2; shift 2
  lasearch-serve --index "$index" --listen 127.0.0.1:0 "$@" \
    >"$WORK/$name.out" 2>"$WORK/$name.err" &
  SERVER_PID=$!
  local i
  for i in $(seq 1 200); do
    BASE=$(sed -n 's|^lasearch-serve: serving .* on \(http://[^ ]*\)/$|\1|p' "$WORK/$name.out")
    [ -n "$BASE" ] && return 0
    kill -0 "$SERVER_PID" 2>/dev/null || break
    sleep 0.05
  done
  echo "ERROR [$TEST_NAME]: lasearch-serve did not start:" >&2
  cat "$WORK/$name.err" >&2
  exit 1
}

# stop_server: SIGTERM, and the server must exit 0 (under ASan that also
# means no leak).
stop_server() {
  [ -n "$SERVER_PID" ] || return 0
  kill -TERM "$SERVER_PID"
  local status=0
  wait "$SERVER_PID" || status=$?
  expect_eq "lasearch-serve exit status after SIGTERM" "$status" 0
  SERVER_PID=''
}
trap '[ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null' EXIT

# http METHOD PATH [curl options...]: print the status code; the body is in
# $WORK/body and the headers in $WORK/headers.
http() {
  local method=$1 path=$2; shift 2
  curl -s --path-as-is -X "$method" -o "$WORK/body" -D "$WORK/headers" \
    -w '%{http_code}' "$@" "$BASE$path"
}
# header NAME: a header's value from the last http call.
header() {
  grep -i "^$1:" "$WORK/headers" | head -1 | cut -d' ' -f2- | tr -d '\r'
}

# A copy of the seed corpus that a test may change.
copy_corpus() {
  mkdir -p "$1"
  cp -r "$LASEARCH_SRC/corpus/." "$1/"
}
