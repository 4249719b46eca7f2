#!/usr/bin/env bash
# The input cache (docs/cache.md) through the CLI: a rerun and a copied file
# hit the same entry (its inode stays: a hit does not rewrite it), an edited
# byte misses, outputs are byte-identical cached and cold at 1 and 2
# threads (run and whatif), a damaged entry is warned about and replaced,
# two runs writing one entry at once leave a sound one, input errors are
# reported alike and never cached, --no-cache writes
# nothing, and `cache info|clear` count and empty it.
# Usage: input_cache.sh ACCTSEG
set -euo pipefail
acctseg=$1
root=$(cd "$(dirname "$0")/../.." && pwd)
source "$root/tests/e2e/lib.sh"
policy="$root/examples/seed-policy/policy.yaml"
export ACCTSEG_CACHE_DIR="$work/cache"
entries() { "$acctseg" cache info | sed -E 's/^([0-9]+) entr(y|ies).*/\1/'; }
only_entry() { ls "$ACCTSEG_CACHE_DIR"/*.acache; }
run() { "$acctseg" run --quiet --no-store --policy "$policy" "$@"; }

python3 "$root/tests/data/gen_accounts.py" --rows 20000 --seed 3 --out accounts.csv
for threads in 1 2; do
  run --no-cache --threads $threads -i accounts.csv -o cold-$threads.csv
done
cmp cold-1.csv cold-2.csv || fail "cold runs differ between 1 and 2 threads"
[ ! -e "$ACCTSEG_CACHE_DIR" ] || fail "--no-cache wrote $ACCTSEG_CACHE_DIR"

run --threads 1 -i accounts.csv -o first.csv
[ "$(entries)" = 1 ] || fail "the first run did not keep its input"
inode=$(stat -c %i "$(only_entry)")
for threads in 1 2; do
  run --threads $threads -i accounts.csv -o cached-$threads.csv 2> err.txt
  [ ! -s err.txt ] || fail "a cached run printed: $(cat err.txt)"
  cmp cold-1.csv cached-$threads.csv || fail "cached output differs at $threads threads"
done
cmp cold-1.csv first.csv || fail "the run that filled the cache differs"
mkdir elsewhere && cp accounts.csv elsewhere/copy.csv
run -i elsewhere/copy.csv -o copy.csv
cmp cold-1.csv copy.csv || fail "a copied file's output differs"
[ "$(entries)" = 1 ] && [ "$(stat -c %i "$(only_entry)")" = "$inode" ] ||
  fail "a rerun or a copied file did not hit the entry"
echo "rerun and copy: hit, outputs identical at 1 and 2 threads"

# whatif reads once for both policies, through the same cache.
cp "$root/examples/seed-policy/regions.csv" .
sed "s/employees >= 4001/employees >= 3001/" "$policy" > edited.yaml
"$acctseg" whatif --quiet --no-cache -p "$policy" -p edited.yaml -i accounts.csv -o whatif-cold.txt
"$acctseg" whatif --quiet -p "$policy" -p edited.yaml -i accounts.csv -o whatif-cached.txt
cmp whatif-cold.txt whatif-cached.txt || fail "whatif differs cached and cold"
[ "$(stat -c %i "$(only_entry)")" = "$inode" ] || fail "whatif did not hit the run's entry"

# One byte edited (same size): another entry, and the edit is seen.
sed '2s/,\([0-9]\)/,9/' accounts.csv > edited.csv && touch -r accounts.csv edited.csv && mv edited.csv accounts.csv
run -i accounts.csv -o edited-cached.csv
run --no-cache -i accounts.csv -o edited-cold.csv
cmp edited-cold.csv edited-cached.csv || fail "an edited file's output differs"
[ "$(entries)" = 2 ] || fail "an edited byte did not miss"
echo "edited byte: miss"

# A truncated entry: warned about, read again, replaced.
"$acctseg" cache clear > /dev/null
run -i accounts.csv -o /dev/null
entry=$(only_entry)
truncate -s 1000 "$entry"
run -i accounts.csv -o truncated.csv 2> err.txt
grep -q "warning: input cache: .*cannot be used" err.txt || fail "no warning for a truncated entry"
cmp edited-cold.csv truncated.csv || fail "output differs after a truncated entry"
run -i accounts.csv -o /dev/null 2> err.txt
[ ! -s err.txt ] || fail "the truncated entry was not replaced: $(cat err.txt)"
printf '\x01' | dd of="$entry" bs=1 seek=$(( $(stat -c %s "$entry") / 2 )) conv=notrunc 2> /dev/null
run -i accounts.csv -o flipped.csv 2> err.txt
grep -q "cannot be used" err.txt || fail "no warning for a flipped byte"
cmp edited-cold.csv flipped.csv || fail "output differs after a flipped byte"
echo "truncated and flipped entries: warned, read again, replaced"

# Two runs filling the same entry at once: each renames a whole entry.
"$acctseg" cache clear > /dev/null
run -i accounts.csv -o both-1.csv 2> err-1.txt & run -i accounts.csv -o both-2.csv 2> err-2.txt
wait
cmp edited-cold.csv both-1.csv && cmp edited-cold.csv both-2.csv || fail "concurrent runs' outputs differ"
run -i accounts.csv -o /dev/null 2> err.txt
[ ! -s err-1.txt ] && [ ! -s err-2.txt ] && [ ! -s err.txt ] && [ "$(entries)" = 1 ] ||
  fail "concurrent writers left a bad entry: $(cat err-1.txt err-2.txt err.txt)"
echo "concurrent writers: one sound entry"

# An input error: the same message and exit code, and nothing kept.
printf 'account_id,parent_id\n"a1,x\n' > bad.csv
set +e
run --no-cache -i bad.csv -o /dev/null 2> cold-err.txt; cold_code=$?
run -i bad.csv -o /dev/null 2> cached-err.txt; cached_code=$?
set -e
[ "$cold_code" = "$cached_code" ] && [ "$cold_code" != 0 ] || fail "exit codes $cold_code vs $cached_code"
cmp cold-err.txt cached-err.txt || fail "the input error differs with the cache"
[ "$(entries)" = 1 ] || fail "a failed read was cached"

"$acctseg" cache clear | grep -q "^removed 1 entry," || fail "cache clear"
# A file where the directory should be is said, not counted as 0 entries.
touch not-a-dir
for command in info clear; do
  code=0
  "$acctseg" cache "$command" --cache-dir not-a-dir > out.txt 2> err.txt || code=$?
  [ "$code" = 64 ] && grep -q "not-a-dir is not a directory" err.txt ||
    fail "cache $command on a file: exit $code: $(cat out.txt err.txt)"
done
[ "$(entries)" = 0 ] || fail "cache clear left entries"
echo "input errors alike and not cached; cache clear empties it"
