#!/usr/bin/env bash
# insight.sh: --significant, --pivot and like: on a corpus whose answers
# are known (insight_corpus in common.bash), the same for 1 and 3 shards.
. "$(dirname "$0")/common.bash"
command -v jq >/dev/null || { echo "SKIP: jq missing"; exit 77; }

C=$WORK/corpus I=$WORK/index I3=$WORK/index3
insight_corpus "$C" || fail "cannot make the corpus"
lasearch-index --quiet --corpus "$C" --index "$I" || fail "cannot index"
lasearch-index --quiet --corpus "$C" --index "$I3" --shards 3 || fail "cannot index in shards"
q() { lasearch-query --index "$I" "$@"; }

# ---- --significant ----
FG='section:safeguarding score:4'
q --significant --json "$FG" >"$WORK/sig.json" || fail "--significant failed"
sig() { jq -r --arg t "$1" '.significant[] | select(.text == $t) | '"$2" "$WORK/sig.json"; }
# The planted phrase: in 2 paragraphs of each of the 5 reports scored 4,
# nowhere else.
[ "$(sig 'multi agency oversight' '[.foreground, .background, .councils] | @csv')" = "10,0,5" ] ||
  fail "planted phrase not found with 10/0/5: $(cat "$WORK/sig.json")"
# 13 paragraphs a report (the boilerplate, 12 of words), and Gateshead's hub.
[ "$(jq '.foreground_paragraphs' "$WORK/sig.json")" = 66 ] || fail "foreground size"
[ "$(jq '.background_paragraphs' "$WORK/sig.json")" = 196 ] || fail "background size"
# Its score is G2 for 10 of 65 against 0 of 195, worked out here apart.
want=$(awk 'function t(o, e) { return o > 0 ? o * log(o / e) : 0 }
  BEGIN { a = 10; n1 = 66; b = 0; n2 = 196; n = n1 + n2; w = a + b
    printf "%.3f", 2 * (t(a, n1*w/n) + t(n1-a, n1*(n-w)/n) + t(b, n2*w/n) + t(n2-b, n2*(n-w)/n)) }')
[ "$(sig 'multi agency oversight' '.score * 1000 | round / 1000 | tostring')" = "$want" ] ||
  [ "$(printf '%.3f' "$(sig 'multi agency oversight' '.score')")" = "$want" ] ||
  fail "G2 of the planted phrase is not $want"
# "multi agency" is nearly always part of the longer phrase: not shown.
[ -z "$(sig 'multi agency' '.text')" ] || fail "a phrase subsumed by a longer one is shown"
# The decoy: one council, so marked and ranked after every phrase that
# several councils use.
[ "$(sig 'lighthouse harbour review' '.councils')" = 1 ] || fail "decoy not marked councils=1"
jq -e '[.significant[].councils] | . as $c | [range(1; length) | $c[.-1] >= 2 or $c[.] < 2] | all' \
  "$WORK/sig.json" >/dev/null || fail "a one-council phrase ranked before a spread one"
jq -e '.significant[0].councils >= 2' "$WORK/sig.json" >/dev/null || fail "decoy first"
# Boilerplate (in every report) never stands out, though over-represented...
[ -z "$(sig 'quality statement evidence' '.text')" ] || fail "boilerplate shown"
# ... but against three reports (too few to call anything boilerplate) it does.
q --significant --json --vs 'section:safeguarding score:1' "$FG" |
  jq -e '[.significant[].text] | index("quality statement evidence") != null' >/dev/null ||
  fail "the boilerplate rule applied to a one-report background"
# Stop words never stand alone or at an end of a phrase.
jq -e '[.significant[].text | split(" ") | (.[0], .[-1]) |
        IN("the", "of", "was", "a", "there", "in")] | any | not' "$WORK/sig.json" >/dev/null ||
  fail "a stop word at a phrase's end: $(jq -c '[.significant[].text]' "$WORK/sig.json")"
# --vs: against scores 1..2 the planted phrase stands out; the other way
# round nothing of it does.
q --significant --json --vs 'section:safeguarding score:1..2' "$FG" |
  jq -e '.background_paragraphs == 65 and
         ([.significant[] | select(.text == "multi agency oversight")] | length) == 1' >/dev/null ||
  fail "--vs background"
q --significant --json --vs "$FG" 'section:safeguarding score:1..2' |
  jq -e '[.significant[].text | select(test("oversight"))] | length == 0' >/dev/null ||
  fail "planted phrase stands out where it is absent"
# The paragraph cap: read 20 of 66, and say so.
q --significant --json --max-paragraphs 20 "$FG" |
  jq -e '.limited and .foreground_examined == 20 and .foreground_paragraphs == 66' >/dev/null ||
  fail "--max-paragraphs not applied or not reported"
q --significant --max-paragraphs 20 "$FG" | grep -q 'the limit is 20' || fail "text lacks the limit note"
# TSV: a header and one row a phrase, as in JSON.
q --significant --tsv "$FG" >"$WORK/sig.tsv" || fail "--tsv"
[ "$(head -1 "$WORK/sig.tsv")" = "$(printf 'text\twords\tforeground\tbackground\tcouncils\tscore')" ] ||
  fail "TSV header"
[ "$(($(wc -l <"$WORK/sig.tsv") - 1))" = "$(jq '.significant | length' "$WORK/sig.json")" ] ||
  fail "TSV rows differ from JSON"
# Text: the decoy is marked.
q --significant "$FG" | grep -q 'lighthouse harbour review  (one council only)' ||
  fail "text does not mark the decoy"
# A bad background names itself.
q --significant --vs 'nosuchfield:x' "$FG" 2>"$WORK/err" && fail "bad --vs accepted"
grep -q 'background query' "$WORK/err" || fail "bad --vs error: $(cat "$WORK/err")"
# The same answer from 3 shards.
diff <(jq -S . "$WORK/sig.json") \
     <(lasearch-query --index "$I3" --significant --json "$FG" | jq -S .) >&2 ||
  fail "3 shards answer --significant differently"

# ---- --pivot ----
# Every cell against a plain query's count; cells add up to rows, columns
# and the total; a no-value column where some paragraphs have none.
PQ='kind:assessment'
q --pivot authority,score --json "$PQ" >"$WORK/piv.json" || fail "--pivot failed"
total=$(q -n 0 --json "$PQ" | jq .total)
jq -e --argjson t "$total" '.total == $t and ([.pivot.cells[].count] | add) == $t' \
  "$WORK/piv.json" >/dev/null || fail "pivot cells do not add up to the total $total"
jq -e '. as $p | [$p.pivot.rows.values[] | .value as $v | .count ==
        ([$p.pivot.cells[] | select(.row == $v) | .count] | add)] | all' "$WORK/piv.json" \
  >/dev/null || fail "a row's cells do not add up to its total"
jq -e '.councils == null and (.pivot.cells[0] | has("councils") | not)' "$WORK/piv.json" \
  >/dev/null || fail "councils counted with authority as a dimension"
checked=0
while IFS=$'\t' read -r row col count; do
  cq="$PQ authority:\"$row\" score:${col:-none}"
  got=$(q -n 0 --json "$cq" | jq .total)
  [ "$got" = "$count" ] || fail "cell $row/$col is $count, the query '$cq' finds $got"
  checked=$((checked + 1))
done < <(jq -r '.pivot.cells[] | [.row, (.column // ""), .count] | @tsv' "$WORK/piv.json")
[ "$checked" = 40 ] || fail "expected 10 councils x 4 scores, checked $checked cells"
# Statement by score: councils per cell, as --by authority counts them.
q --pivot section,score --json "$PQ" >"$WORK/piv2.json" || fail "--pivot section,score"
for s in 1 2 3 4; do
  want=$(q --by authority -n 1000 --max-results 100000 --json "section:safeguarding score:$s" | jq '[.groups[]] | length')
  got=$(jq --arg s "$s" '[.pivot.cells[] | select(.row == "Safeguarding" and .column == $s) | .councils] | add // 0' "$WORK/piv2.json")
  [ "$got" = "$want" ] || fail "Safeguarding/$s: $got councils, --by authority finds $want"
done
jq -e '.councils == 10' "$WORK/piv2.json" >/dev/null || fail "councils in all"
# TSV: a spreadsheet's table whose last column and row are totals.
q --pivot section,score --tsv "$PQ" >"$WORK/piv.tsv" || fail "--pivot --tsv"
[ "$(head -1 "$WORK/piv.tsv")" = "$(printf 'section\\score\t1\t2\t3\t4\ttotal')" ] ||
  fail "pivot TSV header: $(head -1 "$WORK/piv.tsv")"
awk -F'\t' 'NR > 1 { s = 0; for (i = 2; i < NF; i++) s += $i; if (s != $NF) exit 1 }' \
  "$WORK/piv.tsv" || fail "a TSV row does not add up"
[ "$(tail -1 "$WORK/piv.tsv" | cut -f6)" = "$total" ] || fail "TSV grand total"
# A no-value bucket: the boilerplate and hub paragraphs have no theme? Use
# theme, which assessment pages of these statements may lack: whatever it
# is, the buckets add up.
q --pivot theme,kind --json "$PQ" | jq -e '([.pivot.cells[].count] | add) == .total' \
  >/dev/null || fail "theme buckets do not add up"
q --pivot score,score x 2>/dev/null && fail "the same dimension twice accepted"
q --pivot score,colour x 2>"$WORK/err" && fail "an unknown dimension accepted"
grep -q 'authority, section' "$WORK/err" || fail "the dimensions are not listed"
diff <(jq -S . "$WORK/piv2.json") \
     <(lasearch-query --index "$I3" --pivot section,score --json "$PQ" | jq -S .) >&2 ||
  fail "3 shards answer --pivot differently"

# ---- like:ID ----
id=$(q --json '=reablement authority:gateshead' | jq -r '.hits[0].id')
[ -n "$id" ] && [ "$id" != null ] || fail "cannot find Gateshead's hub paragraph"
# Its lightly edited copy, in another council's report, is the most like it.
q --json -n 1000 --max-results 1000 "like:$id" >"$WORK/like.json" || fail "like: failed"
jq -e '.hits[0].authority == "Bolton" and (.hits[0].text | test("reablement hub"))' \
  "$WORK/like.json" >/dev/null || fail "like: does not find the edited copy first"
jq -e --arg id "$id" '[.hits[].id] | index($id) == null' "$WORK/like.json" >/dev/null ||
  fail "like: finds the paragraph itself"
# Combined with filters: the copy's council excluded; only scores of 4.
q --json -n 100 "like:$id -authority:bolton" |
  jq -e '.total > 0 and ([.hits[].authority] | index("Bolton") == null)' >/dev/null ||
  fail "like: with -authority:bolton"
q --json -n 100 "like:$id score:4" |
  jq -e '.total > 0 and ([.hits[].score] | all(. == 4))' >/dev/null || fail "like: with score:4"
# An unknown id is an error at its column.
q "hub like:nosuch.txt#3" 2>"$WORK/err" && fail "an unknown like: id accepted"
grep -q "column 5: no paragraph has the id 'nosuch.txt#3'" "$WORK/err" ||
  fail "unknown like: id message: $(cat "$WORK/err")"
# The same paragraphs, first the copy, from 3 shards.
diff <(jq -r '.hits[].id' "$WORK/like.json" | sort) \
     <(lasearch-query --index "$I3" --json -n 1000 --max-results 1000 "like:$id" | jq -r '.hits[].id' | sort) >&2 ||
  fail "3 shards find other paragraphs like it"
[ "$(lasearch-query --index "$I3" --json -n 1 "like:$id" | jq -r '.hits[0].id')" = \
  "$(jq -r '.hits[0].id' "$WORK/like.json")" ] || fail "3 shards put another paragraph first"

note "ok"
