#!/usr/bin/env bash
# crash.sh: kill -9 the indexer at random moments of full rebuilds and of
# updates. After every kill the live index must open, pass xapian-check, and
# answer a fixed set of queries exactly as the generation it names should:
# as before the run if the run had not published yet, as the new corpus if
# it had. Then an uninterrupted update must complete, answer as the new
# corpus, and leave no debris: only the stub, the lock, the live generation
# and one previous one.
#
# The corpus alternates between two states A and B (some files changed, one
# deleted, one added), so every run has real work. Kill delays are drawn
# between 0 and 110% of an uninterrupted run of the same kind, measured
# first, so the kills land throughout the run (reading, indexing, Xapian's
# commits, checking, publishing, pruning) on any machine and build.
#
# LASEARCH_SEED=N replays the delays; LASEARCH_KILLS sets how many (half
# during full rebuilds, half during updates). On a machine so loaded that
# they would take more than LASEARCH_BUDGET seconds (default 40), it stops
# there, if at least 10 were done, and says so.
. "$(dirname "$0")/common.bash"
command -v xapian-check >/dev/null || { echo "SKIP: xapian-check (xapian-tools) missing"; exit 77; }
command -v jq >/dev/null || { echo "SKIP: jq missing"; exit 77; }

SEED=${LASEARCH_SEED:-4242}
KILLS=${LASEARCH_KILLS:-30}
BUDGET=${LASEARCH_BUDGET:-40}
RANDOM=$SEED
trap 'echo "[$NAME] seed $SEED (replay: LASEARCH_SEED=$SEED)" >&2' EXIT

A=$WORK/A B=$WORK/B IX=$WORK/index Q=$WORK/queries
make_corpus "$A" 3 || fail "cannot make the corpus"
cp -a "$A" "$B"
for f in "$B"/documents/00[0-2]*_c[1-3].txt; do
  printf '\nA new finding on hospital discharge and carers, added for state B.\n' >>"$f"
done
rm "$B"/documents/004_*_c3.txt
cp "$SRC/corpus/documents/001_80e5e828aad1d6a4.txt" "$B/documents/extra.txt"
write_queries "$Q"

# Reference answers of each state, from indexes built undisturbed.
for s in A B; do
  lasearch-index --quiet --corpus "$WORK/$s" --index "$WORK/ref$s" >/dev/null ||
    fail "cannot build state $s"
  answers "$WORK/ref$s" "$Q" >"$WORK/ans$s" || fail "queries failed on state $s"
done
cmp -s "$WORK/ansA" "$WORK/ansB" && fail "states A and B answer alike: the test is blind"

# How long uninterrupted runs take here (ms).
t0=$(now_ms); lasearch-index --quiet --corpus "$B" --index "$WORK/timing" >/dev/null
t1=$(now_ms); lasearch-index --update --quiet --corpus "$A" --index "$WORK/timing" >/dev/null
t2=$(now_ms)
full_ms=$((t1 - t0 + 1)) update_ms=$((t2 - t1 + 1))
note "an uninterrupted full build takes ${full_ms} ms, an update ${update_ms} ms"

lasearch-index --quiet --corpus "$A" --index "$IX" >/dev/null || fail "first build failed"
state=A published=0 started=$SECONDS
for ((i = 1; i <= KILLS; i++)); do
  if [ "$i" -gt 10 ] && [ $((SECONDS - started)) -ge "$BUDGET" ]; then
    note "stopping after $((i - 1)) kills: the ${BUDGET} s budget is spent"
    KILLS=$((i - 1))
    break
  fi
  target=$([ $state = A ] && echo B || echo A)
  if [ $((i % 2)) -eq 1 ]; then mode=(); span=$full_ms; else mode=(--update); span=$update_ms; fi
  delay=$((RANDOM * 32768 + RANDOM))
  delay=$((delay % (span * 11 / 10 + 1)))
  before=$(live_gen "$IX")
  lasearch-index "${mode[@]}" --quiet --corpus "$WORK/$target" --index "$IX" \
    >/dev/null 2>"$WORK/killed.err" &
  pid=$!
  sleep "$(printf '%d.%03d' $((delay / 1000)) $((delay % 1000)))"
  kill -9 "$pid" 2>/dev/null
  wait "$pid"
  status=$?
  what="kill $i (${mode[*]:-full} $state->$target after ${delay} ms, exit $status)"

  live=$(live_gen "$IX")
  [ -n "$live" ] || fail "$what: no live generation"
  for db in "$IX/$live"/meta "$IX/$live"/shard-*; do
    xapian-check "$db" >"$WORK/check.log" 2>&1 ||
      fail "$what: xapian-check $db: $(tail -5 "$WORK/check.log")"
  done
  answers "$IX" "$Q" >"$WORK/now" || fail "$what: queries failed"
  if [ "$live" = "$before" ]; then want=$state; else want=$target; published=$((published + 1)); fi
  cmp -s "$WORK/now" "$WORK/ans$want" ||
    fail "$what: $live does not answer as state $want: $(diff "$WORK/now" "$WORK/ans$want" | head -c 600)"

  # The next run completes, and cleans up after the killed one.
  lasearch-index --update --quiet --corpus "$WORK/$target" --index "$IX" >/dev/null 2>"$WORK/next.err" ||
    fail "$what: the next run failed: $(cat "$WORK/next.err")"
  answers "$IX" "$Q" >"$WORK/now" || fail "$what: queries after the next run failed"
  cmp -s "$WORK/now" "$WORK/ans$target" || fail "$what: the next run does not answer as $target"
  no_debris "$IX" >"$WORK/debris.log" || fail "$what: debris after the next run: $(cat "$WORK/debris.log")"
  lasearch-index --check --quiet --corpus "$WORK/$target" --index "$IX" ||
    fail "$what: --check after the next run failed"
  state=$target
done
trap - EXIT
note "$KILLS kills ($published after the publish): the live index was whole every time"
