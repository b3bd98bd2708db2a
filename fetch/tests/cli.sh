#!/usr/bin/env bash
# cli.sh: lasearch-fetch's command line and its exit statuses: --help and
# --version; bad options, a missing or bad sources.tsv, an unknown council
# (2); a second fetch on the same corpus (75); a manifest it cannot edit
# (2, nothing changed).
. "$(dirname "$0")/lib.sh"

mkdir -p "$C"
cp "$SRC/corpus/authorities.tsv" "$C/"
expect() {   # expect STATUS GREP-PATTERN ARGS...
  local want=$1 pat=$2
  shift 2
  fetch "$@"
  [ "$RC" -eq "$want" ] || fail "lasearch-fetch $*: exit $RC, expected $want: $(cat "$WORK/fetch.err")"
  grep -q -- "$pat" "$WORK/fetch.out" "$WORK/fetch.err" ||
    fail "lasearch-fetch $*: no '$pat' in: $(cat "$WORK/fetch.out" "$WORK/fetch.err")"
}

expect 0 "EXIT STATUS" --help
expect 0 "^lasearch-fetch [0-9]" --version
expect 2 "--delay" --delay -1
expect 2 "--max-size" --max-size 12Q
expect 2 "unknown option" --frobnicate
expect 2 "contradict" --quiet --verbose
fetch --corpus "$WORK/nowhere"
[ "$RC" -eq 2 ] || fail "a missing corpus: exit $RC"
expect 2 "sources.tsv: no such file"
printf 'url\tfollow\tcolour\n' >"$C/sources.tsv"
expect 2 "sources.tsv:1: the header line"
printf 'url\tfollow\tauthority\nhttp://127.0.0.1:9/\thttp://127.0.0.1:9/\tNarnia\n' >"$C/sources.tsv"
expect 2 'unknown council "Narnia"'

# A manifest without a file column: refused, untouched, nothing asked for.
mkdir -p "$SITE" && echo "<p>hello</p>" >"$SITE/index.html"
start_server
printf 'url\tfollow\n%s/\t%s/\n' "$BASE" "$BASE" >"$C/sources.tsv"
printf 'authority\turl\n' >"$C/manifest.tsv"
cp "$C/manifest.tsv" "$WORK/manifest.before"
expect 2 "no file column"
cmp -s "$C/manifest.tsv" "$WORK/manifest.before" || fail "the manifest was changed"
[ "$(wc -l <"$LOG")" -eq 0 ] || fail "requests were made before the manifest was read"
rm "$C/manifest.tsv"
expect 0 "1 new"

# Two fetches on one corpus: the second exits 75 at once. The first is
# held on a page that trickles for minutes.
printf 'url\tfollow\n%s/slow\t%s/\n' "$BASE" "$BASE" >"$C/sources.tsv"
lasearch-fetch --corpus "$C" --delay 0 --timeout 60 >"$WORK/first.out" 2>&1 &
first=$!
for i in $(seq 100); do grep -q "^/slow	" "$LOG" && break; sleep 0.1; done
grep -q "^/slow	" "$LOG" || fail "the first fetch never reached /slow"
expect 75 "another lasearch-fetch is running"
{ kill -9 "$first"; wait "$first"; } 2>/dev/null
# The kernel dropped the dead fetch's lock.
printf 'url\tfollow\n%s/\t%s/\n' "$BASE" "$BASE" >"$C/sources.tsv"
expect 0 "1 unchanged"
[ "$(grep -c 'ua=lasearch-fetch' "$LOG")" -eq "$(wc -l <"$LOG")" ] || fail "a request without the User-Agent"
note "options, sources.tsv, the lock and exit statuses OK"
exit 0
