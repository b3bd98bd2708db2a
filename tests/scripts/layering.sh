#!/usr/bin/env bash
# layering.sh: the architecture holds (docs/ARCHITECTURE.md).
#  1. No circles between files: for every object file of the libraries, the
#     functions it calls in other files (nm) must form no cycle (tsort).
#  2. No circles between headers: the #include "..." graph of the headers.
#  3. query/ and serve/ include nothing of indexer/ (CMake makes such an
#     include fail to compile; this names the file if one is ever added).
. "$(dirname "$0")/common.bash"
command -v nm >/dev/null && command -v tsort >/dev/null ||
  { echo "nm or tsort missing: skipped"; exit 77; }

objs=$(find "$LASEARCH_BIN" -path '*/CMakeFiles/lasearch_*.dir/*.o' \
         ! -path '*lasearch_shim*' ! -path '*lasearch_gen*' | sort)
[ -n "$objs" ] || fail "no object files of the libraries under $LASEARCH_BIN"
n=$(wc -w <<<"$objs")
note "$n object files"
[ "$n" -ge 60 ] || fail "only $n object files: the search for them is broken"

# Defined and undefined symbols per file, then one edge per call across files.
for o in $objs; do
  f=$(basename "$o" .o); f=${f%.c}
  nm "$o" | awk -v f="$f" '$2 ~ /^[TDBR]$/ { print "D", f, $3 } $1 == "U" { print "U", f, $2 }'
done >"$WORK/symbols"
awk '$1 == "D" { owner[$3] = $2 } $1 == "U" { use[++n] = $2 " " $3 }
     END { for (i = 1; i <= n; i++) { split(use[i], u, " ");
           if ((u[2] in owner) && owner[u[2]] != u[1]) print u[1], owner[u[2]] } }' \
  "$WORK/symbols" | sort -u >"$WORK/calls"
[ -s "$WORK/calls" ] || fail "no calls between files found: the test is blind"
if ! tsort "$WORK/calls" >/dev/null 2>"$WORK/tsort.err"; then
  cat "$WORK/tsort.err" >&2
  fail "files call each other in a circle (tsort lists them above)"
fi

# Headers including headers.
for h in $(cd "$SRC" && ls model/*.h cli/*.h indexer/*/*.h query/*.h serve/*.h shim/*.h); do
  sed -n 's/^#include "\([^"]*\)".*/\1/p' "$SRC/$h" | while read -r inc; do
    echo "$(basename "$h") $inc"
  done
done | sort -u >"$WORK/includes"
if ! tsort "$WORK/includes" >/dev/null 2>"$WORK/tsort.err"; then
  cat "$WORK/tsort.err" >&2
  fail "headers include each other in a circle"
fi

indexer_headers=$(cd "$SRC/indexer" && ls */*.h | xargs -n1 basename | sort -u)
for f in "$SRC"/query/*.[ch] "$SRC"/serve/*.[ch]; do
  for h in $(sed -n 's/^#include "\([^"]*\)".*/\1/p' "$f"); do
    grep -qx "$h" <<<"$indexer_headers" && fail "$f includes indexer's $h"
  done
done
note "$(wc -l <"$WORK/calls") calls between files, $(wc -l <"$WORK/includes") includes: no circles"
exit 0
