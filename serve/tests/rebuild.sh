#!/usr/bin/env bash
# rebuild.sh: the server picks up each new index generation without a
# restart and without a single failed request. Four clients (and wrk, when
# installed) query in loops
# while lasearch-index rebuilds the same index five times (alternating with
# --update when the indexer has it); each build adds a paragraph naming
# "zyzzyva", so the count says which generation answered. Nothing here is
# timed: after each build the test waits (however long the machine takes)
# until a client has been answered from the new generation, so requests
# reach every generation on a busy machine as on an idle one.
. "$(dirname "$0")/lib.sh"
copy_corpus "$WORK/corpus"
IX=$WORK/index

# marker K: the document holding K paragraphs that name zyzzyva.
marker() {
  {
    printf 'Ealing: local authority assessment\n\n## Partnerships and communities\n\nScore: 3\n\n'
    for i in $(seq 1 "$1"); do printf 'Marker paragraph %d: zyzzyva %d.\n\n' "$i" "$i"; done
  } >"$WORK/corpus/documents/950_marker.txt"
}
marker 1
lasearch-index --quiet --corpus "$WORK/corpus" --index "$IX" || exit 1
start_server rebuild "$IX" --threads 4

# client N: requests in a loop until $WORK/stop exists; one line each:
# "STATUS PATH ZYZZYVA-TOTAL" (the total only for the marker query).
client() {
  local n=$1 code total u
  local urls=("/api/search?q=zyzzyva&limit=1"
              "/api/search?q=hospital+discharge&facets=authority,score,section,theme,kind"
              "/api/search?q=care&by=authority&per=2"
              "/api/search?q=safegarding"
              "/")
  while [ ! -e "$WORK/stop" ]; do
    for u in "${urls[@]}"; do
      code=$(curl -s -o "$WORK/body.$n" -w '%{http_code}' "$BASE$u")
      total=-
      [ "$u" = "${urls[0]}" ] && total=$(jq -r .total "$WORK/body.$n" 2>/dev/null)
      echo "$code $u $total"
    done
  done >"$WORK/client.$n"
}
for n in 1 2 3 4; do client "$n" & done
clients=$(jobs -p | grep -v "^$SERVER_PID\$")
# More pressure where wrk is installed: thousands of requests, every
# failure counted.
if command -v wrk >/dev/null; then
  wrk -t2 -c8 -d4s -s "$(dirname "$0")/load.lua" "$BASE/" >"$WORK/wrk.txt" 2>&1 &
  clients="$clients $!"
fi

update=''
lasearch-index --help 2>&1 | grep -q -- '--update' && update=yes
gens=$(jq -r .generation <(curl -s "$BASE/api/status"))
for k in 2 3 4 5 6; do
  sleep 0.3                                  # the clients run on generation k-1
  marker "$k"
  mode=()
  [ -n "$update" ] && [ $((k % 2)) -eq 1 ] && mode=(--update)
  lasearch-index --quiet "${mode[@]}" --corpus "$WORK/corpus" --index "$IX"
  expect_eq "build $k ${mode[*]}: exit status" "$?" 0
  got=$(curl -s "$BASE/api/search?q=zyzzyva&limit=1" | jq .total)
  expect_eq "build $k: the very next request sees it, no restart" "$got" "$k"
  gens="$gens $(jq -r .generation <(curl -s "$BASE/api/status"))"
  # Let the clients' loops reach the new generation before the next build
  # (bounded only so that a broken server fails rather than hangs).
  for _ in $(seq 1 600); do
    grep -q " $k\$" "$WORK"/client.* 2>/dev/null && break
    sleep 0.1
  done
done
sleep 0.3
touch "$WORK/stop"
wait $clients

cat "$WORK"/client.* >"$WORK/all"
requests=$(wc -l <"$WORK/all")
echo "rebuild: $requests requests through 5 builds; generations: $gens"
for k in 1 2 3 4 5 6; do
  check "the clients' requests reached generation $k" grep -q " $k\$" "$WORK/all"
done
if [ -f "$WORK/wrk.txt" ]; then
  grep '^lasearch-serve load:' "$WORK/wrk.txt"
  check "wrk through the rebuilds: zero errors" \
    grep -q 'errors: connect 0, read 0, write 0, timeout 0, status 0$' "$WORK/wrk.txt"
fi
bad=$(grep -vc '^200 ' "$WORK/all")
expect_eq "failed requests" "$bad" 0
[ "$bad" -eq 0 ] || grep -v '^200 ' "$WORK/all" | sort | uniq -c | head >&2
# Whole generations only, and never back to an older one: each client's
# marker counts go 1, 2, ... 6 and never down.
for n in 1 2 3 4; do
  seq=$(awk '$3 != "-" { print $3 }' "$WORK/client.$n" | uniq | tr '\n' ' ')
  check "client $n saw generations in order, whole: $seq" \
    awk '$3 != "-" { if ($3 !~ /^[1-6]$/ || $3 < last) exit 1; last = $3 }' "$WORK/client.$n"
done
check "every build made a new generation: $gens" \
  test "$(tr ' ' '\n' <<<"$gens" | sort -u | wc -l)" -eq 6
fds=$(ls "/proc/$SERVER_PID/fd" | wc -l)
check "old generations' handles are closed ($fds descriptors open)" test "$fds" -lt 200
stop_server
finish
