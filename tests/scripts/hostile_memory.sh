#!/usr/bin/env bash
# hostile_memory.sh: indexing costs memory in proportion to the file, not
# to its paragraphs. A file of 4 MB of tiny paragraphs (about 160,000, the
# worst shape: the cost per paragraph is highest against its bytes) is
# indexed and then updated within 4 times its size plus 64 MB of peak
# resident memory (before, 32 times its size); nothing of it is lost. An
# HTML page past the reader's block limit is indexed up to the limit and
# the build says what was not read.
#
# Peak memory is read with getrusage(RUSAGE_CHILDREN) (python3): exact, and
# unlike a time, not moved by a busy machine. Under a sanitizer
# (LASEARCH_SANITIZED) memory means nothing and only the answers are checked.
. "$(dirname "$0")/common.bash"

c=$WORK/corpus
ix=$WORK/i
mkdir -p "$c/documents" || fail "mkdir"
cp "$SRC/corpus/authorities.tsv" "$c/" || fail "cp"
big=$c/documents/tiny_paragraphs.txt
awk 'BEGIN { for (i = 1; i <= 160000; i++) printf "carers wait %d.\n\n", i }' >"$big" ||
  fail "awk"
size=$(stat -c %s "$big")
limit_kb=$(( 4 * size / 1024 + 64 * 1024 ))

# peak_kb CMD...: run CMD; print its peak resident memory in KB and its
# exit code.
peak_kb() {
  python3 -c '
import resource, subprocess, sys
rc = subprocess.run(sys.argv[1:]).returncode
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, rc)' "$@"
}

# within KB WHAT: the peak is within the limit (always, unsanitized).
within() {
  [ -n "${LASEARCH_SANITIZED:-}" ] && return 0
  [ "$1" -le "$limit_kb" ] ||
    fail "$2 peak $1 KB for a $size-byte file (limit 4 x size + 64 MB = $limit_kb KB)"
}

count() { lasearch-query --index "$ix" --json --limit 1 'file:tiny_paragraphs.txt' | jq .total; }

read -r kb rc < <(peak_kb "$LASEARCH_BIN/lasearch-index" --quiet --shards 1 --corpus "$c" --index "$ix")
[ "$rc" = 0 ] || fail "build exit $rc"
[ "$(count)" = 160000 ] || fail "$(count) paragraphs indexed of 160000"
within "$kb" build
note "build: $size bytes, 160000 paragraphs, peak $kb KB (limit $limit_kb KB)"

printf 'One more finding about carers.\n' >>"$big"
read -r kb rc < <(peak_kb "$LASEARCH_BIN/lasearch-index" --update --quiet --shards 1 --corpus "$c" \
                    --index "$ix")
[ "$rc" = 0 ] || fail "update exit $rc"
[ "$(count)" = 160001 ] || fail "$(count) paragraphs after the update, not 160001"
within "$kb" update
lasearch-query --index "$ix" --json 'dischage' | jq -e '.total == 0' >/dev/null ||
  fail "a word that is not there was found"
note "update: peak $kb KB (limit $limit_kb KB)"

# The HTML reader keeps at most 100,000 blocks (indexer/read/html.h); what
# is past it is said, not silently dropped.
h=$WORK/html
mkdir -p "$h/documents" || fail "mkdir"
cp "$SRC/corpus/authorities.tsv" "$h/" || fail "cp"
awk 'BEGIN { print "<!DOCTYPE html><html><head><title>Long</title></head><body>";
             for (i = 1; i <= 100010; i++) printf "<p>carers wait %d.</p>\n", i;
             print "</body></html>" }' >"$h/documents/long.html" || fail "awk"
lasearch-index --shards 1 --corpus "$h" --index "$WORK/ih" >"$WORK/out" 2>"$WORK/err" ||
  { cat "$WORK/err"; fail "HTML build failed"; }
grep -q "documents/long.html: line [0-9]*: too many blocks; the rest was not read" \
  "$WORK/err" || { cat "$WORK/err"; fail "the HTML block limit was not reported"; }
n=$(lasearch-query --index "$WORK/ih" --json --limit 1 'file:long.html' | jq .total)
[ "$n" = 100000 ] || fail "$n paragraphs of the long page, not 100000"
note "an HTML page past the block limit: 100000 paragraphs and a warning"
