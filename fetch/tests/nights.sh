#!/usr/bin/env bash
# nights.sh: three nights of lasearch-fetch against our own site on
# 127.0.0.1, then the index.
#
#  1. A site like CQC's: a list of reports (outside `follow`: read for its
#     links, not stored), council pages, PDFs (one served as
#     application/octet-stream), a council's self-assessment; robots.txt
#     with a group for lasearch; a link outside `follow`, a disallowed one,
#     an image, a wrong content type, a redirect inside `follow`, a
#     redirect to file://, a dead link, an endless page (cut at --max-size)
#     and a slow one (cut at --timeout). What is stored, what never asked
#     for, the manifest, the User-Agent.
#  2. Nothing changed: every page held is asked for conditionally and
#     answered 304; nothing in the corpus is rewritten (inodes, times).
#  3. One page changed, one PDF gone (410): the page rewritten, the PDF
#     moved to .gone/ and its manifest row removed; `lasearch-index
#     --update` then finds the new text and no longer the gone PDF's.
. "$(dirname "$0")/lib.sh"

R=care-services/local-authority-assessment-reports
S=council/adult-social-care/self-assessment
D=$SRC/corpus/documents
mkdir -p "$SITE/$R/ealing" "$SITE/$R/medway" "$SITE/$R/private" "$SITE/about-us" "$SITE/$S" "$C"
cp "$SRC/corpus/authorities.tsv" "$C/"
# No thesaurus: this test is about what gets into the corpus, and an empty
# data directory keeps the installed one out of it.
mkdir -p "$WORK/data" && export LASEARCH_DATADIR=$WORK/data

cat >"$SITE/robots.txt" <<'ROBOTS'
# Everyone else: nothing. lasearch: all but the private pages.
User-agent: *
Disallow: /

User-agent: lasearch
Allow: /
Disallow: /care-services/local-authority-assessment-reports/private/
ROBOTS
echo "Introduction to the local authority assessment reports." >"$WORK/hub.txt"
html_page "$WORK/hub.txt" "Local authority assessment reports" "$SITE/$R/index.html" \
  "/$R/ealing|Ealing" "/$R/medway|Medway" "/$R/private/secret|Private" \
  "/about-us/outside|About us" "/$R/old-ealing-safe|An old link" "/$R/to-file|A trap" \
  "/$R/endless|Endless" "/$R/slow|Slow" "/$R/chart|Chart" "/$R/dead|Dead link" \
  "/$R/logo.png|Logo" "mailto:enquiries@example.org|Mail us"
html_page "$D/001_80e5e828aad1d6a4.txt" "Ealing: local authority assessment" \
  "$SITE/$R/ealing/index.html" "/$R/ealing/safe|Safe systems" \
  "/$R/ealing/report.pdf|Full report (PDF)" "/$R/ealing/annex.bin|Annex"
{ echo "Ealing: local authority assessment"; echo; echo "# Safe systems, pathways and transitions"
  echo; echo "Score: 2"; echo; echo "People moving between services told us about delays."; } \
  >"$WORK/safe.txt"
html_page "$WORK/safe.txt" "Ealing: safe systems" "$SITE/$R/ealing/safe"
make_pdf "$D/001_80e5e828aad1d6a4.txt" "$SITE/$R/ealing/report.pdf"
make_pdf "$WORK/safe.txt" "$SITE/$R/ealing/annex.bin"
html_page "$D/000_cbd8b4d91f46e665.txt" "Medway: local authority assessment" \
  "$SITE/$R/medway/index.html" "/$R/medway/report.pdf|Full report (PDF)"
{ echo "Medway: local authority assessment"; echo
  echo "The kingfisher lantern scheme supports carers at night."; } >"$WORK/medway.txt"
make_pdf "$WORK/medway.txt" "$SITE/$R/medway/report.pdf"
echo "secret" >"$SITE/$R/private/secret"
echo "outside" >"$SITE/about-us/outside"
echo "/$R/ealing/safe" >"$SITE/$R/old-ealing-safe.redirect"
echo "file:///etc/passwd" >"$SITE/$R/to-file.redirect"
echo "<p>not a chart</p>" >"$SITE/$R/chart"
echo "image/png" >"$SITE/$R/chart.type"
html_page "$D/003_6ff3ae6419d31497.txt" "Our self-assessment" "$SITE/$S/index.html" \
  "/$S/plan.pdf|Our plan (PDF)" "/$R/ealing|CQC's report on Ealing (not ours)"
make_pdf "$D/003_6ff3ae6419d31497.txt" "$SITE/$S/plan.pdf"
# Fixed dates: the manifest's "published" is the server's Last-Modified.
find "$SITE" -type f -exec touch -d '2024-05-07 09:00:00 UTC' {} +

start_server
printf 'url\tfollow\tauthority\tkind\n' >"$C/sources.tsv"
printf '%s\t%s\t\t\n' "$BASE/$R" "$BASE/$R/" >>"$C/sources.tsv"
printf '%s\t%s\tMedway Council\tself-assessment\n' "$BASE/$S" "$BASE/$S" >>"$C/sources.tsv"

# ---- night 1 ----
fetch --timeout 3 --max-size 256K
[ "$RC" -eq 1 ] || fail "night 1: expected exit 1 (some pages failed), got $RC: $(cat "$WORK/fetch.err")"
grep -q "0 changed, 0 unchanged, 4 failed, 0 gone, 2 skipped" "$WORK/fetch.out" &&
  grep -q "8 new" "$WORK/fetch.out" || fail "night 1 summary: $(cat "$WORK/fetch.out")"
for f in "$R/ealing.html" "$R/ealing/safe.html" "$R/ealing/report.pdf" "$R/ealing/annex.bin.pdf" \
         "$R/medway.html" "$R/medway/report.pdf" "$S.html" "$S/plan.pdf"; do
  [ -f "$C/$DOCS/$f" ] || fail "night 1: $DOCS/$f not stored: $(cd "$C" && find documents -type f)"
done
n=$(find "$C/documents" -type f | wc -l)
[ "$n" -eq 8 ] || fail "night 1: $n files stored, expected 8: $(cd "$C" && find documents -type f)"
cmp -s "$C/$DOCS/$R/ealing/report.pdf" "$SITE/$R/ealing/report.pdf" || fail "the PDF is not the server's"
cmp -s "$C/$DOCS/$R/ealing/safe.html" "$SITE/$R/ealing/safe" || fail "the page is not the server's"
[ -f "$C/.fetch-cache/127.0.0.1_$PORT/$R.html" ] || fail "the list of reports was not kept in .fetch-cache"
for why in "endless.*limit: cut off" "slow.*no whole answer within 3 s" \
           "to-file.*redirect to file:///etc/passwd refused" "dead.*HTTP 404"; do
  grep -q "$why" "$WORK/fetch.err" || fail "night 1: no failure '$why' on stderr: $(cat "$WORK/fetch.err")"
done
for never in /about-us/outside "/$R/private/secret" "/$R/logo.png"; do
  grep -q "^$never	" "$LOG" && fail "night 1 asked for $never"
done
grep -q "^/$R/chart	" "$LOG" || fail "the wrong content type was never asked for"
grep -v "	ua=lasearch-fetch/[0-9.]* (lasearch" "$LOG" | grep -q . &&
  fail "a request without lasearch's User-Agent: $(grep -v 'ua=lasearch-fetch/' "$LOG" | head -3)"
[ "$(head -1 "$C/manifest.tsv")" = "file	authority	kind	url	published" ] ||
  fail "manifest header: $(head -1 "$C/manifest.tsv")"
grep -qx "$DOCS/$S/plan.pdf	Medway	self-assessment	$BASE/$S/plan.pdf	2024-05-07" "$C/manifest.tsv" ||
  fail "self-assessment row: $(cat "$C/manifest.tsv")"
grep -qx "$DOCS/$R/ealing/safe.html			$BASE/$R/ealing/safe	2024-05-07" "$C/manifest.tsv" ||
  fail "CQC row: $(cat "$C/manifest.tsv")"
[ "$(grep -c "^documents/" "$C/manifest.tsv")" -eq 8 ] || fail "manifest rows: $(cat "$C/manifest.tsv")"
note "night 1: 8 new, 4 failed, 2 skipped, robots and follow obeyed"

lasearch-index --corpus "$C" --index "$WORK/index" --quiet >"$WORK/index1.out" 2>&1
[ $? -le 1 ] || fail "first index: $(cat "$WORK/index1.out")"
lasearch-query --index "$WORK/index" '"kingfisher lantern"' >/dev/null ||
  fail "the Medway PDF's text is not found after night 1"

# ---- night 2: nothing changed ----
before=$(snapshot "$C")
mark=$(log_lines)
fetch --timeout 3 --max-size 256K --json
[ "$RC" -eq 1 ] || fail "night 2: expected exit 1, got $RC: $(cat "$WORK/fetch.err")"
jq -e '.new == 0 and .changed == 0 and .unchanged == 8 and .failed == 4 and .gone == 0
       and (.documents | length) == 8 and (.failures | length) == 4' "$WORK/fetch.out" >/dev/null ||
  fail "night 2 JSON: $(cat "$WORK/fetch.out")"
after=$(snapshot "$C")
[ "$before" = "$after" ] || fail "night 2 rewrote files: $(diff <(echo "$before") <(echo "$after"))"
# Every page held was asked for conditionally and answered 304; only the
# pages that fail (and the old link, which redirects) were asked in full.
log_since "$mark" >"$WORK/night2.log"
awk -F'\t' '$2 == "inm=-"' "$WORK/night2.log" | cut -f1 | sort >"$WORK/night2.full"
printf '%s\n' "/$R/chart" "/$R/dead" "/$R/endless" "/$R/old-ealing-safe" "/$R/slow" "/$R/to-file" |
  sort >"$WORK/night2.expected"
diff -u "$WORK/night2.expected" "$WORK/night2.full" >&2 ||
  fail "night 2 asked for these in full: $(cat "$WORK/night2.full")"
awk -F'\t' '$2 != "inm=-" && ($3 == "ims=-" || $5 != 304)' "$WORK/night2.log" | grep . &&
  fail "a conditional request without If-Modified-Since, or not answered 304"
[ "$(awk -F'\t' '$5 == 304' "$WORK/night2.log" | wc -l)" -eq 10 ] ||
  fail "night 2: expected 10 answers 304 (8 pages, the list, robots.txt): $(cat "$WORK/night2.log")"
note "night 2: only conditional requests for what is held, nothing rewritten"

# ---- night 3: one page changed, one PDF gone ----
echo "The heron marmalade pathway now joins hospital and home care." >>"$WORK/safe.txt"
html_page "$WORK/safe.txt" "Ealing: safe systems" "$SITE/$R/ealing/safe"
touch -d '2024-06-01 09:00:00 UTC' "$SITE/$R/ealing/safe"
rm "$SITE/$R/medway/report.pdf"
echo 410 >"$SITE/$R/medway/report.pdf.status"
inode=$(stat -c %i "$C/$DOCS/$R/ealing/report.pdf")
fetch --timeout 3 --max-size 256K
[ "$RC" -eq 1 ] || fail "night 3: expected exit 1, got $RC"
grep -q "0 new, 1 changed, 6 unchanged, 4 failed, 1 gone" "$WORK/fetch.out" ||
  fail "night 3 summary: $(cat "$WORK/fetch.out")"
grep -q "^gone: $BASE/$R/medway/report.pdf ($DOCS/$R/medway/report.pdf moved to .gone/$DOCS/$R/medway/report.pdf)" \
  "$WORK/fetch.out" || fail "the gone PDF is not reported: $(cat "$WORK/fetch.out")"
[ -f "$C/.gone/$DOCS/$R/medway/report.pdf" ] && [ ! -e "$C/$DOCS/$R/medway/report.pdf" ] ||
  fail "the gone PDF was not moved aside"
grep -q "medway/report.pdf" "$C/manifest.tsv" && fail "the gone PDF's manifest row is still there"
grep -q "medway/report.pdf" "$C/.fetch-state.tsv" && fail "the gone PDF is still in the state"
cmp -s "$C/$DOCS/$R/ealing/safe.html" "$SITE/$R/ealing/safe" || fail "the changed page was not rewritten"
grep -qx "$DOCS/$R/ealing/safe.html			$BASE/$R/ealing/safe	2024-06-01" "$C/manifest.tsv" ||
  fail "the changed page's date: $(grep safe "$C/manifest.tsv")"
[ "$(stat -c %i "$C/$DOCS/$R/ealing/report.pdf")" = "$inode" ] || fail "an unchanged PDF was rewritten"

lasearch-index --update --corpus "$C" --index "$WORK/index" --quiet >"$WORK/index3.out" 2>&1
[ $? -le 1 ] || fail "update: $(cat "$WORK/index3.out")"
lasearch-query --index "$WORK/index" '"kingfisher lantern"' >"$WORK/q1.out" 2>&1 &&
  fail "the gone PDF is still found: $(cat "$WORK/q1.out")"
lasearch-query --index "$WORK/index" '"heron marmalade"' >"$WORK/q2.out" 2>&1 ||
  fail "the changed page's new text is not found: $(cat "$WORK/q2.out")"
note "night 3: 1 changed, 1 gone (moved aside, row removed, out of the index)"
exit 0
