#!/usr/bin/env bash
# shards.sh: an index split into shards answers exactly as one database.
#
# A generated corpus (many councils, so every shard has several) is indexed
# with --shards 1, 2 and 5; every query of a varied set (words, phrases,
# wildcards, thesaurus groups, fields, NOT/OR, NEAR, sorts, offsets, facets,
# councils side by side, a misspelling) must give the same JSON: same hits
# in the same order, same totals, facets and suggestions. Weights are
# compared to 9 decimal places: Xapian adds a paragraph's term weights in
# an order that depends on each shard's term frequencies, so the last bit
# of a sum can differ; and snippets are left out: Xapian 1.4 picks a long
# paragraph's excerpt by term weights that it sums over the shards (5 shards
# weigh every term 5 times as much), and windows of equal worth then round
# and tie-break differently. (Within one layout, an updated index and a
# rebuild give the same snippets: update_random.sh.) The full text of every
# hit is compared.
#
# Then an update that touches one council's files rewrites that council's
# shard only (the others stay hard links to the previous generation's
# files) and still answers as a full rebuild; and asking for another number
# of shards rebuilds, saying why.
. "$(dirname "$0")/common.bash"
command -v jq >/dev/null || { echo "SKIP: jq missing"; exit 77; }
GEN="$LASEARCH_BIN/bench/lasearch-gencorpus"
[ -x "$GEN" ] || { echo "SKIP: $GEN not built"; exit 77; }

C=$WORK/corpus Q=$WORK/queries
"$GEN" --out "$C" --paragraphs 3000 --councils 12 --seeds "$SRC/corpus" >/dev/null ||
  fail "cannot generate the corpus"

cat >"$Q" <<'QUERIES'
{"q": "hospital discharge"}
{"q": "\"section 75\""}
{"q": "care"}
{"q": "people care support services local"}
{"q": "carers OR support OR assessment OR waiting"}
{"q": "safeguarding NOT adults"}
{"q": "waiting NEAR/5 list"}
{"q": "carer*"}
{"q": "a*"}
{"q": "heading:partner*"}
{"q": "CHC"}
{"q": "ICB"}
{"q": "theme:leadership strategy"}
{"q": "score:3.. workforce"}
{"q": "hospitl dischage"}
{"q": "care", "args": ["--by", "authority", "--per", "2"]}
{"q": "support", "args": ["--sort", "authority", "--offset", "7"]}
{"q": "support", "args": ["--sort", "score"]}
{"q": "support", "args": ["--sort", "document", "--offset", "30"]}
{"q": "people", "args": ["--offset", "40"]}
QUERIES

# answers INDEX: every query's JSON, weights to 9 places, one line each.
answers() {
  local line q args
  while IFS= read -r line; do
    q=$(jq -r .q <<<"$line")
    mapfile -t args < <(jq -r '.args // [] | .[]' <<<"$line")
    lasearch-query --index "$1" --json --limit 50 \
      --facets authority,score,section,theme,kind "${args[@]}" "$q" |
      jq -c '(.. | objects | select(has("weight")) | .weight) |= (. * 1e9 | round)
             | del(.. | objects | .snippet?, .first_seen?, .first_seen_generation?)'
    [ "${PIPESTATUS[0]}" -le 1 ] || return 1
  done <"$Q"
}

for n in 1 2 5; do
  lasearch-index --quiet --shards "$n" --corpus "$C" --index "$WORK/i$n" ||
    fail "--shards $n: the build failed"
  got=$(grep -c '^auto shard-' "$WORK/i$n/gen-000001/XAPIANDB")
  [ "$got" = "$n" ] || fail "--shards $n made $got shards"
  answers "$WORK/i$n" >"$WORK/a$n" || fail "--shards $n: a query failed"
done
[ "$(wc -l <"$WORK/a1")" -eq "$(wc -l <"$Q")" ] || fail "not one answer per query"
jq -e -s 'map(.total) | add > 1000' "$WORK/a1" >/dev/null || fail "the queries found too little"
for n in 2 5; do
  cmp -s "$WORK/a1" "$WORK/a$n" ||
    fail "--shards $n answers differently: $(diff "$WORK/a1" "$WORK/a$n" | head -c 800)"
done
# Every shard holds paragraphs, each council's in one shard only.
for s in "$WORK"/i5/gen-000001/shard-*; do
  n=$(xapian-delve "$s" 2>/dev/null | awk '/number of documents/ { print $NF }')
  [ "${n:-0}" -gt 0 ] || fail "$s holds no paragraphs"
done

# An update touching one council rewrites its shard only.
council=$(awk -F'\t' 'NR > 1 && $2 != "" { print $2; exit }' "$C/manifest.tsv")
file=$(awk -F'\t' -v c="$council" 'NR > 1 && $2 == c { print $1; exit }' "$C/manifest.tsv")
[ -n "$file" ] || fail "no file of a council in the manifest"
printf '\nA late note on carers and hospital discharge.\n' >>"$C/documents/$file"
lasearch-index --update --quiet --corpus "$C" --index "$WORK/i5" || fail "the update failed"
grep -qx 'auto gen-000002' "$WORK/i5/XAPIANDB" || fail "the update did not publish"
# A shard the update left alone is the previous generation's, hard links
# and all; the one it wrote has a version file of its own (its tables may
# still be shared: written copy-on-write).
written=0 kept=0
for s in "$WORK"/i5/gen-000002/shard-*; do
  if [ "$s/iamglass" -ef "$WORK/i5/gen-000001/$(basename "$s")/iamglass" ]; then
    kept=$((kept + 1))
  else
    written=$((written + 1))
  fi
done
[ "$written" -eq 1 ] && [ "$kept" -eq 4 ] ||
  fail "the update wrote $written shards and kept $kept (want 1 and 4)"
lasearch-index --quiet --shards 5 --corpus "$C" --index "$WORK/r5" || fail "the rebuild failed"
answers "$WORK/i5" >"$WORK/u5" && answers "$WORK/r5" >"$WORK/f5" || fail "queries failed"
cmp -s "$WORK/u5" "$WORK/f5" ||
  fail "the updated shards answer unlike a rebuild: $(diff "$WORK/u5" "$WORK/f5" | head -c 800)"

# Another number of shards is a rebuild, and says so.
out=$(lasearch-index --update --shards 3 --corpus "$C" --index "$WORK/i5" --json) ||
  fail "--update --shards 3 failed"
jq -e '.mode == "full" and (.reason | test("--shards"))' <<<"$out" >/dev/null ||
  fail "--update --shards 3 did not rebuild: $out"
[ "$(grep -c '^auto shard-' "$WORK/i5/gen-000003/XAPIANDB")" = 3 ] || fail "not 3 shards"
# ... and the next update keeps 3.
printf '\nAnother note.\n' >>"$C/documents/$file"
out=$(lasearch-index --update --corpus "$C" --index "$WORK/i5" --json) || fail "update failed"
jq -e '.mode == "update"' <<<"$out" >/dev/null || fail "the update rebuilt: $out"
[ "$(grep -c '^auto shard-' "$WORK/i5/gen-000004/XAPIANDB")" = 3 ] || fail "not 3 shards"
note "1, 2 and 5 shards answer alike; an update rewrote 1 shard of 5"
