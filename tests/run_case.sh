#!/usr/bin/env bash
# run_case.sh CASE: run one declarative test case through the real binaries.
#
# A case file (tests/cases/*.case) is a list of "key: value" lines:
#   # ...              a comment: say what the case proves
#   setup: CMD         shell run first (must exit 0); may build corpora in $WORK
#   run: CMD           the command under test (bash -c), once per case
#   exit: N            its expected exit status (default 0)
#   stdout-empty: yes  nothing on stdout
#   stdout-contains: TEXT / stdout-lacks: TEXT   (fixed strings)
#   stderr-contains: TEXT / stderr-lacks: TEXT
#   jq: EXPR           jq EXPR on stdout must print true (for each JSON value)
#   check: CMD         shell that must exit 0 ($OUT and $ERR name the outputs)
#   skip-if-root: WHY  skip (exit 77) when run as root
#   skip-unless: CMD   skip (exit 77) unless CMD succeeds (run in $WORK)
# Environment for every command: the build's binaries first on PATH;
# LASEARCH_INDEX = the seed corpus's index, LASEARCH_CORPUS = corpus/;
# $SRC (source tree), $FIXTURES (tests/fixtures), $WORK (a fresh scratch dir).
set -u
case_file=$1
name=$(basename "$case_file" .case)
export WORK="$LASEARCH_WORK/$name" SRC="$LASEARCH_SRC" FIXTURES="$LASEARCH_FIXTURES"
export PATH="$LASEARCH_BIN:$PATH" LASEARCH_INDEX="$LASEARCH_SEED_INDEX"
export LASEARCH_CORPUS="$LASEARCH_SRC/corpus" NO_COLOR=1 LC_ALL=C.UTF-8
rm -rf "$WORK" && mkdir -p "$WORK"
export OUT="$WORK/stdout" ERR="$WORK/stderr"

failures=0 passed=0
fail() { echo "FAIL [$name]: $*" >&2; failures=$((failures + 1)); }
pass() { passed=$((passed + 1)); }

expected_exit=0 ran=0
while IFS= read -r line || [ -n "$line" ]; do
  case "$line" in ''|'#'*) continue ;; esac
  key=${line%%:*}
  value=${line#*: }
  [ "$value" = "$line" ] && value=${line#*:}
  case "$key" in
    skip-if-root)
      if [ "$(id -u)" -eq 0 ]; then echo "SKIP [$name]: $value"; exit 77; fi ;;
    skip-unless)
      if ! (cd "$WORK" && bash -c "$value") >/dev/null 2>&1; then
        echo "SKIP [$name]: needs: $value"; exit 77
      fi ;;
    setup)
      if ! (cd "$WORK" && bash -c "$value") >"$WORK/setup.log" 2>&1; then
        echo "ERROR [$name]: setup failed: $value" >&2; cat "$WORK/setup.log" >&2; exit 1
      fi ;;
    exit) expected_exit=$value ;;
    run)
      (cd "$WORK" && bash -c "$value") >"$OUT" 2>"$ERR" </dev/null
      status=$? ran=1
      if [ "$status" -ne "$expected_exit" ]; then
        fail "exit status $status, expected $expected_exit: $value"
        echo "--- stderr:" >&2; head -c 2000 "$ERR" >&2
        echo "--- stdout:" >&2; head -c 2000 "$OUT" >&2
      else pass; fi ;;
    stdout-empty)
      if [ -s "$OUT" ]; then fail "stdout not empty: $(head -c 300 "$OUT")"; else pass; fi ;;
    stdout-contains)
      if grep -qF -- "$value" "$OUT"; then pass; else fail "stdout lacks: $value"; fi ;;
    stdout-lacks)
      if grep -qF -- "$value" "$OUT"; then fail "stdout has: $value"; else pass; fi ;;
    stderr-contains)
      if grep -qF -- "$value" "$ERR"; then pass; else fail "stderr lacks: $value ($(head -c 500 "$ERR"))"; fi ;;
    stderr-lacks)
      if grep -qF -- "$value" "$ERR"; then fail "stderr has: $value"; else pass; fi ;;
    jq)
      got=$(jq -c "$value" "$OUT" 2>&1)
      if [ -n "$got" ] && ! grep -qv '^true$' <<<"$got"; then pass
      else fail "jq '$value' gave: $(head -c 300 <<<"$got")"; fi ;;
    check)
      if (cd "$WORK" && bash -c "$value") >"$WORK/check.log" 2>&1; then pass
      else fail "check failed: $value: $(head -c 600 "$WORK/check.log")"; fi ;;
    *) echo "ERROR [$name]: unknown key '$key' in $case_file" >&2; exit 1 ;;
  esac
done <"$case_file"

if [ "$ran" -eq 0 ]; then echo "ERROR [$name]: no run: line" >&2; exit 1; fi
echo "$name: $passed passed, $failures failed"
[ "$failures" -eq 0 ]
