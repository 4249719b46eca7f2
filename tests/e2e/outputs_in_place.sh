#!/usr/bin/env bash
# Where an output may and may not go (src/io/atomic_file.h,
# src/job/inputs.h): a pipe is written in place, a link's file is replaced
# and the link kept, a directory is refused before the run is recorded;
# an output that is a file the command reads (an input, the policy, its
# table, the run store or its journal) is refused with exit 64 and left as
# it was; a command that only reads the store does not make one in an
# empty file.
# Usage: outputs_in_place.sh ACCTSEG
set -euo pipefail
acctseg=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
root=$(cd "$(dirname "$0")/../.." && pwd)
source "$root/tests/e2e/lib.sh"
cp "$root/examples/seed-policy/policy.yaml" "$root/examples/seed-policy/regions.csv" .
head -101 "$root/examples/data/accounts-10k.csv" > accounts.csv
run() { "$acctseg" run -q -p policy.yaml -i accounts.csv --store runs.sqlite "$@"; }
run -o expected.csv
run -o second.csv

# A FIFO: the reader gets the whole output, and it is still a FIFO.
mkfifo pipe
timeout 60 cat pipe > from_pipe.csv &
reader=$!
run --no-store -o pipe
wait "$reader" || true
cmp -s from_pipe.csv expected.csv || fail "the FIFO's reader did not get the output"
[ -p pipe ] || fail "the FIFO was replaced by a regular file"

# A link: the file it leads to gets the output; the link stays a link.
echo old > real.csv
ln -s real.csv link.csv
run --no-store -o link.csv
[ -L link.csv ] || fail "the link was replaced"
cmp -s real.csv expected.csv || fail "the link's file did not get the output"

# /dev/stdout is standard output: a log the shell appends to is appended
# to, not replaced through /proc/self/fd/1.
echo kept > log.txt
run --no-store -o /dev/stdout >> log.txt
[ "$(head -1 log.txt)" = kept ] || fail "-o /dev/stdout >> log.txt replaced the log"
[ "$(tail -n +2 log.txt | cmp -s - expected.csv && echo same)" = same ] ||
  fail "-o /dev/stdout did not write the output after the log's line"

# A directory: refused before the run is recorded.
mkdir adir
status=0
run -o adir 2> err.txt || status=$?
[ "$status" -eq 74 ] || fail "-o DIRECTORY exited $status, not 74"
grep -q 'Is a directory' err.txt || fail "no 'Is a directory' in: $(cat err.txt)"
[ "$("$acctseg" runs list --store runs.sqlite | grep -c '^2')" = 2 ] ||
  fail "a run whose output could not be written was recorded"

# Files a command reads are never its output.
refused() {  # refused FILE COMMAND...: exits 64 and leaves FILE as it was
  local file=$1 before status=0
  shift
  before=$(sha256sum "$file" 2> /dev/null || echo absent)
  "$@" 2> err.txt || status=$?
  [ "$status" -eq 64 ] || fail "$* exited $status, not 64 ($(cat err.txt))"
  grep -q 'is a file this command reads' err.txt || fail "$*: $(cat err.txt)"
  [ "$(sha256sum "$file" 2> /dev/null || echo absent)" = "$before" ] || fail "$* changed $file"
}
refused runs.sqlite run -o runs.sqlite
refused policy.yaml run -o policy.yaml
refused regions.csv run -o regions.csv
refused accounts.csv run -o ./accounts.csv
refused runs.sqlite "$acctseg" diff latest~1 latest --store runs.sqlite -o runs.sqlite
refused runs.sqlite-wal "$acctseg" diff latest~1 latest --store runs.sqlite -o runs.sqlite-wal
refused accounts.csv "$acctseg" whatif -q -p policy.yaml -p policy.yaml -i accounts.csv --no-cache -o accounts.csv
refused regions.csv "$acctseg" whatif -q -p policy.yaml -p policy.yaml -i accounts.csv --no-cache -o regions.csv
refused policy.yaml "$acctseg" quality -q -p policy.yaml -i accounts.csv -o policy.yaml
# The learn commands, before any work: every output, the model's store too.
refused accounts.csv "$acctseg" learn lift -q -p policy.yaml -i accounts.csv --outcome won -o accounts.csv
refused policy.yaml "$acctseg" learn clusters -q -p policy.yaml -i accounts.csv --outcome won -o policy.yaml
refused regions.csv "$acctseg" learn scorecard -q -p policy.yaml -i accounts.csv --outcome won -o regions.csv
refused accounts.csv "$acctseg" learn propensity -q -p policy.yaml -i accounts.csv --outcome won --scores-out accounts.csv
refused runs.sqlite "$acctseg" learn propensity -q -p policy.yaml -i accounts.csv --outcome won --store runs.sqlite --name m -o runs.sqlite

# Reading an empty file as a store: "no run store", and no store made in it.
: > empty.sqlite
status=0
"$acctseg" runs list --store empty.sqlite 2> err.txt || status=$?
[ "$status" -eq 75 ] || fail "runs list on an empty file exited $status, not 75"
[ ! -s empty.sqlite ] || fail "runs list made a store in an empty file"
echo "PASS"
