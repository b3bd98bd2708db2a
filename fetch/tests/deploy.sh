#!/usr/bin/env bash
# deploy.sh: the nightly loop's examples in deploy/ work: the crontab entry
# of lasearch-nightly.cron (valid fields, a user, a command) runs the
# nightly script against our own site, fetching and indexing, twice (the
# second night: nothing new, the index up to date), with saved searches
# (the first night reports what matched, the second nothing, in one line;
# a bad saved search stops the update); the systemd service and
# timer pass `systemd-analyze verify`, and the service's ExecStart runs.
. "$(dirname "$0")/lib.sh"

D=$SRC/deploy IX=$WORK/index
mkdir -p "$SITE/reports" "$C"
cp "$SRC/corpus/authorities.tsv" "$C/"
mkdir -p "$WORK/data" && export LASEARCH_DATADIR=$WORK/data
awk -v title="Ealing" -f "$SRC/tests/tools/text2html.awk" \
  "$SRC/corpus/documents/001_80e5e828aad1d6a4.txt" >"$SITE/reports/ealing.html"
echo '<p><a href="/reports/ealing.html">Ealing</a></p>' >"$SITE/reports/index.html"
start_server
printf 'url\tfollow\n%s/reports/\t%s/reports/\n' "$BASE" "$BASE" >"$C/sources.tsv"
export LASEARCH_BINDIR=$LASEARCH_BIN LASEARCH_FETCH_ARGS="--delay 0"
# Saved searches live outside the corpus (the crontab's LASEARCH_ALERTS
# line names /etc/lasearch/alerts.tsv; here, our own file).
printf '# what is new\nsection 75\t"section 75"\nnothing\tzebra\n' >"$WORK/alerts.tsv"
export LASEARCH_ALERTS=$WORK/alerts.tsv

localise() {
  sed -e "s|/usr/local/share/lasearch/deploy/|$D/|g" -e "s|/usr/local/bin|$LASEARCH_BIN|g" \
      -e "s|/srv/lasearch/corpus|$C|g" -e "s|/srv/lasearch/index|$IX|g" "$1"
}

# ---- cron ----
lines=$(grep -v '^[[:space:]]*#' "$D/lasearch-nightly.cron" | grep -v '^[[:space:]]*$' |
        grep -v '^[A-Z_]*=')
[ "$(wc -l <<<"$lines")" -eq 1 ] || fail "expected one crontab entry, got: $lines"
read -r min hour dom mon dow user cmd <<<"$lines"
in_range() { [ "$1" = "*" ] || { [[ $1 =~ ^[0-9]+$ ]] && [ "$1" -ge "$2" ] && [ "$1" -le "$3" ]; }; }
in_range "$min" 0 59 && in_range "$hour" 0 23 && in_range "$dom" 1 31 && in_range "$mon" 1 12 &&
  in_range "$dow" 0 7 || fail "bad time fields in: $lines"
[[ $user =~ ^[a-z_][a-z0-9_-]*$ ]] || fail "no user field in: $lines"
[[ $cmd == /* ]] || fail "the command should have an absolute path: $cmd"
cmd=$(localise <(echo "$cmd"))
sh -c "$cmd" >"$WORK/cron1.out" 2>&1 || fail "night 1 from cron: $(cat "$WORK/cron1.out")"
grep -q "2 new" "$WORK/cron1.out" || fail "night 1 fetched nothing: $(cat "$WORK/cron1.out")"
lasearch-query --index "$IX" '"section 75"' >/dev/null || fail "night 1 indexed nothing"
grep -q '^== section 75: [0-9]* new or changed paragraph' "$WORK/cron1.out" &&
  grep -q 'Nothing new for: nothing' "$WORK/cron1.out" ||
  fail "night 1 reported no saved search: $(cat "$WORK/cron1.out")"
sh -c "$cmd" >"$WORK/cron2.out" 2>&1 || fail "night 2 from cron: $(cat "$WORK/cron2.out")"
grep -q "0 new, 0 changed, 2 unchanged" "$WORK/cron2.out" && grep -q "up to date" "$WORK/cron2.out" ||
  fail "night 2: $(cat "$WORK/cron2.out")"
grep -q 'Saved searches: nothing new or changed after generation 1 for any of 2' "$WORK/cron2.out" ||
  fail "night 2's saved searches: $(cat "$WORK/cron2.out")"
[ "$(wc -l <"$WORK/cron2.out")" -le 4 ] || fail "cron mail is not short: $(cat "$WORK/cron2.out")"
printf 'broken\n' >"$WORK/alerts-bad.tsv"
LASEARCH_ALERTS=$WORK/alerts-bad.tsv sh -c "$cmd" >"$WORK/cron-bad.out" 2>&1
[ $? -eq 2 ] && grep -q 'alerts-bad.tsv:1:' "$WORK/cron-bad.out" ||
  fail "a bad saved-searches file: $(cat "$WORK/cron-bad.out")"
note "crontab entry OK: $min $hour $dom $mon $dow $user"

# A fetch that cannot run leaves the index alone, and says so.
mv "$C/sources.tsv" "$WORK/sources.tsv"
sh -c "$cmd" >"$WORK/cron3.out" 2>&1 && fail "a failed fetch was not reported"
grep -q "the index is left as it was" "$WORK/cron3.out" || fail "$(cat "$WORK/cron3.out")"
mv "$WORK/sources.tsv" "$C/sources.tsv"

# ---- systemd ----
if ! command -v systemd-analyze >/dev/null; then
  echo "SKIP: systemd-analyze missing (the crontab entry was checked)"; exit 77
fi
mkdir -p "$WORK/units"
for u in lasearch-nightly.service lasearch-nightly.timer; do
  localise "$D/$u" >"$WORK/units/$u"
done
systemd-analyze verify "$WORK/units/lasearch-nightly.service" "$WORK/units/lasearch-nightly.timer" \
  >"$WORK/verify.log" 2>&1 || fail "systemd-analyze verify: $(cat "$WORK/verify.log")"
grep -v 'Special user' "$WORK/verify.log" | grep -q . &&
  fail "systemd-analyze verify complained: $(cat "$WORK/verify.log")"
cal=$(sed -n 's/^OnCalendar=//p' "$D/lasearch-nightly.timer")
systemd-analyze calendar "$cal" >/dev/null || fail "OnCalendar=$cal does not parse"
grep -q '^WantedBy=timers.target' "$D/lasearch-nightly.timer" || fail "the timer is never enabled"
exec_start=$(sed -n 's/^ExecStart=//p' "$WORK/units/lasearch-nightly.service")
envs=$(sed -n 's/^Environment=//p' "$WORK/units/lasearch-nightly.service" | tr '\n' ' ')
rm -rf "$IX"
env $envs sh -c "$exec_start" >"$WORK/service.out" 2>&1 ||
  fail "ExecStart failed: $(cat "$WORK/service.out")"
lasearch-index --check --quiet --corpus "$C" --index "$IX" || fail "the service left a bad index"
note "systemd units OK (OnCalendar=$cal)"
exit 0
