#!/usr/bin/env bash
# install.sh: `cmake --install --prefix X` gives binaries that find their
# reference data under X wherever X is, even after X is moved; the
# LASEARCH_DATADIR environment variable overrides that; the deploy examples
# are installed beside the data.
. "$(dirname "$0")/common.bash"
command -v cmake >/dev/null || { echo "cmake missing: skipped"; exit 77; }
P=$WORK/prefix
cmake --install "$LASEARCH_BIN" --prefix "$P" >"$WORK/install.log" 2>&1 ||
  { cat "$WORK/install.log" >&2; fail "cmake --install failed"; }
for f in bin/lasearch-index bin/lasearch-query share/lasearch/authorities.tsv \
         share/lasearch/thesaurus.tsv share/lasearch/deploy/lasearch-index.cron; do
  [ -e "$P/$f" ] || fail "$f was not installed"
done

# A lone report in a directory with no reference data of its own: the
# councils come from the installed data.
mkdir -p "$WORK/elsewhere"
cp "$SRC/corpus/documents/001_80e5e828aad1d6a4.txt" "$WORK/elsewhere/report.txt"
cd "$WORK/elsewhere" || exit 1
inspect() { "$1" --corpus "$WORK/elsewhere" --inspect report.txt --json; }
got=$(inspect "$P/bin/lasearch-index" | jq -r .authority) ||
  fail "the installed lasearch-index found no reference data"
[ "$got" = "Ealing" ] || fail "installed: council '$got', expected Ealing"

# Moved: still found, relative to the binary.
mv "$P" "$WORK/moved"
got=$(inspect "$WORK/moved/bin/lasearch-index" | jq -r .authority) ||
  fail "after moving the prefix, no reference data was found"
[ "$got" = "Ealing" ] || fail "moved: council '$got', expected Ealing"

# LASEARCH_DATADIR wins: an empty directory means no councils at all.
mkdir -p "$WORK/nodata"
LASEARCH_DATADIR=$WORK/nodata "$WORK/moved/bin/lasearch-index" --corpus "$WORK/elsewhere" \
  --inspect report.txt >/dev/null 2>"$WORK/err"
[ $? -eq 2 ] || fail "an empty LASEARCH_DATADIR was not used"
grep -q "no authorities.tsv in .*nodata" "$WORK/err" ||
  fail "the error does not name LASEARCH_DATADIR's directory: $(cat "$WORK/err")"
note "installed, moved and overridden: reference data found each time"
exit 0
