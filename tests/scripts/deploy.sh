#!/usr/bin/env bash
# deploy.sh: the nightly-run examples in deploy/ are valid and work.
#
#  - the systemd service and timer pass `systemd-analyze verify` (with the
#    binary path pointed at this build, since verify checks that ExecStart
#    is executable), and the timer's OnCalendar parses;
#  - the crontab line has five valid time fields, a user and a command, and
#    that command (paths pointed at a scratch corpus and index) runs, twice
#    (the second time an update with nothing to do), exiting 0;
#  - the service's ExecStart, run the same way, exits 0.
. "$(dirname "$0")/common.bash"

D=$SRC/deploy
C=$WORK/corpus IX=$WORK/index
cp -r "$SRC/corpus" "$C"

# Point the examples' paths at this build and this scratch directory.
localise() {
  sed -e "s|/usr/local/bin/lasearch-index|$LASEARCH_BIN/lasearch-index|g" \
      -e "s|/srv/lasearch/corpus|$C|g" -e "s|/srv/lasearch/index|$IX|g" "$1"
}

# ---- cron ----
lines=$(grep -v '^[[:space:]]*#' "$D/lasearch-index.cron" | grep -v '^[[:space:]]*$' |
        grep -v '^[A-Z_]*=')
[ "$(wc -l <<<"$lines")" -eq 1 ] || fail "expected one crontab entry, got: $lines"
read -r min hour dom mon dow user cmd <<<"$lines"
field() {   # field VALUE MIN MAX: *, N, N-M, lists and /steps within range
  local v=$1 lo=$2 hi=$3 part n
  IFS=, read -ra parts <<<"$v"
  for part in "${parts[@]}"; do
    part=${part%/*[0-9]}
    [ "$part" = "*" ] && continue
    for n in ${part/-/ }; do
      [[ $n =~ ^[0-9]+$ ]] && [ "$n" -ge "$lo" ] && [ "$n" -le "$hi" ] || return 1
    done
  done
}
field "$min" 0 59 && field "$hour" 0 23 && field "$dom" 1 31 && field "$mon" 1 12 &&
  field "$dow" 0 7 || fail "bad time fields in: $lines"
[[ $user =~ ^[a-z_][a-z0-9_-]*$ ]] || fail "no user field in: $lines"
[[ $cmd == /* ]] || fail "the command should have an absolute path: $cmd"
cmd=$(localise <(echo "$cmd"))
sh -c "$cmd" >"$WORK/cron1.out" 2>&1 || fail "the cron command failed: $(cat "$WORK/cron1.out")"
sh -c "$cmd" >"$WORK/cron2.out" 2>&1 || fail "the cron command failed again: $(cat "$WORK/cron2.out")"
grep -q "up to date" "$WORK/cron2.out" || fail "second cron run: $(cat "$WORK/cron2.out")"
[ "$(wc -l <"$WORK/cron1.out")" -le 4 ] || fail "cron mail is not short: $(cat "$WORK/cron1.out")"
note "crontab entry OK: $min $hour $dom $mon $dow $user"

# ---- systemd ----
if ! command -v systemd-analyze >/dev/null; then
  echo "SKIP: systemd-analyze missing (the crontab entry was checked)"; exit 77
fi
mkdir -p "$WORK/units"
for u in lasearch-index.service lasearch-index.timer; do
  localise "$D/$u" >"$WORK/units/$u"
done
systemd-analyze verify "$WORK/units/lasearch-index.service" "$WORK/units/lasearch-index.timer" \
  >"$WORK/verify.log" 2>&1 || fail "systemd-analyze verify: $(cat "$WORK/verify.log")"
grep -v 'Special user' "$WORK/verify.log" | grep -q . &&
  fail "systemd-analyze verify complained: $(cat "$WORK/verify.log")"
cal=$(sed -n 's/^OnCalendar=//p' "$D/lasearch-index.timer")
systemd-analyze calendar "$cal" >/dev/null || fail "OnCalendar=$cal does not parse"
grep -q '^Unit=\|^WantedBy=timers.target' "$D/lasearch-index.timer" || fail "the timer is never enabled"

exec_start=$(sed -n 's/^ExecStart=//p' "$WORK/units/lasearch-index.service")
envs=$(sed -n 's/^Environment=//p' "$WORK/units/lasearch-index.service" | tr '\n' ' ')
rm -rf "$IX"
env $envs sh -c "$exec_start" >"$WORK/service.out" 2>&1 ||
  fail "ExecStart failed: $(cat "$WORK/service.out")"
lasearch-index --check --quiet --corpus "$C" --index "$IX" || fail "the service left a bad index"
note "systemd units OK (OnCalendar=$cal)"
