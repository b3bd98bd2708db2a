#!/usr/bin/env bash
# hostile_symlinks.sh: nothing outside the corpus is ever indexed. Symlinks
# to /etc, to a file or directory beside the corpus, chains of links and
# links deep down are skipped with a message naming the link and where it
# points; links that stay inside the corpus are followed. An index kept
# inside its corpus never indexes its own files.
. "$(dirname "$0")/common.bash"

c=$WORK/corpus
mkdir -p "$c/documents/sub/deeper" "$WORK/outside/dir" || fail "mkdir"
cp "$SRC/corpus/authorities.tsv" "$c/" || fail "cp"
cp "$SRC/corpus/documents/001_80e5e828aad1d6a4.txt" "$c/documents/report.txt" || fail "cp"
printf 'Partnerships and communities\n\nThe outsideword secret lives beside the corpus.\n' \
  >"$WORK/outside/secret.txt"
cp "$WORK/outside/secret.txt" "$WORK/outside/dir/also.txt"

ln -s /etc "$c/documents/etclink"
ln -s ../../outside/secret.txt "$c/documents/file-out"
ln -s ../../outside/dir "$c/documents/dir-out"
ln -s hop2 "$c/documents/hop1"                       # a chain that leaves
ln -s ../sub/../../../outside "$c/documents/sub/hop2-target" 2>/dev/null
ln -s sub/hop2-target "$c/documents/hop2"
ln -s ../../../../outside/secret.txt "$c/documents/sub/deeper/deep-out"
ln -s "$WORK/outside/secret.txt" "$c/documents/abs-out"
ln -s report.txt "$c/documents/inside.txt"           # followed: inside
ln -s ../report.txt "$c/documents/sub/inside-deep.txt"

lasearch-index --corpus "$c" --index "$WORK/i" >"$WORK/out" 2>"$WORK/err"
rc=$?
[ "$rc" -eq 1 ] || { cat "$WORK/err"; fail "build exit $rc, expected 1 (links skipped)"; }
real_out=$(cd "$WORK/outside" && pwd -P)
for want in "documents/etclink: skipped: symlink to /etc, outside the corpus" \
            "documents/file-out: skipped: symlink to $real_out/secret.txt, outside the corpus" \
            "documents/dir-out: skipped: symlink to $real_out/dir, outside the corpus" \
            "documents/hop1: skipped: symlink to $real_out, outside the corpus" \
            "documents/sub/deeper/deep-out: skipped: symlink to $real_out/secret.txt" \
            "documents/abs-out: skipped: symlink to $real_out/secret.txt"; do
  grep -qF -- "$want" "$WORK/err" || { cat "$WORK/err"; fail "no message: $want"; }
done
hits=$(lasearch-query --index "$WORK/i" --json outsideword | jq '.total')
[ "$hits" = 0 ] || fail "text from outside the corpus was indexed ($hits hits)"
lasearch-query --index "$WORK/i" --json shadow | jq -e '.total == 0' >/dev/null ||
  fail "/etc was indexed"
# Links inside the corpus are followed: the report three times over.
docs=$(lasearch-index --stats --json --index "$WORK/i" | jq '.documents')
[ "$docs" = 3 ] || fail "$docs documents, expected report.txt and its two links"
note "links out of the corpus skipped, links inside followed"

# An index inside its corpus: the second build must not index the first's
# files (before, every gen-*/ table was read and skipped as binary, or worse).
ci=$c/documents/sub/index
lasearch-index --quiet --corpus "$c" --index "$ci" 2>/dev/null
lasearch-index --corpus "$c" --index "$ci" >"$WORK/out2" 2>"$WORK/err2"
grep -q 'documents/sub/index/' "$WORK/err2" &&
  { cat "$WORK/err2"; fail "the index's own files were read"; }
files=$(lasearch-index --stats --json --index "$ci" | jq '.files')
[ "$files" = 11 ] || fail "$files files: the index's own files were listed"
lasearch-index --check --corpus "$c" --index "$ci" >"$WORK/check" 2>&1
rc=$?
[ "$rc" -le 1 ] || { cat "$WORK/check"; fail "--check exit $rc"; }
grep -q 'documents/sub/index/' "$WORK/check" &&
  { cat "$WORK/check"; fail "--check lists the index"; }
note "an index inside its corpus is not indexed"
exit 0
