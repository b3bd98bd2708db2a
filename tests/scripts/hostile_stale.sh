#!/usr/bin/env bash
# hostile_stale.sh: nothing indexed is lost to a file turning bad. A file
# that becomes undecodable, empty, too large or not a file keeps its last
# indexed paragraphs through --update, marked stale: the run says "kept as
# last indexed" and exits 1, --check lists it and exits 1, run after run,
# until the file is fixed (indexed again) or deleted (removed). A full
# build from nothing just skips such a file. Windows-1252 text is read as
# such, with a warning.
. "$(dirname "$0")/common.bash"

c=$WORK/corpus
ix=$WORK/i
mkdir -p "$c/documents" || fail "mkdir"
cp "$SRC/corpus/authorities.tsv" "$c/" || fail "cp"
for f in "$SRC"/corpus/documents/*.txt; do cp "$f" "$c/documents/"; done
doc=$c/documents/001_80e5e828aad1d6a4.txt
rel=documents/001_80e5e828aad1d6a4.txt
printf '\nZebrafox is a word only this report has.\n' >>"$doc"
cp "$doc" "$WORK/good.txt"
# A size limit every file fits under, so that growing one can pass it.
limit=$(( $(stat -c %s "$c"/documents/* | sort -n | tail -1) + 4096 ))
build() { lasearch-index --max-file-size "$limit" --corpus "$c" --index "$ix" "$@"; }
build --quiet || fail "first build"
paras=$(lasearch-query --index "$ix" --json --limit 1 'file:001_80e5e828aad1d6a4.txt' | jq .total)
[ "$paras" -gt 10 ] || fail "only $paras paragraphs of the report"

found() { lasearch-query --index "$ix" --json zebrafox | jq -e '.total == 1' >/dev/null; }
count() { lasearch-query --index "$ix" --json --limit 1 'file:001_80e5e828aad1d6a4.txt' | jq .total; }

# expect_kept WHY: an update keeps the report's paragraphs and says why,
# twice over (the second update finds nothing changed and says it again),
# and --check lists it.
expect_kept() {
  local why=$1 round rc
  for round in 1 2; do
    build --update >"$WORK/out" 2>"$WORK/err"
    rc=$?
    [ "$rc" -eq 1 ] || { cat "$WORK/err" "$WORK/out"; fail "$why: update $round exit $rc, expected 1"; }
    grep -qF "$rel: kept as last indexed: $why" "$WORK/err" ||
      { cat "$WORK/err"; fail "$why: update $round did not say the file was kept"; }
    found || fail "$why: update $round lost the report's paragraphs"
    [ "$(count)" = "$paras" ] || fail "$why: $(count) paragraphs left of $paras"
  done
  lasearch-index --max-file-size "$limit" --check --corpus "$c" --index "$ix" >"$WORK/check" 2>&1
  rc=$?
  [ "$rc" -eq 1 ] || { cat "$WORK/check"; fail "$why: --check exit $rc, expected 1"; }
  grep -qF "stale: $rel: kept as last indexed: $why" "$WORK/check" ||
    { cat "$WORK/check"; fail "$why: --check does not list the kept file"; }
  note "kept through updates and reported: $why"
}

fix() {
  rm -f "$doc" && cp "$WORK/good.txt" "$doc"
  build --update >"$WORK/out" 2>"$WORK/err" || { cat "$WORK/err"; fail "update after the fix failed"; }
  grep -q "kept as last indexed" "$WORK/err" && fail "still kept after the fix"
  found || fail "the fixed report is not found"
}

# A byte no encoding lasearch reads (0x81 is undefined in Windows-1252).
printf 'A stray byte: \x81\n' >>"$doc"
expect_kept "not valid UTF-8 at line"
fix
# Emptied.
: >"$doc"
expect_kept "empty file"
fix
# Grown past the size limit.
head -c "$((limit + 10))" /dev/zero | tr '\0' 'x' >>"$doc"
expect_kept "file is"
fix
# Replaced by something that is not a file.
rm -f "$doc" && mkfifo "$doc"
expect_kept "not a regular file (a FIFO)"
fix

# Unreadable, and in a directory that cannot be read (as root, permissions
# keep nobody out: skipped).
if [ "$(id -u)" -ne 0 ]; then
  chmod 000 "$doc"
  expect_kept "cannot read: permission denied"
  chmod 644 "$doc"
  fix
  mkdir -p "$c/documents/sub" && cp "$WORK/good.txt" "$c/documents/sub/inner.txt"
  printf '\nZebrafox lives here too.\n' >>"$c/documents/sub/inner.txt"
  build --update >/dev/null 2>&1
  chmod 000 "$c/documents/sub"
  build --update >"$WORK/out" 2>"$WORK/err"
  grep -qF "documents/sub/inner.txt: kept as last indexed: its directory documents/sub" \
    "$WORK/err" || { cat "$WORK/err"; fail "a file in an unreadable directory was not kept"; }
  chmod 755 "$c/documents/sub" && rm -rf "$c/documents/sub"
  build --update >/dev/null 2>&1
  note "kept through updates: unreadable file, unreadable directory"
fi

# Deleted while stale: its paragraphs go.
printf '\x81' >>"$doc"
build --update >/dev/null 2>&1
rm -f "$doc"
build --update >"$WORK/out" 2>"$WORK/err" || { cat "$WORK/err"; fail "update after deleting"; }
found && fail "a deleted file's paragraphs are still there"
lasearch-index --max-file-size "$limit" --check --corpus "$c" --index "$ix" >/dev/null ||
  fail "--check after the delete"
note "a stale file that is deleted is removed"

# A full build from nothing skips a bad file, as ever.
cp "$WORK/good.txt" "$doc" && printf '\x81' >>"$doc"
rm -rf "$ix"
build >"$WORK/out" 2>"$WORK/err"
rc=$?
[ "$rc" -eq 1 ] || fail "full build exit $rc"
grep -qF "$rel: skipped: not valid UTF-8" "$WORK/err" || { cat "$WORK/err"; fail "no skip"; }
found && fail "a full build indexed a file that is not text"

# Windows-1252 text is read as such, with a warning naming where.
printf 'Partnerships and communities\n\nThe caf\xe9 \x93Zebrafox\x94 plan is the authority\x92s.\n' >"$doc"
build --update >"$WORK/out" 2>"$WORK/err"
rc=$?
[ "$rc" -le 1 ] || { cat "$WORK/err"; fail "update with a Windows-1252 file: exit $rc"; }
grep -qF "$rel: read as Windows-1252: not valid UTF-8 from line 3, column 8" "$WORK/err" ||
  { cat "$WORK/err"; fail "no Windows-1252 warning"; }
lasearch-query --index "$ix" --json 'café zebrafox' | jq -e '.total == 1' >/dev/null ||
  fail "the Windows-1252 text is not found as UTF-8"
note "Windows-1252 text read as such, with a warning"
exit 0
