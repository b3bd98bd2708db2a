#!/usr/bin/env bash
# unread.sh: an update takes a file whose size, inode and modification and
# change times are those the index recorded (and whose manifest row is the
# same) as unchanged without reading it; anything else is read. A rewrite
# that keeps the size and puts the modification time back still changes
# the change time, and is found; so is a changed manifest row of an
# untouched file, and a file changed within two seconds before the last
# run started (no signature was recorded for it). --check reads every file regardless.
. "$(dirname "$0")/common.bash"
command -v jq >/dev/null || { echo "SKIP: jq missing"; exit 77; }

C=$WORK/corpus I=$WORK/index
make_corpus "$C" 3 || fail "cannot make the corpus"
FIRST=documents/$(cd "$C/documents" && ls | sed -n 1p)
SECOND=documents/$(cd "$C/documents" && ls | sed -n 2p)
printf 'file\tauthority\tkind\turl\tpublished\n%s\t\tassessment\t\t\n' "$SECOND" \
  >"$C/manifest.tsv"
N=$(cd "$C" && find documents -type f | wc -l)
# Files changed within two seconds before a run starts get no signature:
# let three pass, so that the build records one for every file.
sleep 3

lasearch-index --quiet --corpus "$C" --index "$I" || fail "the build failed"

# update FIELD...: run an update and print the named fields of its --json.
update() {
  local out
  out=$(lasearch-index --update --json --corpus "$C" --index "$I") ||
    fail "the update failed"
  local f
  for f in "$@"; do printf '%s=%s ' "$f" "$(jq -r ".$f" <<<"$out")"; done
}

got=$(update mode unchanged unread)
[ "$got" = "mode=none unchanged=$N unread=$N " ] ||
  fail "nothing changed, so no file should be read: $got"

# The same size, the same modification time, one byte different: only the
# change time (which no user can set) tells.
cp -p "$C/$FIRST" "$WORK/times"
# (a letter of the first heading: the file starts with a blank line)
byte=$(dd if="$C/$FIRST" bs=1 skip=10 count=1 status=none)
[ "$byte" = X ] && new=Y || new=X
printf '%s' "$new" | dd of="$C/$FIRST" bs=1 seek=10 count=1 conv=notrunc status=none ||
  fail "cannot edit $FIRST"
touch -r "$WORK/times" "$C/$FIRST"
[ "$(stat -c %s.%Y "$C/$FIRST")" = "$(stat -c %s.%Y "$WORK/times")" ] ||
  fail "the test could not keep the size and modification time of $FIRST"
got=$(update mode changed unchanged unread)
[ "$got" = "mode=update changed=1 unchanged=$((N - 1)) unread=$((N - 1)) " ] ||
  fail "an edit keeping size and mtime was not seen: $got"

# A new manifest row for an untouched file changes what its paragraphs are.
printf 'file\tauthority\tkind\turl\tpublished\n%s\t\tself-assessment\t\t\n' "$SECOND" \
  >"$C/manifest.tsv"
got=$(update mode changed)
[ "$got" = "mode=update changed=1 " ] ||
  fail "a changed manifest row was not seen: $got"

# FIRST was edited within two seconds before its update started, or it was
# not: either way this update must not miss it, nor read any other file.
sleep 3
got=$(update mode unread)
case "$got" in
  "mode=none unread=$N " | "mode=none unread=$((N - 1)) ") ;;
  *) fail "after two updates, unexpected: $got" ;;
esac

# --check trusts no signature: it finds an edit however it was made.
printf '%s' "$byte" | dd of="$C/$FIRST" bs=1 seek=10 count=1 conv=notrunc status=none
touch -r "$WORK/times" "$C/$FIRST"
lasearch-index --check --json --corpus "$C" --index "$I" >"$WORK/check.json"
[ $? -eq 1 ] || fail "--check should say the corpus changed: $(cat "$WORK/check.json")"
[ "$(jq -r '.changes | join(",")' "$WORK/check.json")" = "changed: $FIRST" ] ||
  fail "--check saw: $(jq -c .changes "$WORK/check.json")"
note "ok: $N files, unread when unchanged, edits found however made"
