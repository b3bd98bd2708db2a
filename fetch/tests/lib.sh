# lib.sh: what lasearch-fetch's test scripts share (sourced, not a test).
#
# On top of tests/scripts/common.bash (WORK, fail, note, PATH to this
# build): a web server of our own on 127.0.0.1 (testserver.c), a site like
# CQC's to serve, PDFs, and checks on the corpus. Nothing here reaches past
# 127.0.0.1: proxies from the environment are dropped, since libcurl would
# send even a loopback request through one.
. "$LASEARCH_SRC/tests/scripts/common.bash"
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY all_proxy ALL_PROXY no_proxy NO_PROXY
command -v jq >/dev/null || { echo "SKIP: jq missing"; exit 77; }

SITE=$WORK/site C=$WORK/corpus LOG=$WORK/server.log
SERVER_PID=
trap 'stop_server' EXIT

# start_server [--trickle MS]: serve $SITE; sets PORT and BASE.
start_server() {
  rm -f "$WORK/port"
  "$FETCH_TESTSERVER" --root "$SITE" --log "$LOG" --port-file "$WORK/port" \
    --lifetime 200 "$@" &
  SERVER_PID=$!
  local i
  for i in $(seq 100); do [ -s "$WORK/port" ] && break; sleep 0.1; done
  [ -s "$WORK/port" ] || fail "the test server did not start"
  PORT=$(cat "$WORK/port")
  BASE="http://127.0.0.1:$PORT"
  # Where the fetcher files this site's pages (docname.h).
  DOCS="documents/127.0.0.1_$PORT"
}

stop_server() {
  if [ -n "$SERVER_PID" ]; then
    kill "$SERVER_PID" 2>/dev/null
    wait "$SERVER_PID" 2>/dev/null
    SERVER_PID=
  fi
}

# make_pdf TEXTFILE OUT: a PDF of the text, with the tests' mkpdf (cairo)
# when it was built, else a minimal hand-written one (one page, one line
# per text line).
make_pdf() {
  if [ -x "$LASEARCH_BIN/tests/mkpdf" ]; then
    "$LASEARCH_BIN/tests/mkpdf" "$1" "$2" || fail "mkpdf $1"
    return
  fi
  awk '
    function esc(s) { gsub(/\\/, "\\\\", s); gsub(/\(/, "\\(", s); gsub(/\)/, "\\)", s); return s }
    { line[NR] = $0 }
    END {
      content = "BT /F1 10 Tf 50 800 Td 12 TL"
      for (i = 1; i <= NR && i <= 60; i++) content = content " (" esc(line[i]) ") '"'"'"
      content = content " ET"
      obj[1] = "<< /Type /Catalog /Pages 2 0 R >>"
      obj[2] = "<< /Type /Pages /Kids [3 0 R] /Count 1 >>"
      obj[3] = "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>"
      obj[4] = "<< /Length " length(content) " >>\nstream\n" content "\nendstream"
      obj[5] = "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
      out = "%PDF-1.4\n"; off = length(out)
      for (i = 1; i <= 5; i++) { pos[i] = off; s = i " 0 obj\n" obj[i] "\nendobj\n"; out = out s; off += length(s) }
      printf "%s", out
      printf "xref\n0 6\n0000000000 65535 f \n"
      for (i = 1; i <= 5; i++) printf "%010d 00000 n \n", pos[i]
      printf "trailer\n<< /Size 6 /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", off
    }' "$1" >"$2" || fail "minimal PDF of $1"
}

# html_page TEXTFILE TITLE OUT [LINK...]: the text as a CMS's page (the
# seeds' text2html.awk), with links (href|text) after its main content.
html_page() {
  local text=$1 title=$2 out=$3 l
  shift 3
  mkdir -p "$(dirname "$out")"
  awk -v title="$title" -f "$SRC/tests/tools/text2html.awk" "$text" >"$out.tmp" || fail "html $out"
  if [ $# -gt 0 ]; then
    { sed '/<\/body>/,$d' "$out.tmp"
      echo '<ul class="links">'
      for l in "$@"; do echo "<li><a href=\"${l%%|*}\">${l#*|}</a></li>"; done
      echo '</ul></body></html>'; } >"$out"
    rm -f "$out.tmp"
  else
    mv "$out.tmp" "$out"
  fi
}

# fetch ARGS...: lasearch-fetch on $C, polite to nobody but ourselves
# (--delay 0); output in $WORK/fetch.{out,err}, status in $RC.
fetch() {
  RC=0
  lasearch-fetch --corpus "$C" --delay 0 "$@" >"$WORK/fetch.out" 2>"$WORK/fetch.err" || RC=$?
}

# log_since N: the server's log lines after line N.
log_since() { tail -n +"$(( $1 + 1 ))" "$LOG"; }
log_lines() { wc -l <"$LOG"; }

# snapshot DIR: every file below DIR with its inode and modification time.
snapshot() {
  (cd "$1" && find . -type f ! -name '.fetch-state.tsv' ! -name '.fetch.lock' -printf '%p %i %T@\n' | sort)
}
