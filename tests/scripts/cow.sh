#!/usr/bin/env bash
# cow.sh: a small update writes the shards it changes copy-on-write, into
# table files it shares (hard links) with the live generation, committing
# once. The generation it replaces must stay whole for readers still on it:
# it answers after the update exactly as before. The updated index answers
# as a full rebuild does. After a second update the first generation is
# gone, and the second (now the one replaced) is still whole. An update of
# more files than it would hold in memory copies the shards instead.
. "$(dirname "$0")/common.bash"
command -v jq >/dev/null || { echo "SKIP: jq missing"; exit 77; }

C=$WORK/corpus I=$WORK/index R=$WORK/rebuilt Q=$WORK/queries
make_corpus "$C" 14 || fail "cannot make the corpus"
write_queries "$Q"

lasearch-index --quiet --shards 2 --corpus "$C" --index "$I" || fail "the build failed"

# edit_some N [EVERY]: append a paragraph to every EVERYth file (7th),
# from the Nth.
edit_some() {
  local i=0 f
  while read -r f; do
    if [ $((i % ${2:-7})) -eq "$1" ]; then
      printf '\nEdited in round %d: hospital discharge and carers, section 75.\n' "$1" >>"$C/$f"
    fi
    i=$((i + 1))
  done < <(cd "$C" && find documents -type f | sort)
}

# update_cow: run an update; it must have written some shard copy-on-write.
update_cow() {
  lasearch-index --update --verbose --corpus "$C" --index "$I" >"$WORK/update.out" 2>&1 ||
    fail "the update failed: $(tail -3 "$WORK/update.out")"
  grep -q 'copy-on-write' "$WORK/update.out" ||
    fail "the update copied its shards instead: $(grep -v '^\[' "$WORK/update.out" | head -5)"
}

# same_as_rebuild: the live index answers as a full build of the corpus.
same_as_rebuild() {
  rm -rf "$R"
  lasearch-index --quiet --shards 2 --corpus "$C" --index "$R" || fail "the rebuild failed"
  answers "$I" "$Q" >"$WORK/updated.json" || fail "cannot query the updated index"
  answers "$R" "$Q" >"$WORK/rebuilt.json" || fail "cannot query the rebuild"
  cmp -s "$WORK/updated.json" "$WORK/rebuilt.json" ||
    fail "$1: the updated index answers differently from a rebuild"
}

g1=$(live_gen "$I")
answers "$I/$g1" "$Q" >"$WORK/g1.before" || fail "cannot query $g1"

edit_some 1
update_cow
g2=$(live_gen "$I")
[ "$g2" != "$g1" ] || fail "the update made no new generation"
shared=$(find "$I/$g2" -name 'postlist.glass' -links +1 | wc -l)
[ "$shared" -ge 1 ] || fail "no shard of $g2 shares its files with $g1"
answers "$I/$g1" "$Q" >"$WORK/g1.after" || fail "cannot query $g1 after the update"
cmp -s "$WORK/g1.before" "$WORK/g1.after" || fail "$g1 changed under its readers"
same_as_rebuild "first update"

answers "$I/$g2" "$Q" >"$WORK/g2.before" || fail "cannot query $g2"
edit_some 4
update_cow
g3=$(live_gen "$I")
[ ! -e "$I/$g1" ] || fail "$g1 was kept after two updates"
answers "$I/$g2" "$Q" >"$WORK/g2.after" || fail "cannot query $g2 after the update"
cmp -s "$WORK/g2.before" "$WORK/g2.after" || fail "$g2 changed under its readers"
same_as_rebuild "second update"
lasearch-index --check --corpus "$C" --index "$I" >/dev/null || fail "--check fails on $g3"
no_debris "$I" || fail "debris left"

# Every file (70, more than the 64 plus a fiftieth an update holds in
# memory): the shards are copied, and the result is still a rebuild's.
edit_some 0 1
lasearch-index --update --verbose --corpus "$C" --index "$I" >"$WORK/update.out" 2>&1 ||
  fail "the large update failed: $(tail -3 "$WORK/update.out")"
grep -q 'copying shard' "$WORK/update.out" && ! grep -q 'copy-on-write' "$WORK/update.out" ||
  fail "the large update did not copy its shards: $(grep -v '^\[' "$WORK/update.out" | head -5)"
same_as_rebuild "large update"
note "ok: $g1 and $g2 stayed whole while $g2 and $g3 were written over shared files"
