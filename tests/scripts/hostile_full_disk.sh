#!/usr/bin/env bash
# hostile_full_disk.sh: a full disk is an error naming the full disk, every
# time, and never an abort. Builds and updates run on a small tmpfs (in a
# user and mount namespace of their own, so no root is needed where the
# kernel allows them) filled up at many different points: each run that
# does not fit exits 2 with "the disk holding ... is full (No space left on
# device)", publishes nothing, and leaves the live index answering as
# before. Skipped (77) where a tmpfs cannot be mounted. (The ulimit -f
# variant of this is the case hostile_full_disk.)
. "$(dirname "$0")/common.bash"

mnt=$WORK/mnt
mkdir -p "$mnt" || fail "mkdir"
# in_ns SIZE CMD...: run CMD with a tmpfs of SIZE mounted on $mnt.
in_ns() {
  local size=$1 ns=(unshare -m); shift
  [ "$(id -u)" -eq 0 ] || ns=(unshare -r -m)
  "${ns[@]}" bash -c 'mount -t tmpfs -o size="$0" tmpfs "$1" || exit 99; shift; "$@"' \
    "$size" "$mnt" "$@"
}
if ! in_ns 1m true 2>/dev/null; then
  echo "SKIP [$NAME]: cannot mount a tmpfs here (no user or mount namespaces)"
  exit 77
fi

# Under LeakSanitizer, libxapian leaks a little on its write-error path
# (allocated inside libxapian, not lasearch): that is not what this tests.
# A crash or an abort still fails it.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"

c=$WORK/corpus
make_corpus "$c" 6 || fail "make_corpus"   # over 1,000 paragraphs: flushes mid-build
write_queries "$WORK/queries"

# A full build into a tmpfs too small for it, at sizes that fill it at
# different moments (while adding documents, committing, storing the
# metadata, publishing).
runs=0 full=0
for kb in $(seq 64 64 1600); do
  in_ns "${kb}k" bash -c '
    lasearch-index --shards 1 --corpus "$1" --index "$2/i" >"$3/out" 2>"$3/err"
    echo $? >"$3/rc"
    if [ -e "$2/i/XAPIANDB" ]; then echo published >"$3/state"; else echo none >"$3/state"; fi
    ls -A "$2/i" 2>/dev/null >"$3/left"' _ "$c" "$mnt" "$WORK"
  rc=$(cat "$WORK/rc")
  runs=$((runs + 1))
  [ "$rc" -lt 128 ] || { cat "$WORK/err"; fail "${kb}k: killed by signal $((rc - 128))"; }
  if [ "$rc" -le 1 ]; then
    break   # it fits from here on
  fi
  full=$((full + 1))
  [ "$rc" -eq 2 ] || { cat "$WORK/err"; fail "${kb}k: exit $rc, expected 2"; }
  grep -q "the disk holding '$mnt/i' is full (No space left on device)" "$WORK/err" ||
    { cat "$WORK/err"; fail "${kb}k: the message does not name the full disk"; }
  grep -q "cancel() not supported" "$WORK/err" &&
    ! grep -q "is full" "$WORK/err" && fail "${kb}k: the cause was hidden"
  [ "$(cat "$WORK/state")" = none ] || fail "${kb}k: a failed build published an index"
  grep -q '^gen-' "$WORK/left" && { cat "$WORK/left"; fail "${kb}k: a failed build left its generation"; }
done
[ "$full" -ge 5 ] || fail "only $full of $runs builds ran out of room: the corpus is too small"
note "$full full-disk builds: each exit 2 naming the full disk, nothing published"

# An update on a disk that fills up: the live index stays as it was.
for spare in 16 64 160 320; do
  in_ns 8m bash -c '
    set -e
    lasearch-index --quiet --shards 1 --corpus "$1" --index "$2/i"
    answers() { lasearch-query --index "$2/i" --limit 1000 --batch "$3/queries"; }
    answers "$@" >"$3/before.json"
    for f in "$1"/documents/*_c1.txt; do printf "\nAn edit.\n" >>"$f"; done
    # Leave only $4 KiB free.
    free=$(df -k --output=avail "$2" | tail -1)
    fallocate -l $(( (free - $4) * 1024 )) "$2/filler" 2>/dev/null ||
      head -c $(( (free - $4) * 1024 )) /dev/zero >"$2/filler" || true
    set +e
    lasearch-index --update --corpus "$1" --index "$2/i" >"$3/out" 2>"$3/err"
    echo $? >"$3/rc"
    answers "$@" >"$3/after.json"
    for f in "$1"/documents/*_c1.txt; do sed -i "\$d" "$f"; sed -i "\$d" "$f"; done' \
    _ "$c" "$mnt" "$WORK" "$spare"
  rc=$(cat "$WORK/rc")
  [ "$rc" -lt 128 ] || { cat "$WORK/err"; fail "update, ${spare}k spare: killed by signal"; }
  if [ "$rc" -eq 2 ]; then
    grep -q "is full (No space left on device)" "$WORK/err" ||
      { cat "$WORK/err"; fail "update, ${spare}k spare: the message does not name the full disk"; }
    cmp -s "$WORK/before.json" "$WORK/after.json" ||
      fail "update, ${spare}k spare: the live index changed"
    note "update with ${spare}k spare: exit 2 naming the full disk, live index intact"
  else
    [ "$rc" -le 1 ] || { cat "$WORK/err"; fail "update, ${spare}k spare: exit $rc"; }
  fi
done
exit 0
