#!/usr/bin/env bash
# hostile_long_paths.sh: a long path never stops a build. Xapian refuses
# terms over 245 bytes, and every paragraph carries terms made from its
# file's path (its file and its id): a file with a 300-byte path, one with
# a 255-byte name (the most a file system allows) and paths either side of
# the limit are indexed, found, updated and removed like any other, and
# --check finds the index consistent.
. "$(dirname "$0")/common.bash"

c=$WORK/corpus
ix=$WORK/i
mkdir -p "$c/documents" || fail "mkdir"
cp "$SRC/corpus/authorities.tsv" "$c/" || fail "cp"
cp "$SRC/corpus/documents/001_80e5e828aad1d6a4.txt" "$c/documents/short.txt"

rep() { printf "%${2}s" '' | tr ' ' "$1"; }
# put REL WORD: the seed report at corpus/REL with a word of its own.
put() {
  mkdir -p "$(dirname "$c/$1")" || fail "mkdir for $1"
  { cat "$SRC/corpus/documents/004_81b31790960f70a1.txt"
    printf '\nThe word %s is only in this file.\n' "$2"; } >"$c/$1" || fail "write $1"
}
# A 300-byte path (relative to the corpus, as indexed).
long300="documents/$(rep d 100)/$(rep e 100)/$(rep f 84).txt"
# A 255-byte file name.
name255="documents/$(rep n 251).txt"
# Around the limit: the file term is "XFILE" + path (5 + 240 = 245 fits,
# 5 + 241 does not); multi-byte characters are cut whole.
fits="documents/$(rep g 226).txt"
over="documents/$(rep h 227).txt"
accents="documents/$(printf 'é%.0s' $(seq 1 120)).txt"
[ ${#long300} -eq 300 ] && [ ${#fits} -eq 240 ] && [ ${#over} -eq 241 ] ||
  fail "test paths have the wrong lengths"
put "$long300" zebralong
put "$name255" zebraname
put "$fits" zebrafits
put "$over" zebraover
put "$accents" zebraaccent

lasearch-index --corpus "$c" --index "$ix" >"$WORK/out" 2>"$WORK/err"
rc=$?
[ "$rc" -eq 0 ] || { cat "$WORK/err"; fail "build exit $rc, expected 0"; }
for w in zebralong zebraname zebrafits zebraover zebraaccent; do
  lasearch-query --index "$ix" --json "$w" | jq -e '.total == 1' >/dev/null ||
    fail "$w: not found"
done
lasearch-query --index "$ix" --json zebralong | jq -e --arg p "$long300" \
  '.hits[0].file == $p' >/dev/null || fail "the long path is not cited whole"
lasearch-index --check --corpus "$c" --index "$ix" >"$WORK/check" 2>&1 ||
  { cat "$WORK/check"; fail "--check after the build"; }
# The fields that name a file or a paragraph find them whatever their length
# (the query side makes the same shortened terms as the indexer).
for p in "$long300" "$over" "$fits" "$accents"; do
  lasearch-query --index "$ix" --json "file:\"$p\" zebra*" | jq -e --arg p "$p" \
    '.total == 1 and .hits[0].file == $p' >/dev/null || fail "file: does not find $p"
  id=$(lasearch-query --index "$ix" --json "file:\"$p\" zebra*" | jq -r '.hits[0].id')
  lasearch-query --index "$ix" --json "id:\"$id\"" | jq -e --arg i "$id" \
    '.total == 1 and .hits[0].id == $i' >/dev/null || fail "id: does not find $id"
done
note "long paths and names indexed and found, by words, file: and id:"

# Updates find each file's paragraphs by the same terms: change one,
# delete another, and the index is as a rebuild would make it.
printf '\nAnd zebraedit too.\n' >>"$c/$long300"
rm -f "$c/$name255" "$c/$over"
lasearch-index --update --corpus "$c" --index "$ix" >"$WORK/out" 2>"$WORK/err" ||
  { cat "$WORK/err"; fail "update"; }
grep -q '1 changed, 2 removed' "$WORK/out" || { cat "$WORK/out"; fail "update summary"; }
for w in zebraname zebraover; do
  lasearch-query --index "$ix" --json "$w" | jq -e '.total == 0' >/dev/null ||
    fail "$w: a deleted file's paragraphs are still there"
done
lasearch-query --index "$ix" --json zebraedit | jq -e --arg p "$long300" \
  '.total == 1 and .hits[0].file == $p' >/dev/null ||
  fail "the changed long-path file was not re-indexed"
lasearch-index --check --corpus "$c" --index "$ix" >"$WORK/check" 2>&1 ||
  { cat "$WORK/check"; fail "--check after the update"; }
n=$(lasearch-query --index "$ix" --json --limit 1 'zebralong' | jq '.total')
[ "$n" = 1 ] || fail "the changed file's paragraphs were doubled"
note "long paths updated and removed"

# A path longer than the system can open (PATH_MAX, 4096) is skipped with a
# message naming it; the build goes on.
d=$WORK/deep
mkdir -p "$d/documents" && cp "$SRC/corpus/authorities.tsv" "$d/" || fail "mkdir"
put2() { cp "$SRC/corpus/documents/001_80e5e828aad1d6a4.txt" "$1"; }
put2 "$d/documents/ok.txt"
rel=documents
(cd "$d/documents" && for _ in $(seq 1 18); do mkdir "$(rep x 240)" && cd "$(rep x 240)" || exit 1; done &&
  cp "$SRC/corpus/documents/004_81b31790960f70a1.txt" deep.txt) || fail "deep tree"
for _ in $(seq 1 18); do rel="$rel/$(rep x 240)"; done
lasearch-index --corpus "$d" --index "$WORK/deep-i" >"$WORK/out" 2>"$WORK/err"
rc=$?
[ "$rc" -eq 1 ] || { cat "$WORK/err"; fail "over PATH_MAX: exit $rc, expected 1"; }
grep -qF "$rel/deep.txt: skipped: cannot read: path too long" "$WORK/err" ||
  fail "no message naming the file whose path is too long"
grep -q "Indexed 1 document" "$WORK/out" || fail "the other file was not indexed"
note "a path over PATH_MAX is skipped, named"
exit 0
