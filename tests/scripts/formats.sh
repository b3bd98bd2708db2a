#!/usr/bin/env bash
# formats.sh: a page's text, its HTML and its PDF give the same paragraphs
# and facets. Every seed is rendered as a web page with furniture around it
# (tests/tools/text2html.awk) and as a printed PDF with a running header,
# page numbers, wrapped and hyphenated lines and paragraphs across page
# breaks (tests/tools/mkpdf.c, one and two columns); each is inspected and
# compared with the text's parse, and indexed in one corpus, where the same
# queries find them alike. Updates treat every format alike: a changed PDF
# is read again, an unchanged one is not.
. "$(dirname "$0")/common.bash"
MKPDF=$LASEARCH_BIN/tests/mkpdf
C=$WORK/corpus
mkdir -p "$C/documents/html" "$C/documents/pdf" "$C/documents/pdf2"
cp "$SRC/corpus/authorities.tsv" "$SRC/corpus/thesaurus.tsv" "$C/"

# A two-column PDF's paragraph that ends on the last, full line of a column
# looks exactly like one that runs on into the next column: the reader joins
# them (pdf.h). Allow that once per document, and nothing else.
same_but_one_join() {
  local doc='{kind, authority, section, score, rating, percent}'
  cmp -s <(jq -S "$doc" "$1") <(jq -S "$doc" "$2") || { note "document facets differ"; return 1; }
  jq -r '.paragraphs[] | ([.heading, .section, .score] | @json) + "\t" + .text' "$1" >"$WORK/a.lines"
  jq -r '.paragraphs[] | ([.heading, .section, .score] | @json) + "\t" + .text' "$2" >"$WORK/b.lines"
  awk -F '\t' 'NR == FNR { am[++n] = $1; at[n] = $2; next } { bm[++m] = $1; bt[m] = $2 }
       END {
         i = 1; j = 1
         while (i <= n && j <= m) {
           if (am[i] == bm[j] && at[i] == bt[j]) { i++; j++; continue }
           if (!joined && am[i] == bm[j] && at[i] " " at[i + 1] == bt[j]) {
             joined = 1; i += 2; j++; continue
           }
           print "differs at paragraph " i ": " at[i] " / " bt[j]; exit 1
         }
         if (i <= n || j <= m) { print "paragraph counts differ: " n " / " m; exit 1 }
         if (joined) print "one column-foot join"
       }' "$WORK/a.lines" "$WORK/b.lines"
}

facets='{kind, authority, section, score, rating, percent,
         paragraphs: [.paragraphs[] | {text, heading, section, score, kind, authority}]}'
pdfs=yes
[ -x "$MKPDF" ] || { note "no $MKPDF (cairo missing): PDFs not checked"; pdfs=; }
for f in "$SRC"/corpus/documents/*.txt; do
  b=$(basename "$f" .txt)
  awk -v title="$b" -f "$SRC/tests/tools/text2html.awk" "$f" >"$C/documents/html/$b.html"
  # Named .txt on purpose: the format is recognised by content.
  cp "$C/documents/html/$b.html" "$C/documents/html/${b}_named_txt.txt"
  lasearch-index --corpus "$C" --inspect "$f" --json | jq -S "$facets" >"$WORK/$b.text" ||
    fail "inspect $b.txt"
  lasearch-index --corpus "$C" --inspect "$C/documents/html/$b.html" --json |
    jq -S "$facets" >"$WORK/$b.html" || fail "inspect $b.html"
  diff -u "$WORK/$b.text" "$WORK/$b.html" >"$WORK/$b.html.diff" ||
    fail "$b: HTML and text parse differently: $(head -20 "$WORK/$b.html.diff")"
  if [ -n "$pdfs" ]; then
    "$MKPDF" --header "$b: local authority assessment" --footer-page-numbers \
      "$f" "$C/documents/pdf/$b.pdf" || fail "mkpdf $b"
    "$MKPDF" --columns 2 --header "Adult social care assessment" --footer-page-numbers \
      "$f" "$C/documents/pdf2/$b.pdf" || fail "mkpdf --columns 2 $b"
    for d in pdf pdf2; do
      lasearch-index --corpus "$C" --inspect "$C/documents/$d/$b.pdf" --json >"$WORK/$b.$d.raw" ||
        fail "inspect $d/$b.pdf"
      jq -S "$facets" "$WORK/$b.$d.raw" >"$WORK/$b.$d"
      if [ $d = pdf ]; then
        diff -u "$WORK/$b.text" "$WORK/$b.$d" >"$WORK/$b.$d.diff" ||
          fail "$b: $d and text parse differently: $(head -30 "$WORK/$b.$d.diff")"
      else
        same_but_one_join "$WORK/$b.text" "$WORK/$b.$d" ||
          fail "$b: two-column PDF and text parse differently"
      fi
      jq -e '[.paragraphs[].page] | all(. != null and . >= 1)' "$WORK/$b.$d.raw" >/dev/null ||
        fail "$b.$d: a paragraph without its page"
    done
  fi
done
note "$(ls "$SRC"/corpus/documents/*.txt | wc -l) seeds: text, HTML${pdfs:+, PDF and two-column PDF} parse alike"

# One corpus of every format: the same query finds each seed's copies alike.
cp "$SRC"/corpus/documents/*.txt "$C/documents/"
first=$(basename "$(ls "$SRC"/corpus/documents/*.txt | head -1)" .txt)
if [ -n "$pdfs" ]; then
  printf 'file\tauthority\tkind\turl\tpublished\ndocuments/pdf/%s.pdf\t\t\thttps://example.org/report.pdf\t\n' \
    "$first" >"$C/manifest.tsv"
fi
lasearch-index --quiet --corpus "$C" --index "$WORK/index" || fail "build"
copies=$((2 + ${pdfs:+2}+0))
for q in '"section 75"' 'hospital discharge' 'safeguarding'; do
  lasearch-query --index "$WORK/index" --json --limit 1000 "$q" |
    jq -r '.hits[] | "\(.text)"' | sort | uniq -c | awk -v n=$((copies + 1)) '$1 != n' >"$WORK/odd"
  [ -s "$WORK/odd" ] && fail "'$q': a paragraph is not found in all $((copies + 1)) formats: $(head -3 "$WORK/odd")"
done
if [ -n "$pdfs" ]; then
  lasearch-query --index "$WORK/index" --json '"section 75"' |
    jq -e '[.hits[] | select(.file | endswith(".pdf"))] | length > 0 and all(.page >= 1)' >/dev/null ||
    fail "PDF hits do not carry their page"

  # The source on every PDF hit: the manifest's URL, opened at the page.
  lasearch-query --index "$WORK/index" --json --limit 100 'partnership' >"$WORK/cite.json"
  jq -e "[.hits[] | select(.file == \"documents/pdf/$first.pdf\")] | length > 0 and
         all(.url == \"https://example.org/report.pdf\" and .page >= 1)" "$WORK/cite.json" >/dev/null ||
    fail "PDF hits do not cite their URL and page"
  lasearch-query --index "$WORK/index" --limit 100 'partnership' |
    grep -q "documents/pdf/$first.pdf:page [0-9]" || fail "text output does not cite file:page"
  lasearch-query --index "$WORK/index" --limit 100 'partnership' |
    grep -q "https://example.org/report.pdf#page=[0-9]" || fail "text output does not link URL#page=N"

  # Updates: an unchanged PDF is not read again; a changed one is.
  touch -d '-10 seconds' "$C"/documents/pdf/*.pdf
  lasearch-index --quiet --corpus "$C" --index "$WORK/index" || fail "rebuild"
  out=$(lasearch-index --update --json --corpus "$C" --index "$WORK/index" 2>"$WORK/update.err") ||
    fail "update: $(cat "$WORK/update.err")"
  [ "$(jq .changed <<<"$out")" = 0 ] || fail "nothing changed, yet: $out $(cat "$WORK/update.err")"
  b=$(basename "$(ls "$SRC"/corpus/documents/*.txt | head -1)" .txt)
  { cat "$SRC/corpus/documents/$b.txt"; printf '\nA zanzibar paragraph added to the PDF.\n'; } >"$WORK/changed.txt"
  "$MKPDF" "$WORK/changed.txt" "$C/documents/pdf/$b.pdf" || fail "mkpdf changed"
  out=$(lasearch-index --update --json --corpus "$C" --index "$WORK/index") || fail "update 2"
  [ "$(jq .changed <<<"$out")" = 1 ] || fail "one PDF changed, yet: $out"
  lasearch-query --index "$WORK/index" --json zanzibar |
    jq -e ".total == 1 and (.hits[0].file | endswith(\"pdf/$b.pdf\"))" >/dev/null ||
    fail "the changed PDF's new paragraph is not found"
fi
exit 0
