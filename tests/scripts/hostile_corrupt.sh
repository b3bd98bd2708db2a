#!/usr/bin/env bash
# hostile_corrupt.sh: a damaged index is found and not trusted. --check
# verifies the index itself: a generation stub that lists a shard twice or
# lists one that is not there, and a shard whose tables are cut short or
# overwritten, are "NOT consistent" with exit 2 and the shard named; and
# --update on such a live index rebuilds it from the corpus (saying why)
# instead of reporting it up to date.
. "$(dirname "$0")/common.bash"

c=$WORK/corpus
make_corpus "$c" 2 || fail "make_corpus"
good=$WORK/good
lasearch-index --quiet --shards 2 --corpus "$c" --index "$good" || fail "build"
gen=$(live_gen "$good")
[ -n "$gen" ] || fail "no live generation"

# damaged WHAT WANT: a fresh copy of the index in $ix, damaged by the
# commands on stdin; --check must exit 2 naming WANT, --update must
# rebuild (when REBUILD is "rebuild") and leave an index --check passes.
damaged() {
  local what=$1 want=$2 rebuild=$3 rc
  ix=$WORK/ix-$what
  rm -rf "$ix" && cp -a "$good" "$ix" || fail "copy"
  (cd "$ix/$gen" && bash) || fail "$what: damaging failed"
  lasearch-index --check --corpus "$c" --index "$ix" >"$WORK/check" 2>&1
  rc=$?
  [ "$rc" -eq 2 ] || { cat "$WORK/check"; fail "$what: --check exit $rc, expected 2"; }
  grep -q "NOT consistent" "$WORK/check" && grep -qF "$want" "$WORK/check" ||
    { cat "$WORK/check"; fail "$what: --check does not name $want"; }
  [ "$rebuild" = rebuild ] || { note "$what: found by --check"; return; }
  lasearch-index --update --corpus "$c" --index "$ix" >"$WORK/out" 2>"$WORK/err"
  rc=$?
  [ "$rc" -eq 0 ] || { cat "$WORK/err" "$WORK/out"; fail "$what: --update exit $rc"; }
  grep -q "Rebuilt everything: the live index is damaged" "$WORK/out" ||
    { cat "$WORK/out"; fail "$what: --update did not rebuild"; }
  lasearch-index --check --corpus "$c" --index "$ix" >"$WORK/check" 2>&1 ||
    { cat "$WORK/check"; fail "$what: --check after the rebuild"; }
  note "$what: found by --check, rebuilt by --update"
}

# A stub listing a shard twice (every count would be doubled).
damaged twice "its stub lists shard-01 twice" rebuild <<'EOF'
echo 'auto shard-01' >>XAPIANDB
EOF
# A stub listing a shard that is not there.
damaged missing "its stub lists shard-09, which does not exist" rebuild <<'EOF'
echo 'auto shard-09' >>XAPIANDB
EOF
# A shard gone.
damaged gone "shard-00" rebuild <<'EOF'
rm -rf shard-00
EOF
# A postlist cut to half (every query would fail). (The copies of the seed
# reports are all in shard-00.)
damaged truncated "$gen/shard-00 is damaged" rebuild <<'EOF'
f=shard-00/postlist.glass
truncate -s $(( $(stat -c %s "$f") / 2 )) "$f"
EOF
# Blocks of the termlist overwritten (queries could crash): --check reads
# every document.
damaged termlist "$gen/shard-00 is damaged" no <<'EOF'
f=shard-00/termlist.glass
dd if=/dev/zero of="$f" bs=8192 seek=2 count=$(( $(stat -c %s "$f") / 16384 )) conv=notrunc 2>/dev/null
EOF
# The meta database's blocks overwritten.
damaged meta "$gen/meta is damaged" rebuild <<'EOF'
f=meta/postlist.glass
dd if=/dev/zero of="$f" bs=8192 seek=1 count=$(( $(stat -c %s "$f") / 8192 - 1 )) conv=notrunc 2>/dev/null
EOF
exit 0
