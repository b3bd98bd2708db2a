# common.bash: what the scripts in tests/scripts share (sourced, not a test).
#
# Each tests/scripts/*.sh is one CTest test, run with the same environment
# as the cases (tests/CMakeLists.txt): LASEARCH_BIN, LASEARCH_SRC,
# LASEARCH_WORK. It exits 0 (pass), 1 (fail, saying why) or 77 (skip).
set -u
export PATH="$LASEARCH_BIN:$PATH" NO_COLOR=1 LC_ALL=C.UTF-8
unset LASEARCH_INDEX LASEARCH_CORPUS
SRC=$LASEARCH_SRC
NAME=$(basename "$0" .sh)
WORK="$LASEARCH_WORK/scripts/$NAME"
rm -rf "$WORK" && mkdir -p "$WORK" || exit 1

fail() { echo "FAIL [$NAME]: $*" >&2; exit 1; }
note() { echo "[$NAME] $*"; }

# Milliseconds on a monotonic-enough clock.
now_ms() { date +%s%3N; }

# make_corpus DIR COPIES: the five seed reports COPIES times over, with the
# seed corpus's reference data (but no manifest: copies are named
# differently). Each copy ends with a paragraph of its own, so no two
# documents are the same.
make_corpus() {
  local dir=$1 copies=$2
  mkdir -p "$dir/documents" || return 1
  cp "$SRC/corpus/authorities.tsv" "$SRC/corpus/thesaurus.tsv" "$dir/" || return 1
  awk -v copies="$copies" -v out="$dir/documents" '
    FNR == 1 { n++; name[n] = FILENAME; sub(/.*\//, "", name[n]); sub(/\.txt$/, "", name[n]) }
    { text[n] = text[n] $0 "\n" }
    END {
      for (c = 1; c <= copies; c++)
        for (i = 1; i <= n; i++) {
          f = out "/" name[i] "_c" c ".txt"
          printf "%s\nThis is copy c%d of report %s, kept for testing.\n", text[i], c, name[i] > f
          close(f)
        }
    }' "$SRC"/corpus/documents/*.txt
}

# The fixed queries every comparison runs, one a line (--batch).
write_queries() {
  cat >"$1" <<'QUERIES'
hospital discharge
"section 75"
partnership
safeguarding
carers
care
waiting NEAR/5 list
theme:leadership strategy
score:3.. workforce
hospitl
zebrafox
QUERIES
}

# answers INDEX QUERIES: each query's whole answer, one JSON line each, with
# hits of equal weight put in id order (document ids, and so the order of
# ties, may differ between equivalent indexes) and ranks dropped, and
# without when each paragraph first appeared (first_seen*: the index's
# history, not the corpus's, so an update and a fresh build differ there).
answers() {
  local limits=(--limit 1000)
  if lasearch-query --help 2>/dev/null | grep -q -- --max-results; then
    limits=(--max-results 100000 --limit 100000)
  fi
  lasearch-query --index "$1" "${limits[@]}" --facets authority,score,section,theme,kind \
    --batch "$2" | jq -c -S '.hits |= ((. // []) | map(del(.rank, .first_seen, .first_seen_generation)) | sort_by(-.weight, .id))'
  local rc=("${PIPESTATUS[@]}")
  [ "${rc[0]}" -le 1 ] && [ "${rc[1]}" -eq 0 ]
}

# live_gen INDEX: the live generation's directory name ("gen-000007").
live_gen() { awk '$1 == "auto" { print $2 }' "$1/XAPIANDB"; }

# no_debris INDEX: only the stub, the lock, the live generation and at most
# one older one (kept for readers).
no_debris() {
  local ix=$1 live entry n=0
  live=$(live_gen "$ix") || return 1
  for entry in "$ix"/* "$ix"/.[!.]*; do
    [ -e "$entry" ] || continue
    case $(basename "$entry") in
      XAPIANDB|.lock|"$live") ;;
      gen-*) n=$((n + 1)); [[ $(basename "$entry") < $live ]] || { echo "debris: $entry"; return 1; } ;;
      *) echo "debris: $entry"; return 1 ;;
    esac
  done
  [ "$n" -le 1 ] || { echo "$n old generations kept"; return 1; }
}
