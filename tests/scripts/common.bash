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

# insight_corpus DIR: a corpus whose answers to --significant, --pivot and
# like: are known (tests/scripts/insight.sh). Ten councils, each with a
# Safeguarding report (Darlington, Gateshead, Hartlepool, Middlesbrough and
# Sunderland scored 4; Bolton, Halton and Oldham 1; Bury and Knowsley 2) and
# a Partnerships and communities report (all scored 3), of 12 paragraphs
# of random words from one vocabulary each, and:
#  - planted: "strong multi agency oversight of every enquiry" in two
#    paragraphs of every Safeguarding report scored 4;
#  - a decoy: "lighthouse harbour review" in six paragraphs of one council
#    (Darlington) only;
#  - boilerplate: "Quality statement evidence..." opens every report, and
#    six more paragraphs of every Safeguarding report scored 4 say it;
#  - a lightly edited copy: Gateshead's reablement hub paragraph, with a
#    few words changed, in Bolton's Partnerships report.
insight_corpus() {
  local dir=$1
  mkdir -p "$dir/documents" || return 1
  cp "$SRC/corpus/authorities.tsv" "$SRC/corpus/thesaurus.tsv" "$dir/" || return 1
  awk -v out="$dir" '
  BEGIN {
    srand(7)
    nv = split("people support services care staff team plans review needs access " \
      "funding housing carers families advice information providers contracts quality " \
      "training workforce budget waiting lists assessments reviews feedback outcomes " \
      "community health partners hospital discharge equipment adaptations transport " \
      "meetings records systems data reports actions priorities risks concerns progress " \
      "improvements delays capacity demand residents homes visits calls letters forms " \
      "officers managers leaders groups boards panels networks projects schemes services " \
      "roles routes targets times weeks months days areas districts wards centres", v, " ")
    nl = split("council|Darlington|4|Gateshead|4|Hartlepool|4|Middlesbrough|4|Sunderland|4|" \
      "Bolton|1|Bury|2|Halton|1|Knowsley|2|Oldham|1", c, "|")
    print "file\tauthority\tkind\turl\tpublished" > (out "/manifest.tsv")
    for (k = 2; k < nl; k += 2) {
      name = c[k]; score = c[k + 1]
      for (s = 1; s <= 2; s++) {
        f = sprintf("documents/%s_%d.txt", tolower(name), s)
        print f "\t" name "\tassessment\t\t" >> (out "/manifest.tsv")
        path = out "/" f
        if (s == 1) printf "# Safeguarding\n\nScore: %d\n\n", score > path
        else printf "# Partnerships and communities\n\nScore: 3\n\n" > path
        print "Quality statement evidence was gathered from interviews and case files.\n" >> path
        for (p = 1; p <= 12; p++) {
          line = ""
          for (w = 1; w <= 30; w++) line = line (w > 1 ? " " : "") v[int(rand() * nv) + 1]
          line = toupper(substr(line, 1, 1)) substr(line, 2) "."
          if (s == 1 && score == 4 && p <= 2)
            line = line " There was strong multi agency oversight of every enquiry."
          if (s == 1 && score == 4 && p >= 3 && p <= 8)
            line = line " Quality statement evidence was gathered again."
          if (name == "Darlington" && s == 1 && p >= 4 && p <= 9)
            line = line " The lighthouse harbour review was discussed."
          print line "\n" >> path
        }
        if (name == "Gateshead" && s == 1)
          print "The reablement hub in the old library coordinated weekend visits by occupational therapists and volunteer drivers across Gateshead.\n" >> path
        if (name == "Bolton" && s == 2)
          print "A reablement hub in the old library coordinated weekend visits from occupational therapists and volunteer drivers across the borough.\n" >> path
        close(path)
      }
    }
  }'
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
