#!/usr/bin/env bash
# remote.sh: shards served by xapian-tcpsrv, listed in a stub file, are
# searched by lasearch-query as one index, with the same answers as the
# local index; a shard server that is down is a clear error naming it.
#
# Two xapian-tcpsrv processes on 127.0.0.1 serve the two shards of an
# index; the stub lists the index's meta database (local) and the two
# remotes, as a query host would (README, "Sharded and remote search").
. "$(dirname "$0")/common.bash"
command -v jq >/dev/null || { echo "SKIP: jq missing"; exit 77; }
command -v xapian-tcpsrv >/dev/null || { echo "SKIP: xapian-tcpsrv (xapian-tools) missing"; exit 77; }

IX=$WORK/index
lasearch-index --quiet --shards 2 --corpus "$SRC/corpus" --index "$IX" || fail "build failed"
G=$IX/gen-000001

# Each server in a session of its own: on SIGTERM xapian-tcpsrv signals its
# whole process group, which would otherwise include this script and ctest.
pids=()
stop() { kill -TERM -- "-$1" 2>/dev/null; wait "$1" 2>/dev/null; }
cleanup() { local p; for p in "${pids[@]}"; do stop "$p"; done; }
trap cleanup EXIT

# start_server SHARD: xapian-tcpsrv on a free port of 127.0.0.1; sets PORT.
start_server() {
  local shard=$1 try port pid
  for try in 1 2 3 4 5 6 7 8; do
    port=$((20000 + RANDOM % 20000))
    setsid xapian-tcpsrv --quiet --interface 127.0.0.1 --port "$port" "$shard" \
      >"$WORK/tcpsrv.$port.log" 2>&1 &
    pid=$!
    # Listening once a connection is accepted; gone if the port was taken.
    for _ in $(seq 50); do
      kill -0 "$pid" 2>/dev/null || break
      if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
        pids+=("$pid")
        PORT=$port
        return 0
      fi
      sleep 0.1
    done
    stop "$pid"
  done
  return 1
}

start_server "$G/shard-00" || fail "cannot start xapian-tcpsrv for shard 0"
P0=$PORT
start_server "$G/shard-01" || fail "cannot start xapian-tcpsrv for shard 1"
P1=$PORT
mkdir "$WORK/remote"
printf 'auto %s/meta\nremote 127.0.0.1:%s\nremote 127.0.0.1:%s\n' "$G" "$P0" "$P1" \
  >"$WORK/remote/XAPIANDB"

Q=$WORK/queries
write_queries "$Q"
printf '%s\n' 'carer*' 'CHC' 'safeguarding NOT adults' >>"$Q"
local_answers() {
  lasearch-query --index "$1" --json --limit 1000 --facets authority,score,section,theme,kind \
    --batch "$Q" | jq -c '(.. | objects | select(has("weight")) | .weight) |= (. * 1e9 | round)'
}
local_answers "$IX" >"$WORK/local" || fail "local queries failed"
local_answers "$WORK/remote" >"$WORK/remote.out" || fail "remote queries failed"
[ "$(wc -l <"$WORK/remote.out")" -eq "$(wc -l <"$Q")" ] || fail "not one answer per query"
cmp -s "$WORK/local" "$WORK/remote.out" ||
  fail "the remote shards answer differently: $(diff "$WORK/local" "$WORK/remote.out" | head -c 800)"
for by in "--by authority" "--sort authority"; do
  # shellcheck disable=SC2086
  diff <(lasearch-query --index "$IX" --json $by care) \
       <(lasearch-query --index "$WORK/remote" --json $by care) >/dev/null ||
    fail "$by differs between local and remote"
done

# lasearch-serve over the same stub answers as the CLI does.
if command -v lasearch-serve >/dev/null && command -v curl >/dev/null; then
  lasearch-serve --index "$WORK/remote" --listen 127.0.0.1:0 >"$WORK/serve.out" 2>&1 &
  serve_pid=$!
  base=
  for _ in $(seq 100); do
    base=$(sed -n 's|^lasearch-serve: serving .* on \(http://[^ ]*\)/$|\1|p' "$WORK/serve.out")
    [ -n "$base" ] && break
    sleep 0.05
  done
  [ -n "$base" ] || fail "lasearch-serve did not start: $(cat "$WORK/serve.out")"
  curl -s "$base/api/search?q=carers&facets=authority" >"$WORK/serve.json"
  kill "$serve_pid" && wait "$serve_pid"
  diff <(jq -S . "$WORK/serve.json") \
       <(lasearch-query --index "$IX" --json --facets authority carers | jq -S .) >/dev/null ||
    fail "lasearch-serve over the remote shards answers unlike the local index"
fi

# A shard server down: exit 2 and a message naming the server.
stop "${pids[1]}"
pids=("${pids[0]}")
lasearch-query --index "$WORK/remote" carers >"$WORK/out" 2>"$WORK/err"
status=$?
[ "$status" -eq 2 ] || fail "exit $status with a shard server down (want 2)"
[ ! -s "$WORK/out" ] || fail "printed results with a shard server down"
grep -q "127.0.0.1:$P1" "$WORK/err" || fail "the error does not name the server: $(cat "$WORK/err")"
note "2 shards on 2 xapian-tcpsrv answer as the local index; a server down: $(head -c 200 "$WORK/err")"
