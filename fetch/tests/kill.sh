#!/usr/bin/env bash
# kill.sh: kill -9 lasearch-fetch at random moments (pages trickling in,
# files being written, the state and manifest being saved): every file in
# documents/ is always one the server sent, whole; manifest.tsv always has
# its header; and a run left alone afterwards completes, with every page
# and no temporary file left. LASEARCH_SEED=N replays a sequence of kills;
# LASEARCH_KILLS sets how many (default 6).
. "$(dirname "$0")/lib.sh"

seed=${LASEARCH_SEED:-$RANDOM}
kills=${LASEARCH_KILLS:-6}
RANDOM=$seed
note "seed $seed, $kills kills"

R=reports
mkdir -p "$SITE/$R" "$C"
cp "$SRC/corpus/authorities.tsv" "$C/"
links=()
i=0
for f in "$SRC"/corpus/documents/*.txt; do
  for v in 1 2 3 4; do
    i=$((i + 1))
    { cat "$f"; echo; echo "Copy $v of $(basename "$f"), page $i."; } >"$WORK/p$i.txt"
    html_page "$WORK/p$i.txt" "Report $i" "$SITE/$R/p$i.html"
    links+=("/$R/p$i.html|Report $i")
    if [ "$v" -eq 1 ]; then
      make_pdf "$WORK/p$i.txt" "$SITE/$R/p$i.pdf"
      links+=("/$R/p$i.pdf|Report $i (PDF)")
    fi
  done
done
echo "All reports." >"$WORK/hub.txt"
html_page "$WORK/hub.txt" "Reports" "$SITE/$R/index.html" "${links[@]}"
pages=$(( ${#links[@]} + 1 ))   # and the list itself, under follow
(cd "$SITE/$R" && sha256sum ./* | cut -d' ' -f1 | sort -u) >"$WORK/site.sums"

# Each 512 bytes 2 ms apart: a run takes a few seconds, so kills land
# mid-page as well as mid-write.
start_server --trickle 2
printf 'url\tfollow\n%s\t%s\n' "$BASE/$R/" "$BASE/$R/" >"$C/sources.tsv"

whole() {
  local f
  while IFS= read -r -d '' f; do
    grep -qx "$(sha256sum "$f" | cut -d' ' -f1)" "$WORK/site.sums" ||
      fail "kill $1: $f is not a file the server sent (size $(stat -c %s "$f"))"
  done < <(find "$C/documents" -type f ! -name '.*' -print0 2>/dev/null)
  if [ -e "$C/manifest.tsv" ]; then
    grep -v '^#' "$C/manifest.tsv" | head -1 | grep -qx "file	authority	kind	url	published" ||
      fail "kill $1: manifest.tsv without its header: $(head -3 "$C/manifest.tsv")"
  fi
}

for k in $(seq "$kills"); do
  # A few pages change each time, so every run writes as well as asks.
  for j in 1 2 3 4 5; do
    p=$(( RANDOM % i + 1 ))
    echo "Revision $k.$j of page $p." >>"$WORK/p$p.txt"
    html_page "$WORK/p$p.txt" "Report $p" "$SITE/$R/p$p.html"
    sha256sum "$SITE/$R/p$p.html" | cut -d' ' -f1 >>"$WORK/site.sums"
  done
  lasearch-fetch --corpus "$C" --delay 0 --quiet >"$WORK/kill$k.out" 2>&1 &
  pid=$!
  sleep "$(( RANDOM % 2 )).$(( RANDOM % 10 ))"
  { kill -9 "$pid"; wait "$pid"; } 2>/dev/null
  whole "$k"
  note "kill $k: $(find "$C/documents" -type f ! -name '.*' 2>/dev/null | wc -l) whole files"
done

fetch
[ "$RC" -eq 0 ] || fail "the run after the kills: exit $RC: $(cat "$WORK/fetch.err")"
whole final
n=$(find "$C/documents" -type f | wc -l)
[ "$n" -eq "$pages" ] || fail "$n files after the last run, expected $pages"
[ "$(grep -c '^documents/' "$C/manifest.tsv")" -eq "$pages" ] || fail "manifest rows: $(cat "$C/manifest.tsv")"
find "$C" -name '.fetch-tmp-*' | grep . && fail "temporary files left behind"
fetch
[ "$RC" -eq 0 ] && grep -q "0 new, 0 changed, $pages unchanged" "$WORK/fetch.out" ||
  fail "a last run found changes: $(cat "$WORK/fetch.out" "$WORK/fetch.err")"
note "after $kills kills: $pages pages whole, a rerun completes"
exit 0
