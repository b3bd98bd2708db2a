#!/usr/bin/env bash
# hostile_lock.sh: the writers' lock cannot be turned against the system or
# bypassed. A symlink planted as INDEX/.lock is an error naming it, and its
# target is never written; a hard link planted there is never written
# either; deleting .lock while a writer holds it does not let a second
# writer in.
. "$(dirname "$0")/common.bash"

c=$WORK/corpus
make_corpus "$c" 4 || fail "make_corpus"
ix=$WORK/i
lasearch-index --quiet --corpus "$c" --index "$ix" || fail "first build"
before=$(cat "$ix/XAPIANDB")

# A symlink to a file someone cares about.
printf 'precious\n' >"$WORK/victim"
rm -f "$ix/.lock" && ln -s "$WORK/victim" "$ix/.lock"
lasearch-index --corpus "$c" --index "$ix" >"$WORK/out" 2>"$WORK/err"
rc=$?
[ "$rc" -eq 2 ] || { cat "$WORK/err"; fail "symlinked lock: exit $rc, expected 2"; }
grep -qF "$ix/.lock" "$WORK/err" && grep -q symlink "$WORK/err" ||
  { cat "$WORK/err"; fail "the message does not name the symlinked lock"; }
[ "$(cat "$WORK/victim")" = precious ] || fail "the symlink's target was written"
[ "$(cat "$ix/XAPIANDB")" = "$before" ] || fail "the index changed"
note "a symlinked .lock is refused and its target untouched"

# A hard link to it: the build runs, the file keeps its contents.
rm -f "$ix/.lock" && ln "$WORK/victim" "$ix/.lock"
lasearch-index --quiet --corpus "$c" --index "$ix" || fail "hard-linked lock: build failed"
[ "$(cat "$WORK/victim")" = precious ] || fail "the hard link's file was written"
rm -f "$ix/.lock"
note "a hard-linked .lock is never written"

# Delete .lock while a writer holds it: a second writer must still be
# refused. The first is stopped (SIGSTOP) while it holds the lock, so the
# test does not depend on how long a build takes.
make_corpus "$WORK/big" 10 || fail "make_corpus"
for attempt in 1 2 3; do
  lasearch-index --quiet --corpus "$WORK/big" --index "$ix" 2>"$WORK/err1" &
  first=$!
  held=0
  for _ in $(seq 1 500); do
    if [ -s "$ix/.lock" ] && [ "$(head -1 "$ix/.lock" 2>/dev/null)" = "$first" ]; then
      kill -STOP "$first" 2>/dev/null && held=1
      break
    fi
    kill -0 "$first" 2>/dev/null || break
    sleep 0.01
  done
  if [ "$held" -eq 1 ]; then
    rm -f "$ix/.lock"
    lasearch-index --corpus "$c" --index "$ix" >"$WORK/out2" 2>"$WORK/err2"
    rc=$?
    kill -CONT "$first"
    wait "$first"
    first_rc=$?
    [ "$rc" -eq 75 ] || { cat "$WORK/err2"; fail "second writer got in after .lock was deleted (exit $rc)"; }
    grep -q "another lasearch-index" "$WORK/err2" || fail "no 'another lasearch-index' message"
    [ "$first_rc" -le 1 ] || { cat "$WORK/err1"; fail "the first writer failed ($first_rc)"; }
    note "deleting .lock does not let a second writer in"
    exit 0
  fi
  wait "$first"
done
echo "SKIP [$NAME]: never caught the first writer holding the lock"
exit 77
