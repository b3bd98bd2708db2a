#!/usr/bin/env bash
# update_random.sh: after any sequence of `lasearch-index --update`, the
# index answers every query exactly as a full rebuild of the same corpus.
#
# A seeded random sequence of edits (files added, changed in several ways,
# deleted, touched without change, made unreadable and repaired, manifest
# rows and the thesaurus changed) is applied to a corpus; after each step
# the updated index must (1) report exactly the files that changed, (2) pass
# --check, and (3) give the same answers as a full rebuild to a fixed set of
# queries: same totals, facets, suggestions and hits with the same weights
# (ties in any order: see update.h), and the same stored summary.
#
# Spelling: some paragraphs carry "zebrafoa" / "zebrafob" in random numbers,
# and the query "zebrafox" asks for a correction, which goes to the more
# frequent one; an update that left deleted words' spelling data behind
# would soon suggest the other.
#
# LASEARCH_SEED=N replays a sequence; LASEARCH_STEPS sets its length.
. "$(dirname "$0")/common.bash"
command -v jq >/dev/null || { echo "SKIP: jq missing"; exit 77; }

SEED=${LASEARCH_SEED:-20241124}
STEPS=${LASEARCH_STEPS:-10}
RANDOM=$SEED
trap 'echo "[$NAME] seed $SEED (replay: LASEARCH_SEED=$SEED)" >&2' EXIT

C=$WORK/corpus U=$WORK/updated R=$WORK/rebuilt Q=$WORK/queries
make_corpus "$C" 3 || fail "cannot make the corpus"
write_queries "$Q"
seeds=("$SRC"/corpus/documents/*.txt)
next_new=1

# A paragraph with random spelling-probe words and a random word of the
# seeds' vocabulary, so statistics change too.
probe_paragraph() {
  local a=$((RANDOM % 4)) b=$((RANDOM % 4)) words=() i
  for ((i = 0; i < a; i++)); do words+=(zebrafoa); done
  for ((i = 0; i < b; i++)); do words+=(zebrafob); done
  local extra=(hospital discharge carers waiting safeguarding partnership workforce)
  printf '\nEdited %d: %s %s care.\n' "$RANDOM" "${words[*]}" "${extra[RANDOM % ${#extra[@]}]}"
}

docs() { (cd "$C" && find documents -type f | sort); }
# pick: a random file of the corpus, in $f. (Not echoed into $(...): bash
# reseeds RANDOM in subshells, and the sequence would not replay.)
pick() { local all; mapfile -t all < <(docs); f="$C/${all[RANDOM % ${#all[@]}]}"; }
manifest_row() { [ -e "$1/manifest.tsv" ] && grep "^$2	" "$1/manifest.tsv"; }

# One random edit of the corpus; says what it did.
edit() {
  local f n rel
  case $((RANDOM % 9)) in
    0|1) f="$C/documents/new_$next_new.txt"; next_new=$((next_new + 1))
         { cat "${seeds[RANDOM % ${#seeds[@]}]}"; probe_paragraph; } >"$f"
         echo "add $(basename "$f")" ;;
    2|3) pick; probe_paragraph >>"$f"; echo "append to $(basename "$f")" ;;
    4)   pick; n=$(wc -l <"$f")
         sed -i "$((n / 2 + 1)),$((n / 2 + 6))d" "$f"; echo "cut lines of $(basename "$f")" ;;
    5)   pick; rm "$f"; echo "delete $(basename "$f")" ;;
    6)   pick; touch -d '2001-01-01' "$f"; echo "touch $(basename "$f")" ;;
    7)   pick
         # An indexed file that turns bad keeps its last paragraphs through
         # updates, which a rebuild cannot (hostile_stale.sh tests that):
         # the bad file here is a new one.
         if grep -q 'Score: [1-3]' "$f"; then sed -i 's/Score: [1-3]/Score: 4/' "$f"
         else f="$C/documents/bad_$next_new.txt"; next_new=$((next_new + 1))
              printf 'bad\0byte %d\n' "$RANDOM" >"$f"; fi
         echo "rescore or break $(basename "$f")" ;;
    8)   if [ $((RANDOM % 2)) -eq 0 ]; then
           printf 'quagga%d\tzebra%d\n' "$RANDOM" "$RANDOM" >>"$C/thesaurus.tsv"
           echo "thesaurus"
         else
           pick; rel=${f#"$C/"}
           [ -e "$C/manifest.tsv" ] ||
             printf 'file\tauthority\tkind\turl\tpublished\n' >"$C/manifest.tsv"
           if manifest_row "$C" "$rel" >/dev/null; then
             sed -i "\\|^$rel	|d" "$C/manifest.tsv"
           else
             printf '%s\tKent\t\t\t\n' "$rel" >>"$C/manifest.tsv"
           fi
           echo "manifest row of $(basename "$f")"
         fi ;;
  esac
}

# What an update must report, from the corpus before ($1) and now: files
# new, gone, and changed (bytes or manifest row), and the thesaurus.
expected() {
  local prev=$1 add rem chg=0 f thes=false
  add=$(comm -13 <(cd "$prev" && find documents -type f | sort) <(docs) | wc -l)
  rem=$(comm -23 <(cd "$prev" && find documents -type f | sort) <(docs) | wc -l)
  while read -r f; do
    if ! cmp -s "$prev/$f" "$C/$f" ||
       [ "$(manifest_row "$prev" "$f")" != "$(manifest_row "$C" "$f")" ]; then
      chg=$((chg + 1))
    fi
  done < <(comm -12 <(cd "$prev" && find documents -type f | sort) <(docs))
  cmp -s "$prev/thesaurus.tsv" "$C/thesaurus.tsv" || thes=true
  echo "$add $chg $rem $thes"
}

lasearch-index --quiet --corpus "$C" --index "$U" >/dev/null
[ $? -le 1 ] || fail "the first build failed"

for ((step = 1; step <= STEPS; step++)); do
  rm -rf "$WORK/prev" && cp -a "$C" "$WORK/prev"
  for ((k = 0; k < 1 + RANDOM % 3; k++)); do
    edit >"$WORK/edit.txt"   # not in $(...): edit keeps state
    note "step $step: $(cat "$WORK/edit.txt")"
  done
  want=$(expected "$WORK/prev")
  got=$(lasearch-index --update --json --corpus "$C" --index "$U" 2>"$WORK/update.err")
  rc=$?
  [ "$rc" -le 1 ] || fail "step $step: update exit $rc: $(cat "$WORK/update.err")"
  counts=$(jq -r '"\(.added) \(.changed) \(.removed) \(.thesaurus_changed)"' <<<"$got")
  [ "$counts" = "$want" ] ||
    fail "step $step: update said '$counts' (added changed removed thesaurus), expected '$want': $got"
  if [ "$want" = "0 0 0 false" ]; then
    [ "$(jq -r .mode <<<"$got")" = none ] || fail "step $step: nothing changed, yet: $got"
  fi

  rm -rf "$R"
  lasearch-index --quiet --corpus "$C" --index "$R" >/dev/null 2>&1
  [ $? -le 1 ] || fail "step $step: the full rebuild failed"
  answers "$U" "$Q" >"$WORK/u.json" || fail "step $step: queries on the updated index failed"
  answers "$R" "$Q" >"$WORK/r.json" || fail "step $step: queries on the rebuilt index failed"
  if ! diff "$WORK/u.json" "$WORK/r.json" >"$WORK/diff.txt"; then
    fail "step $step: answers differ from a full rebuild: $(head -c 1500 "$WORK/diff.txt")"
  fi
  strip='del(.index, .generation, .previous, .built, .run, .bytes, .bytes_all, .generations)'
  diff <(lasearch-index --stats --json --index "$U" | jq -S "$strip") \
       <(lasearch-index --stats --json --index "$R" | jq -S "$strip") >"$WORK/diff.txt" ||
    fail "step $step: stored summaries differ: $(head -c 1000 "$WORK/diff.txt")"
  lasearch-index --check --quiet --corpus "$C" --index "$U" ||
    fail "step $step: --check of the updated index failed"
done
grep -q zebrafo "$WORK/u.json" || fail "the spelling probe never showed: the test is blind"
trap - EXIT
note "$STEPS steps, seed $SEED: every update answered as a full rebuild"
