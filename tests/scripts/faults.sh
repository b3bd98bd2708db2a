#!/usr/bin/env bash
# faults.sh: out of memory anywhere is a clear error, never a crash, a hang,
# a wrong answer or a half-written index (SQLite's malloc fault tests, for
# lasearch's own C code).
#
# lasearch-index-fault and lasearch-query-fault are the real programs with
# every allocating libc call of our code wrapped (tests/fault/fault.c): with
# LASEARCH_FAULT_MALLOC=N the Nth such call fails (errno ENOMEM). A run
# without faults counts the calls; then, for EVERY N from 1 to that count:
#
#  build    a full build of a tiny corpus (a web page) into a fresh index:
#           exit 0 with its summary (--json) and the answers of a build
#           without faults, or exit 2 with a message about memory; a
#           published index passes lasearch-index --check and answers as
#           it should; a failed build leaves no generation behind.
#  update   an --update of an index after one of its two text files changed:
#           exit 0 with the answers of an update without faults (the
#           paragraphs' first-seen generations too: an update must not
#           forget the index's history), or exit 2 with a message about
#           memory and the previous generation live and whole (its files
#           as they were, or else --check and the old answers); nothing
#           else left behind. Never anything between.
#  queries  a --batch of queries (words with facets, a field with the
#           thesaurus and a wildcard, a range, a theme, NOT, NEAR, a phrase,
#           a misspelling, a syntax error) in JSON, and councils side by
#           side as text: the output and exit code of a run without faults,
#           or exit 2 with a message about memory (in --batch, each line is
#           its answer or an error object about memory).
#  readers  the build with the faults in the web page's reader worker
#           instead (LASEARCH_FAULT_WORKER=1): the page is read, or skipped
#           with a message about memory (and with nothing else to index,
#           nothing is published); never a crash.
#  persist  persistent faults (LASEARCH_FAULT_PERSIST=1: every call from
#           the Nth on fails, so the error paths' own allocations fail
#           too): the build and the update at every 8th N, the queries at
#           every 4th.
#
# Never a signal, never a hang, never an exit code but 0, 1 or 2. Runs
# start from one fault server per job (LASEARCH_FAULT_SERVE: a fork, not a
# new process, per run) and go LASEARCH_FAULT_JOBS (2) at a time.
# LASEARCH_FAULT_ONLY=build (update, queries, readers or persist) runs one
# part; LASEARCH_FAULT_PERSIST_STEP=1 runs the persistent faults at every N
# (the suite does not: that doubles the time). Under AddressSanitizer (and
# LeakSanitizer: a leak on an error path fails a run) every 3rd N, and the
# persistent faults at every 24th (LASEARCH_FAULT_STEP sets the first).
# One run by hand, with a backtrace of the failing call:
#   LASEARCH_FAULT_TRACE=1 LASEARCH_FAULT_MALLOC=N build/lasearch-index-fault ...
. "$(dirname "$0")/common.bash"
command -v jq >/dev/null || { echo "SKIP [$NAME]: jq missing"; exit 77; }
for p in lasearch-index-fault lasearch-query-fault; do
  command -v "$p" >/dev/null ||
    { echo "SKIP [$NAME]: $p not built (tests/fault/CMakeLists.txt)"; exit 77; }
done
unset LASEARCH_FAULT_MALLOC LASEARCH_FAULT_PERSIST LASEARCH_FAULT_COUNT \
      LASEARCH_FAULT_TRACE LASEARCH_FAULT_WORKER LASEARCH_FAULT_SERVE
JOBS=${LASEARCH_FAULT_JOBS:-2}
# Under AddressSanitizer a run costs about three times as much, and what
# that build is for is memory errors and leaks on the error paths: it runs
# every 3rd N (the plain build runs every one).
STEP=1
ldd "$(command -v lasearch-index-fault)" 2>/dev/null | grep -q libasan && STEP=3
STEP=${LASEARCH_FAULT_STEP:-$STEP}
PSTEP=${LASEARCH_FAULT_PERSIST_STEP:-$((8 * STEP))}
every() {
  case $1 in
    1) echo "every N" ;; 2) echo "every 2nd N" ;; 3) echo "every 3rd N" ;; *) echo "every ${1}th N" ;;
  esac
}
ONLY=${LASEARCH_FAULT_ONLY:-}
wanted() { [ -z "$ONLY" ] || [ "$ONLY" = "$1" ]; }
T0=$(now_ms)

# ---- the corpora ----------------------------------------------------------

# refdata DIR: three councils, two thesaurus groups (the real lists would
# be most of every run's allocations).
refdata() {
  mkdir -p "$1/documents" || return 1
  { printf 'name\ttype\tregion\taliases\n'
    grep -E '^(Ealing|Medway|Bury)	' "$SRC/corpus/authorities.tsv"; } >"$1/authorities.tsv"
  printf 'ICB\tIntegrated Care Board\nCHC\tcontinuing health care\n' >"$1/thesaurus.tsv"
}
ealing() {
  cat <<'EOF'
Ealing: local authority assessment

Safeguarding

Score: 3

The council worked with partners on hospital discharge and safeguarding enquiries.

Carers told us waiting lists for assessments were long.
EOF
}

# The build's corpus: a web page whose council, link and date the
# manifest gives (text reports are the update's).
CB=$WORK/corpus
refdata "$CB" || fail "refdata"
cat >"$CB/documents/page.html" <<'EOF'
<!doctype html><html><head><title>Bury: leadership</title></head>
<body><nav>Home</nav><main><h1>Bury: local authority assessment</h1>
<h2>Governance, management and sustainability</h2><p>Score: 1</p>
<p>Leaders had no workforce strategy for carers, said the Integrated Care Board.</p>
<ul><li>Section 75 budgets were pooled.</li></ul></main></body></html>
EOF
printf 'file\tauthority\tkind\turl\tpublished\ndocuments/page.html\tBury\tassessment\thttps://example.org/bury\t2024-05-17\n' \
  >"$CB/manifest.tsv"

# The update's corpus: a report whose council is in its title (it will be
# edited) and one the manifest places (it stays as it is, and is not even
# read again). Text only: --check then starts no reader worker.
CU=$WORK/ucorpus
refdata "$CU" || fail "refdata"
ealing >"$CU/documents/ealing.txt"
printf 'Medway Council\n\nPartnerships and communities\n\nScore: 2\n\nA section 75 agreement joined health and care budgets.\n' \
  >"$CU/documents/medway.txt"
printf 'file\tauthority\tkind\turl\tpublished\ndocuments/medway.txt\tMedway\tassessment\thttps://example.org/medway\t2024-05-17\n' \
  >"$CU/manifest.tsv"
CORPORA_MADE=$(now_ms)

# What answers() compares.
Q=$WORK/queries
printf '%s\n' carers '"section 75"' ICB 'unpaid carers' section:safeguarding \
  'authority:bury OR authority:medway' >"$Q"

# The queries run with faults: a --batch in JSON (words with facets, a field
# with the thesaurus and a wildcard, a range with a theme and NOT, NEAR and
# a phrase, a misspelling, a syntax error), and councils side by side in
# text.
QB=$WORK/batch
cat >"$QB" <<'EOF'
carers
authority:bury ICB OR lead*
score:1..3 theme:leadership care* -budgets
waiting NEAR/5 lists OR "section 75"
hospitl
"unbalanced
EOF
QUERY_ARGS=(
  "--batch \"\$QB\" --facets authority,score,section,kind,published --limit 5"
  "--by authority 'hospital OR budgets OR carers'"
)

# ---- running with faults --------------------------------------------------

# The checks after a run use builtins where they can: a process costs more
# than most runs on a busy machine, and there are thousands of runs.

# slurp VAR FILE: FILE's text into VAR.
slurp() { IFS= read -r -d '' "$1" <"$2" || true; }
# same FILE1 FILE2: the same text.
same() { local a b; slurp a "$1"; slurp b "$2"; [ "$a" = "$b" ]; }
# about_memory FILE...: one of them says something ran out of memory.
about_memory() {
  local f t
  for f; do slurp t "$f"; [[ $t == *[Mm]emory* ]] && return 0; done
  return 1
}
# first FILE: its first 600 bytes, in FIRST.
first() { slurp FIRST "$1"; FIRST=${FIRST:0:600}; }

# bad WHAT...: one line (newlines folded) into the part's failures.
bad() {
  local line="$*"
  line=${line//$'\n'/ }
  printf '%s\n' "${line:0:1200}" >>"$FAILS"   # one write: runs go in parallel
}

# no_crash WHAT RC ERRFILE: no signal, no hang, no exit code but 0, 1, 2,
# and no child process (a reader, a check) that crashed.
no_crash() {
  local what=$1 rc=$2 err=$3
  first "$err"
  if [ "$rc" -eq 124 ]; then
    bad "$what: hung (killed after $LASEARCH_FAULT_SERVE_TIMEOUT s): $FIRST"; return 1
  elif [ "$rc" -ge 128 ]; then
    bad "$what: killed by signal $((rc - 128)): $FIRST"; return 1
  elif [ "$rc" -gt 2 ]; then
    bad "$what: exit $rc: $FIRST"; return 1
  elif [[ $FIRST == *"signal "[0-9]* ]]; then
    bad "$what: a child process crashed: $FIRST"; return 1
  fi
}

# exit_ok WHAT RC ERRFILE [OUTFILE]: an exit code and message a fault may
# cause: no crash, and a failure says it ran out of memory (on stderr, or
# in OUTFILE: --batch answers in JSON).
exit_ok() {
  local what=$1 rc=$2 err=$3 out=${4:-}
  no_crash "$what" "$rc" "$err" || return 1
  if [ "$rc" -ne 0 ] && ! about_memory "$err" ${out:+"$out"}; then
    bad "$what: exit $rc without a word about memory: $FIRST"; return 1
  fi
}

# summary_ok WHAT RC OUTFILE: after exit 0, lasearch-index --json printed
# its summary (a JSON object).
summary_ok() {
  local out
  [ "$2" -ne 0 ] && return 0
  slurp out "$3"
  [[ $out == "{"*"}"$'\n' ]] || { bad "$1: exit 0 without its summary: ${out:0:300}"; return 1; }
}

# live_of INDEX: its live generation's name in LIVE ("" none).
live_of() {
  local a b
  LIVE=
  { read -r a b <"$1/XAPIANDB"; } 2>/dev/null && [ "$a" = auto ] && LIVE=$b
  return 0
}

# debris_in INDEX: 1 (and DEBRIS says what) when the index holds more than
# its stub, lock, live generation and one older one (no_debris, without a
# process).
debris_in() {
  local ix=$1 e name n=0
  live_of "$ix"
  for e in "$ix"/* "$ix"/.[!.]*; do
    [ -e "$e" ] || continue
    name=${e##*/}
    case $name in
      XAPIANDB|.lock|"$LIVE") ;;
      gen-*) n=$((n + 1)); [[ $name < $LIVE ]] || { DEBRIS="debris: $e"; return 1; } ;;
      *) DEBRIS="debris: $e"; return 1 ;;
    esac
  done
  [ "$n" -le 1 ] || { DEBRIS="$n old generations"; return 1; }
}

export LASEARCH_FAULT_SERVE_TIMEOUT=${LASEARCH_FAULT_SERVE_TIMEOUT:-120}

# sweep COUNT STEP PREPARE CHECK CMD...: for N = 1, 1+STEP, ... up to
# COUNT, PREPARE N DIR, a run of CMD with the Nth call failing, CHECK N RC
# DIR (the run's stdout and stderr in DIR/out, DIR/err). JOBS fault servers
# share the Ns; each has a directory DIR of its own, which @D@ in CMD
# names.
sweep() {
  local count=$1 step=$2 prepare=$3 check=$4 s; shift 4
  for ((s = 0; s < JOBS; s++)); do
    ( d=$WORK/slot-$s
      rm -rf "$d" && mkdir -p "$d" && mkfifo "$d/cmd" "$d/done" || exit 1
      LASEARCH_FAULT_SERVE=$d "${@//@D@/$d}" </dev/null &
      server=$!
      # Read-write opens never wait for the other end.
      exec {to}<>"$d/cmd" {from}<>"$d/done"
      for ((i = s; i * step + 1 <= count; i += JOBS)); do
        n=$((i * step + 1))
        "$prepare" "$n" "$d"
        echo "$n" >&"$to"
        read -r -t $((LASEARCH_FAULT_SERVE_TIMEOUT + 60)) rc <&"$from" ||
          { bad "N=$n: the fault server ($*) stopped answering"; break; }
        echo "$n rc=$rc" >>"$OUTCOMES"
        "$check" "$n" "$rc" "$d"
      done
      exec {to}>&- {from}>&-
      wait "$server" ) &
  done
  wait
}

# count_calls FILE CMD...: run CMD without faults, counting; echo the count.
count_calls() {
  local file=$1; shift
  rm -f "$file"
  LASEARCH_FAULT_COUNT=$file "$@" >"$WORK/count.out" 2>"$WORK/count.err"
  local rc=$?
  [ "$rc" -le 2 ] || { cat "$WORK/count.err" >&2; return 1; }
  [ -s "$file" ] || return 1
  cat "$file"
}

# part NAME: start a part's records.
part() {
  PART=$1 PART_T0=$(now_ms) FAILS=$WORK/$1.fails OUTCOMES=$WORK/$1.outcomes
  : >"$FAILS"; : >"$OUTCOMES"
}
# part_done WHAT: its failures, and a line of what happened.
part_done() {
  local runs outcomes
  runs=$(wc -l <"$OUTCOMES")
  outcomes=$(awk '{ n[$2]++ } END { for (k in n) printf "%s%s: %d", s++ ? ", " : "", k, n[k] }' "$OUTCOMES")
  if [ -s "$FAILS" ]; then
    echo "FAIL [$NAME]: $PART: $(wc -l <"$FAILS") of $runs runs went wrong:" >&2
    sort -t= -k2 -n "$FAILS" | head -20 >&2
    FAILED=1
  fi
  note "$PART: $runs runs $1 ($outcomes) in $(( ($(now_ms) - PART_T0) / 1000 )) s"
}
FAILED=0

# checked INDEX CORPUS [up-to-date]: lasearch-index --check finds the live
# index consistent (and, with a third argument, up to date).
checked() {
  local js
  js=$(lasearch-index --check --json --corpus "$2" --index "$1" 2>&1)
  if [ -n "${3:-}" ]; then
    jq -e '.consistent and .up_to_date' <<<"$js" >/dev/null 2>&1
  else
    jq -e '.consistent' <<<"$js" >/dev/null 2>&1
  fi || { echo "$js" | head -c 600; return 1; }
}

# answers_seen INDEX QUERIES: answers (common.bash), but keeping each hit's
# first-seen generation: an update that forgot the index's history (took
# it for damaged, say) answers the same otherwise.
answers_seen() {
  lasearch-query --index "$1" --limit 1000 --facets authority,score,section,theme,kind \
    --batch "$2" | jq -c -S '.hits |= ((. // []) | map(del(.rank, .first_seen)) | sort_by(-.weight, .id))'
  local rc=("${PIPESTATUS[@]}")
  [ "${rc[0]}" -le 1 ] && [ "${rc[1]}" -eq 0 ]
}

# sums DIR: a checksum of every file of DIR (a generation as it was);
# OLD_FILES, once known, saves a find and a sort in every run.
sums() {
  if [ -n "${OLD_FILES:-}" ]; then
    (cd "$1" && md5sum -- $OLD_FILES)
  else
    (cd "$1" && find . -type f | sort | xargs md5sum --)
  fi
}

# ---- build ----------------------------------------------------------------

lasearch-index --quiet --shards 1 --corpus "$CB" --index "$WORK/ref" ||
  fail "the build without faults failed"
answers_seen "$WORK/ref" "$Q" >"$WORK/ref.answers" || fail "answers"
grep -q '"total":[1-9]' "$WORK/ref.answers" || fail "the queries find nothing"

BUILD=(lasearch-index-fault --json --shards 1 --corpus "$CB" --index @D@/ix)
build_prepare() { rm -rf "$2/ix"; }
# build_check N RC DIR: the build's outcome and what it left.
build_check() {
  local n=$1 rc=$2 d=$3 why
  local ix=$d/ix
  exit_ok "N=$n" "$rc" "$d/err" || return
  summary_ok "N=$n" "$rc" "$d/out" || return
  if [ -e "$ix/XAPIANDB" ]; then
    answers_seen "$ix" "$Q" >"$d/answers" 2>&1 && same "$d/answers" "$WORK/ref.answers" ||
      { bad "N=$n: exit $rc, published, but answers differently: $(diff "$WORK/ref.answers" "$d/answers" | head -c 600)"; return; }
    why=$(checked "$ix" "$CB" up-to-date) || { bad "N=$n: exit $rc, published, --check: $why"; return; }
    debris_in "$ix" || bad "N=$n: exit $rc, published, left $DEBRIS"
  else
    [ "$rc" -ne 0 ] || { bad "N=$n: exit 0 but nothing published"; return; }
    local left=("$ix"/gen-*)
    [ -e "${left[0]}" ] && bad "N=$n: exit $rc: left an unpublished generation: ${left[*]}"
  fi
}

if wanted build || wanted persist; then
  mkdir -p "$WORK/counted" "$WORK/rcounted" || fail "mkdir"
  BUILD_CALLS=$(count_calls "$WORK/build.count" "${BUILD[@]//@D@/$WORK/counted}") ||
    fail "lasearch-index-fault without faults failed or counted nothing"
  answers_seen "$WORK/counted/ix" "$Q" | cmp -s - "$WORK/ref.answers" ||
    fail "lasearch-index-fault without faults answers differently"
fi
if wanted build; then
  part build
  sweep "$BUILD_CALLS" "$STEP" build_prepare build_check "${BUILD[@]}"
  part_done "($(every "$STEP") to $BUILD_CALLS)"
fi

# ---- update ---------------------------------------------------------------

UPDATE=(lasearch-index-fault --update --json --corpus "$CU" --index @D@/uix)
# update_prepare N DIR: the old index, as it was (a run that failed early
# leaves it so: then it is not copied again; PRISTINE lives as long as the
# slot's loop).
update_prepare() {
  local d=$2
  [ "${PRISTINE:-}" = "$d" ] && return
  rm -rf "$d/uix" && cp -a "$WORK/old" "$d/uix" && PRISTINE=$d
}
# update_check N RC DIR: the old generation whole, or the new one.
update_check() {
  local n=$1 rc=$2 d=$3 why
  local ix=$d/uix
  PRISTINE=
  exit_ok "N=$n" "$rc" "$d/err" || return
  summary_ok "N=$n" "$rc" "$d/out" || return
  debris_in "$ix" || { bad "N=$n: exit $rc, left $DEBRIS"; return; }
  if [ "$LIVE" = "$OLD_GEN" ]; then
    [ "$rc" -ne 0 ] || { bad "N=$n: exit 0 but the old generation is still live"; return; }
    # The old generation as it was: its files unchanged, or, where an
    # update wrote past its blocks (copy-on-write), its answers and --check.
    if sums "$ix/$OLD_GEN" >"$d/sums" && same "$d/sums" "$WORK/old.sums"; then
      local now=("$ix"/*)
      [ "${now[*]#"$ix"}" = "$OLD_TOP" ] && PRISTINE=$d
      return
    fi
    answers_seen "$ix" "$Q" >"$d/answers" && same "$d/answers" "$WORK/old.answers" ||
      { bad "N=$n: exit $rc, the old generation answers differently"; return; }
    why=$(checked "$ix" "$CU") || bad "N=$n: exit $rc, the old generation fails --check: $why"
  elif [ -n "$LIVE" ]; then
    # A new generation: the new answers; after a failure (a file kept as
    # last indexed) the old ones will do too.
    answers_seen "$ix" "$Q" >"$d/answers"
    if ! same "$d/answers" "$WORK/new.answers"; then
      if [ "$rc" -eq 0 ] || ! same "$d/answers" "$WORK/old.answers"; then
        bad "N=$n: exit $rc, $LIVE answers neither as before nor as after: $(diff "$WORK/new.answers" "$d/answers" | head -c 600)"
        return
      fi
    fi
    why=$(checked "$ix" "$CU" "$([ "$rc" -eq 0 ] && echo up-to-date)") ||
      bad "N=$n: exit $rc, $LIVE fails --check: $why"
  else
    bad "N=$n: exit $rc, no live generation"
  fi
}

# age_since T: wait until 2.5 s have passed since T. A file changed within
# two seconds before a run gets no signature (it is read again by the next
# update), so the update's runs would not all read the same files.
age_since() { while [ $(( $(now_ms) - $1 )) -lt 2500 ]; do sleep 0.3; done; }

# The update's old index (of the corpus as it was made: every file signed),
# then the edit, in place. Done early, so that the corpus has aged by the
# time the update runs.
if wanted update || wanted persist; then
  age_since "$CORPORA_MADE"
  lasearch-index --quiet --shards 1 --corpus "$CU" --index "$WORK/old" || fail "the old index"
  sed -i 's/^Carers told us/Unpaid carers told us/' "$CU/documents/ealing.txt" || fail "sed"
  EDITED=$(now_ms)
  OLD_GEN=$(live_gen "$WORK/old")
  OLD_TOP=$(a=("$WORK/old"/*); echo "${a[*]#"$WORK/old"}")
  answers_seen "$WORK/old" "$Q" >"$WORK/old.answers" || fail "answers"
  sums "$WORK/old/$OLD_GEN" >"$WORK/old.sums"
  OLD_FILES=$(cd "$WORK/old/$OLD_GEN" && find . -type f | sort | tr '\n' ' ')
fi

# ---- readers --------------------------------------------------------------

# reader_check N RC DIR: the page read, or skipped for memory (the
# corpus then has nothing to index: exit 2, nothing published).
reader_check() {
  local n=$1 rc=$2 d=$3 why
  local ix=$d/ix
  exit_ok "N=$n" "$rc" "$d/err" || return
  if [ "$rc" -ne 0 ] && [[ $FIRST != *"page.html: skipped: "*memory* ]]; then
    bad "N=$n: exit $rc, but not the page skipped for memory: $FIRST"
  elif [ -e "$ix/XAPIANDB" ]; then
    answers_seen "$ix" "$Q" >"$d/answers" 2>&1 && same "$d/answers" "$WORK/ref.answers" ||
      { bad "N=$n: exit $rc, published, but answers differently"; return; }
    why=$(checked "$ix" "$CB" up-to-date) || bad "N=$n: exit $rc, published, --check: $why"
  else
    [ "$rc" -ne 0 ] || { bad "N=$n: exit 0 but nothing published"; return; }
    local left=("$ix"/gen-*)
    [ -e "${left[0]}" ] && bad "N=$n: exit $rc: left an unpublished generation: ${left[*]}"
  fi
}

if wanted readers; then
  part readers
  READER_CALLS=$(count_calls "$WORK/reader.count" env LASEARCH_FAULT_WORKER=1 \
                   "${BUILD[@]//@D@/$WORK/rcounted}") ||
    fail "lasearch-index-fault without faults in its reader failed or counted nothing"
  [ "$READER_CALLS" -ge 5 ] || fail "the reader worker counted only $READER_CALLS calls"
  sweep "$READER_CALLS" "$STEP" build_prepare reader_check env LASEARCH_FAULT_WORKER=1 "${BUILD[@]}"
  part_done "($(every "$STEP") to $READER_CALLS)"
fi

# ---- queries --------------------------------------------------------------

# query_check N RC DIR: query K's output and exit code as without faults,
# or exit 2 with a message about memory; in a --batch, each line its
# answer or an error object about memory.
query_check() {
  local n=$1 rc=$2 d=$3 out=
  local what="query $K (${QUERY_ARGS[$K]}) N=$n: exit $rc"
  no_crash "$what" "$rc" "$d/err" || return
  [ "$rc" -eq "${QUERY_RC[$K]}" ] && same "$d/out" "$WORK/q$K.out" && return
  [ "$rc" -eq 2 ] || { bad "$what with another answer: $(diff "$WORK/q$K.out" "$d/out" | head -c 600)"; return; }
  case ${QUERY_ARGS[$K]} in --batch*) out=$d/out ;; esac
  exit_ok "$what" "$rc" "$d/err" $out || return
  case ${QUERY_ARGS[$K]} in
    --batch*)
      # Line by line: the answer, an error object about memory, or (the
      # run failed before answering) nothing.
      awk 'NR == FNR { want[FNR] = $0; next }
           $0 != want[FNR] && $0 !~ /^\{"query":.*,"error":\{"message":"[^"]*memory/ { print; exit 1 }' \
        "$WORK/q$K.out" "$d/out" >"$d/diff" ||
        { first "$d/diff"; bad "$what: a batch line neither its answer nor an error about memory: $FIRST"; }
      ;;
  esac
}

query_prepare() { :; }

if wanted queries || wanted persist; then
  QUERY_CALLS=() QUERY_RC=()
  for K in "${!QUERY_ARGS[@]}"; do
    eval "lasearch-query --index \"\$WORK/ref\" ${QUERY_ARGS[$K]}" >"$WORK/q$K.out" 2>/dev/null
    QUERY_RC[$K]=$?
    # (The batch's last line is a syntax error: exit 2.)
    [ "${QUERY_RC[$K]}" -le 1 ] || [ "$K" -eq 0 ] || fail "query $K (${QUERY_ARGS[$K]}) failed without faults"
    QUERY_CALLS[$K]=$(eval "count_calls \"\$WORK/q.count\" lasearch-query-fault --index \"\$WORK/ref\" ${QUERY_ARGS[$K]}") ||
      fail "query $K (${QUERY_ARGS[$K]}): lasearch-query-fault without faults failed"
    eval "lasearch-query-fault --index \"\$WORK/ref\" ${QUERY_ARGS[$K]}" 2>/dev/null |
      cmp -s - "$WORK/q$K.out" || fail "query $K: lasearch-query-fault answers differently"
  done
fi
# queries STEP: every query's sweep.
queries() {
  for K in "${!QUERY_ARGS[@]}"; do
    eval "sweep \"\${QUERY_CALLS[\$K]}\" $1 query_prepare query_check lasearch-query-fault --index \"\$WORK/ref\" ${QUERY_ARGS[$K]}"
  done
}
if wanted queries; then
  part queries
  queries "$STEP"
  part_done "of ${#QUERY_ARGS[@]} queries ($(every "$STEP") to ${QUERY_CALLS[*]})"
fi

# ---- persistent faults ----------------------------------------------------

if wanted persist; then
  part persist
  export LASEARCH_FAULT_PERSIST=1
  sweep "$BUILD_CALLS" "$PSTEP" build_prepare build_check "${BUILD[@]}"
  queries $(( (PSTEP + 1) / 2 ))
  unset LASEARCH_FAULT_PERSIST
  part_done "(the build at $(every "$PSTEP"), the queries at $(every $(( (PSTEP + 1) / 2 ))))"
fi

# ---- the update, at last --------------------------------------------------

if wanted update || wanted persist; then
  age_since "$EDITED"
  rm -rf "$WORK/ucounted" && mkdir -p "$WORK/ucounted" && cp -a "$WORK/old" "$WORK/ucounted/uix" ||
    fail "cp"
  UPDATE_CALLS=$(count_calls "$WORK/update.count" "${UPDATE[@]//@D@/$WORK/ucounted}") ||
    fail "lasearch-index-fault --update without faults failed or counted nothing"
  # The new answers: the update's without faults, first-seen generations
  # and all (otherwise a fresh build's).
  cp -a "$CU" "$WORK/ucorpus2" && lasearch-index --quiet --shards 1 --corpus "$WORK/ucorpus2" \
    --index "$WORK/new" || fail "the new index"
  answers "$WORK/new" "$Q" | cmp -s - <(answers "$WORK/ucounted/uix" "$Q") ||
    fail "lasearch-index-fault --update without faults answers otherwise than a build"
  answers_seen "$WORK/ucounted/uix" "$Q" >"$WORK/new.answers" || fail "answers"
  grep -q '"first_seen_generation":1' "$WORK/new.answers" &&
    grep -q '"first_seen_generation":2' "$WORK/new.answers" ||
    fail "the update without faults made no history: $(cat "$WORK/new.answers")"
  cmp -s "$WORK/old.answers" "$WORK/new.answers" && fail "the edit changes no answer"
fi
if wanted update; then
  part update
  sweep "$UPDATE_CALLS" "$STEP" update_prepare update_check "${UPDATE[@]}"
  part_done "($(every "$STEP") to $UPDATE_CALLS)"
fi
if wanted persist; then
  part persist-update
  export LASEARCH_FAULT_PERSIST=1
  sweep "$UPDATE_CALLS" "$PSTEP" update_prepare update_check "${UPDATE[@]}"
  unset LASEARCH_FAULT_PERSIST
  part_done "($(every "$PSTEP"))"
fi

note "$(( ($(now_ms) - T0) / 1000 )) s in all"
[ "$FAILED" -eq 0 ] || exit 1
