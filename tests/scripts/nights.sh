#!/usr/bin/env bash
# nights.sh: what is new, night by night, through the real binaries (issue
# 21). Night 1 builds; night 2 changes nothing (--since night 1 finds
# nothing, the saved searches report nothing); night 3 inserts one
# paragraph into the middle of one document (every ordinal after it
# shifts), removes one paragraph from another and deletes a third
# document: --since night 1 finds exactly the new paragraph (not the
# paragraphs of the changed files whose text is the same), the removed
# paragraph and the deleted document are found nowhere, the saved searches
# report exactly the new paragraph with its citation and url, and the
# search's Atom feed (lasearch-serve) lists it first. Night 4 is a full
# rebuild, as a nightly job may make: the paragraphs keep the generation
# they first appeared in.
. "$(dirname "$0")/common.bash"
command -v jq >/dev/null || { echo "SKIP: jq missing"; exit 77; }
command -v curl >/dev/null || { echo "SKIP: curl missing"; exit 77; }

C=$WORK/corpus I=$WORK/index
mkdir -p "$C/documents"
cp "$SRC/corpus/authorities.tsv" "$SRC/corpus/thesaurus.tsv" "$C/"
# Our own text (never a real page's), as CQC and a council lay theirs out.
printf 'file\tauthority\tkind\turl\n%s\t%s\t%s\t%s\n%s\t%s\t%s\t%s\n%s\t%s\t%s\t%s\n' \
  documents/ealing.txt Ealing assessment https://reports.example.org/ealing \
  documents/leeds.txt Leeds self-assessment https://council.example.org/leeds \
  documents/york.txt York assessment https://reports.example.org/york >"$C/manifest.tsv"
# A sources.tsv at the root is lasearch-fetch's, never a document.
printf 'url\tfollow\nhttps://reports.example.org/\thttps://reports.example.org/\n' >"$C/sources.tsv"
ealing() {   # ealing [NEW]: NEW, if given, goes in as the second paragraph
  printf 'Assessing needs\n\nPeople waited many weeks for a care assessment in the spring (<12 weeks & "urgent" ones first).\n\n'
  [ $# -gt 0 ] && printf '%s\n\n' "$1"
  printf 'Unpaid carers said the council listened to them about respite.\n\n'
  printf 'Hospital discharge was quicker where social workers sat in the wards.\n'
}
leeds() {    # leeds [full]: without "full", the third paragraph is gone
  printf 'Our strengths\n\nWe cut the time people wait for an occupational therapy visit.\n\n'
  printf 'Carers can now book a short break online at any hour.\n\n'
  [ "${1:-}" = full ] && printf 'We will publish a clearer guide to charging for home care.\n\n'
  printf 'Our areas for improvement\n\nWe must review more care plans within a year.\n'
}
ealing >"$C/documents/ealing.txt"
leeds full >"$C/documents/leeds.txt"
printf 'Safeguarding\n\nThe quarry lake project kept young adults with a learning disability safe.\n' \
  >"$C/documents/york.txt"
printf '# saved searches (name TAB query)\n\nwaiting\twaiting OR waited\ncarers\tcarers\ncharging\tcharging\nquarry\tquarry\n' \
  >"$WORK/saved.tsv"

NEW='A triage team now phones everyone on the waiting list within ten days.'

# ---- night 1
lasearch-index --update --json --alerts "$WORK/saved.tsv" --corpus "$C" --index "$I" \
  >"$WORK/n1.json" || fail "night 1 failed"
jq -e '.generation == 1 and .documents == 3 and .new_paragraphs == .paragraphs' \
  "$WORK/n1.json" >/dev/null || fail "night 1: $(cat "$WORK/n1.json")"
jq -e '.alerts.since == 0 and ([.alerts.alerts[] | .total] == [2, 2, 1, 1])' \
  "$WORK/n1.json" >/dev/null || fail "night 1: the first build brings everything: $(jq -c .alerts "$WORK/n1.json")"
lasearch-query --index "$I" -n 0 sources example >/dev/null &&
  fail "sources.tsv was indexed as a document"

# ---- night 2: nothing changed
sleep 1
lasearch-index --update --alerts "$WORK/saved.tsv" --corpus "$C" --index "$I" >"$WORK/n2.out" ||
  fail "night 2 failed: $(cat "$WORK/n2.out")"
grep -q 'up to date (generation 1)' "$WORK/n2.out" &&
  grep -q 'Saved searches: nothing new or changed after generation 1' "$WORK/n2.out" ||
  fail "night 2: $(cat "$WORK/n2.out")"
[ "$(wc -l <"$WORK/n2.out")" -le 2 ] || fail "night 2's mail is not short: $(cat "$WORK/n2.out")"
lasearch-index --update --quiet --alerts "$WORK/saved.tsv" --corpus "$C" --index "$I" \
  >"$WORK/n2q.out" || fail "night 2 (quiet) failed"
[ -s "$WORK/n2q.out" ] && fail "--quiet with nothing new printed: $(cat "$WORK/n2q.out")"
got=$(lasearch-query --index "$I" --json --since 1 'waiting OR carers OR charging OR quarry' |
      jq -c '[.total, .partial]')
[ "$got" = '[0,false]' ] || fail "night 2: --since 1 found something: $got"

# ---- night 3: one paragraph in, one out, one document gone
sleep 1
ealing "$NEW" >"$C/documents/ealing.txt"
leeds >"$C/documents/leeds.txt"
rm "$C/documents/york.txt"
lasearch-index --update --json --alerts "$WORK/saved.tsv" --corpus "$C" --index "$I" \
  >"$WORK/n3.json" || fail "night 3 failed: $(cat "$WORK/n3.json")"
jq -e '.mode == "update" and .generation == 2 and .previous == 1 and .changed == 2 and
       .removed == 1 and .new_paragraphs == 1 and .gone_paragraphs == 2' "$WORK/n3.json" \
  >/dev/null || fail "night 3's report: $(jq -c 'del(.alerts)' "$WORK/n3.json")"
# Every paragraph new since night 1, whatever it says: exactly the new one.
for since in 1 last -1; do
  got=$(lasearch-query --index "$I" --json --limit 100 --since "$since" \
          'waiting OR waited OR carers OR charging OR quarry OR care OR the OR a' |
        jq -c '[.hits[] | [.id, .first_seen_generation, .text]]')
  [ "$got" = "[[\"documents/ealing.txt#2\",2,\"$NEW\"]]" ] ||
    fail "night 3: --since $since gives $got"
done
got=$(lasearch-query --index "$I" --tsv --since 1 triage | tail -n +2 |
      awk -F'\t' '{ print $3, $17, ($18 ~ /^20..-..-..T..:..:..Z$/) }')
[ "$got" = "documents/ealing.txt#2 2 1" ] || fail "night 3: TSV: $got"
lasearch-query --index "$I" --since 1 triage | grep -q 'new in generation 2' ||
  fail "night 3: the text output does not say when the paragraph appeared"
# The paragraphs whose text stayed keep night 1, though their files changed
# and their ordinals moved.
got=$(lasearch-query --index "$I" --json 'carers' |
      jq -c '[.hits[] | [.id, .first_seen_generation]] | sort')
[ "$got" = '[["documents/ealing.txt#3",1],["documents/leeds.txt#2",1]]' ] ||
  fail "night 3: unchanged paragraphs of changed files: $got"
lasearch-query --index "$I" charging >/dev/null && fail "night 3: the removed paragraph is found"
lasearch-query --index "$I" quarry >/dev/null && fail "night 3: the deleted document is found"
# The saved searches: exactly the new paragraph, under the searches it matches.
jq -e --arg new "$NEW" '.alerts.since == 1 and .alerts.matched == 1 and
    ([.alerts.alerts[] | [.name, .total]] == [["waiting",1],["carers",0],["charging",0],["quarry",0]]) and
    (.alerts.alerts[0].hits | length == 1) and
    (.alerts.alerts[0].hits[0] | .text == $new and .citation == "documents/ealing.txt:5" and
       .link == "https://reports.example.org/ealing" and .authority == "Ealing" and
       .first_seen_generation == 2)' "$WORK/n3.json" >/dev/null ||
  fail "night 3's alerts: $(jq -c .alerts "$WORK/n3.json")"
# As text (what cron mails), and through lasearch-query for the same generation.
lasearch-query --index "$I" --alerts "$WORK/saved.tsv" --since 1 >"$WORK/n3.txt" ||
  fail "lasearch-query --alerts found nothing"
grep -q '^== waiting: 1 new or changed paragraph' "$WORK/n3.txt" &&
  grep -qF "$NEW" "$WORK/n3.txt" && grep -q 'documents/ealing.txt:5' "$WORK/n3.txt" &&
  grep -q 'https://reports.example.org/ealing' "$WORK/n3.txt" &&
  grep -q 'Nothing new for: carers, charging, quarry' "$WORK/n3.txt" ||
  fail "the alerts as text: $(cat "$WORK/n3.txt")"
[ "$(grep -c '^  Ealing' "$WORK/n3.txt")" -eq 1 ] || fail "more than one paragraph: $(cat "$WORK/n3.txt")"

# The feed lists it first, then the older matches; valid Atom.
lasearch-serve --index "$I" --listen 127.0.0.1:0 --workers 1 >"$WORK/serve.out" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null' EXIT
BASE=
for _ in $(seq 100); do
  BASE=$(sed -n 's|^lasearch-serve: serving .* on \(http://[^ ]*\)/$|\1|p' "$WORK/serve.out")
  [ -n "$BASE" ] && break
  sleep 0.1
done
[ -n "$BASE" ] || fail "lasearch-serve did not start: $(cat "$WORK/serve.out")"
type=$(curl -s -o "$WORK/feed.xml" -w '%{http_code} %{content_type}' "$BASE/feed?q=waiting%20OR%20waited")
[ "$type" = "200 application/atom+xml; charset=utf-8" ] || fail "the feed: $type"
if command -v xmllint >/dev/null; then
  xmllint --noout "$WORK/feed.xml" || fail "the feed is not well-formed XML"
  x() { xmllint --xpath "$1" "$WORK/feed.xml" 2>/dev/null; }
  ns='*[local-name()="feed"]'
  e='*[local-name()="entry"]'
  [ "$(x "count(/$ns/$e)")" = 3 ] || fail "the feed has $(x "count(/$ns/$e)") entries, not 3"
  [ "$(x "string(/$ns/$e[1]/*[local-name()='summary'])")" = "$NEW (documents/ealing.txt:5)" ] ||
    fail "the feed's first entry: $(x "string(/$ns/$e[1])")"
  [ "$(x "string(/$ns/$e[1]/*[local-name()='link']/@href)")" = https://reports.example.org/ealing ] ||
    fail "the first entry's link"
  # Text from documents is escaped: the XML parser gives it back as it was.
  [ "$(x "string(/$ns/$e[3]/*[local-name()='summary'])")" = \
    'People waited many weeks for a care assessment in the spring (<12 weeks & "urgent" ones first). (documents/ealing.txt:3)' ] ||
    fail "the feed's third entry: $(x "string(/$ns/$e[3]/*[local-name()='summary'])")"
  first=$(x "string(/$ns/$e[1]/*[local-name()='updated'])")
  [ "$(x "string(/$ns/*[local-name()='updated'])")" = "$first" ] || fail "the feed's updated"
  for el in id title updated; do
    [ "$(x "count(/$ns/$e[not(*[local-name()='$el'])])")" = 0 ] || fail "an entry without $el"
    [ -n "$(x "string(/$ns/*[local-name()='$el'])")" ] || fail "the feed has no $el"
  done
  [ "$(x "count(/$ns/*[local-name()='author'])")" = 1 ] || fail "the feed has no author"
  ids=$(x "/$ns/$e/*[local-name()='id']/text()" | sort | uniq -d)
  [ -z "$ids" ] || fail "entry ids repeat: $ids"
else
  grep -qF "$NEW" "$WORK/feed.xml" || fail "the feed lacks the new paragraph"
fi
code=$(curl -s -o "$WORK/bad.json" -w '%{http_code}' "$BASE/feed?q=%22waiting")
[ "$code" = 400 ] && jq -e '.error.message | test("quote")' "$WORK/bad.json" >/dev/null ||
  fail "a bad query's feed: $code $(cat "$WORK/bad.json")"
got=$(curl -s "$BASE/api/search?q=waiting%20OR%20waited&since=1" | jq -c '[.hits[].id]')
[ "$got" = '["documents/ealing.txt#2"]' ] || fail "the API's since: $got"
kill $pid
wait $pid 2>/dev/null
trap - EXIT

# A bad saved search stops the run before anything is written.
printf 'ok\tcarers\nbroken\t"carers\n' >"$WORK/bad.tsv"
printf '\nCarers of young people were offered a new peer group.\n' >>"$C/documents/leeds.txt"
lasearch-index --update --alerts "$WORK/bad.tsv" --corpus "$C" --index "$I" 2>"$WORK/bad.err"
[ $? -eq 2 ] && grep -q "bad.tsv:2: 'broken'" "$WORK/bad.err" || fail "a bad line: $(cat "$WORK/bad.err")"
[ "$(live_gen "$I")" = gen-000002 ] || fail "a bad saved search let the update run"

# ---- night 4: a full rebuild keeps first-seen generations
lasearch-index --json --corpus "$C" --index "$I" >"$WORK/n4.json" || fail "night 4 failed"
jq -e '.mode == "full" and .generation == 3 and .new_paragraphs == 1' "$WORK/n4.json" >/dev/null ||
  fail "night 4: $(cat "$WORK/n4.json")"
got=$(lasearch-query --index "$I" --json --limit 100 --since 1 'carers OR waiting' |
      jq -c '[.hits[] | [.id, .first_seen_generation]] | sort')
[ "$got" = '[["documents/ealing.txt#2",2],["documents/leeds.txt#4",3]]' ] ||
  fail "night 4: after a rebuild, --since 1 gives $got"
lasearch-index --stats --json --index "$I" |
  jq -e '[.generations[] | [.generation, .mode, .new]] == [[1,"full",8],[2,"update",1],[3,"full",1]]' \
  >/dev/null || fail "--stats: $(lasearch-index --stats --json --index "$I" | jq -c .generations)"
lasearch-index --stats --index "$I" | grep -qE '^ +2 +20..-..-..T..:..:..Z +update +1 new or changed, 2 gone$' ||
  fail "--stats text: $(lasearch-index --stats --index "$I")"
note "three nights and a rebuild: --since, alerts and the feed as expected"
exit 0
