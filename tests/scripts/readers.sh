#!/usr/bin/env bash
# readers.sh: queries running through ten rebuilds and updates see zero
# errors and only whole generations.
#
# The corpus goes through states 1..11: ten runs, full rebuilds and updates
# in turn.
# In state k a stamp file holds k paragraphs, each "stampword ... genk", and
# one report copy is added or removed, so every run changes the index. A
# whole generation answers "stampword" with total k and every hit saying
# genk; anything else (a missing index, an error, a mix) fails.
#
# Readers: two loops of fresh lasearch-query processes (each opens the
# index anew), and one long-lived `lasearch-query --batch` fed a query every
# 50 ms through a pipe. The long-lived one must also follow the index to
# the newest generation (it reopens through the stub: search_index.c), so
# its answers must reach state 11.
. "$(dirname "$0")/common.bash"
command -v jq >/dev/null || { echo "SKIP: jq missing"; exit 77; }

C=$WORK/corpus IX=$WORK/index STOP=$WORK/stop
make_corpus "$C" 3 || fail "cannot make the corpus"

stamp() {
  local k=$1 i
  { echo "Stamp"; echo
    for ((i = 1; i <= k; i++)); do printf 'The stampword paragraph %d of gen%d.\n\n' "$i" "$k"; done
  } >"$C/documents/stamp.txt"
  if [ $((k % 2)) -eq 0 ]; then
    cp "$SRC/corpus/documents/002_e25c44a579d8a69c.txt" "$C/documents/extra.txt"
  else
    rm -f "$C/documents/extra.txt"
  fi
}

# Is this answer (one JSON object) a whole generation's?
whole='(.total as $t | $t >= 1 and $t <= 11 and (.hits | length) == $t and
        all(.hits[]; .text | test("\\bgen\($t)\\b")))'

stamp 1
lasearch-index --quiet --corpus "$C" --index "$IX" >/dev/null || fail "first build failed"

reader() {   # reader N: fresh processes until told to stop
  local n=0 bad=0 rc
  while [ ! -e "$STOP" ]; do
    lasearch-query --index "$IX" --json --limit 20 stampword >"$WORK/r$1.out" 2>"$WORK/r$1.err"
    rc=$?
    n=$((n + 1))
    if [ $rc -ne 0 ] || [ -s "$WORK/r$1.err" ] || ! jq -e "$whole" "$WORK/r$1.out" >/dev/null; then
      bad=$((bad + 1)); cp "$WORK/r$1.out" "$WORK/r$1.bad"; cp "$WORK/r$1.err" "$WORK/r$1.bad.err"
    fi
  done
  echo "$n $bad" >"$WORK/r$1.result"
}
feeder() {
  while [ ! -e "$STOP" ]; do echo stampword; sleep 0.05; done
}

reader 1 & r1=$!
reader 2 & r2=$!
feeder | lasearch-query --index "$IX" --limit 20 --batch - >"$WORK/batch.out" 2>"$WORK/batch.err" &
batch=$!

for k in $(seq 2 11); do
  sleep 0.2
  stamp "$k"
  if [ $((k % 2)) -eq 0 ]; then mode=(--update); else mode=(); fi
  lasearch-index "${mode[@]}" --quiet --corpus "$C" --index "$IX" >/dev/null 2>"$WORK/writer.err" ||
    { touch "$STOP"; fail "run to state $k failed: $(cat "$WORK/writer.err")"; }
done
# And one more update with nothing to do: still no error for anyone.
lasearch-index --update --quiet --corpus "$C" --index "$IX" >/dev/null || { touch "$STOP"; fail "last update failed"; }
sleep 0.5
touch "$STOP"
wait "$r1" "$r2"
wait "$batch"
batch_rc=$?

for r in 1 2; do
  read -r n bad <"$WORK/r$r.result"
  [ "$bad" -eq 0 ] || fail "reader $r: $bad of $n answers wrong: $(head -c 400 "$WORK/r$r.bad") $(head -c 400 "$WORK/r$r.bad.err")"
  [ "$n" -ge 10 ] || fail "reader $r ran only $n queries"
  note "reader $r: $n queries, all whole"
done
[ "$batch_rc" -eq 0 ] || fail "the batch reader exited $batch_rc: $(head -c 400 "$WORK/batch.err")"
[ ! -s "$WORK/batch.err" ] || fail "the batch reader said: $(head -c 400 "$WORK/batch.err")"
lines=$(wc -l <"$WORK/batch.out")
whole_lines=$(jq -c "$whole" "$WORK/batch.out" | grep -c true)
[ "$lines" -ge 10 ] && [ "$whole_lines" -eq "$lines" ] ||
  fail "the batch reader: $whole_lines of $lines answers whole"
states=$(jq -r .total "$WORK/batch.out" | uniq | tr '\n' ' ')
last=$(jq -r .total "$WORK/batch.out" | tail -1)
[ "$last" -eq 11 ] || fail "the batch reader never reached the last generation: states $states"
note "batch reader: $lines answers, all whole, through states $states"
trap - EXIT
