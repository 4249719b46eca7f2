#!/usr/bin/env bash
# The seed policy on PostgreSQL 15: load the CSV files with psql \copy, run
# postgres_seed.sql (recursive CTEs for families, window functions for the
# family segment and tiers), \copy the result out.
#
#   postgres_seed.sh ACCOUNTS.csv REGIONS.csv OUT.csv [URI]
#
# Without URI a throwaway server is started in a temp dir with
# scripts/pg-test-server.sh (fsync off) and stopped afterwards.
# Everything lives in temp tables of one psql session, tuned for a batch job
# (PGOPTIONS): work_mem and temp_buffers large enough for 1M rows to stay in
# memory, and no JIT (the recursive CTEs' row estimates are far too high,
# which makes JIT compile for seconds).
set -euo pipefail

if [ $# -lt 3 ] || [ $# -gt 4 ]; then
  echo "usage: $0 ACCOUNTS.csv REGIONS.csv OUT.csv [URI]" >&2
  exit 64
fi
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
accounts=$1 regions=$2 out=$3 uri=${4:-}
for f in "$accounts" "$regions"; do
  [ -r "$f" ] || { echo "postgres_seed: cannot read $f" >&2; exit 66; }
done

# The files' columns may come in any order, with extras: make a temp table of
# text columns in the header's order (needed ones by name, others _col_N).
# Prints two lines: the column definitions and the \copy column list.
table_shape() {
  python3 - "$1" "$2" <<'PY'
import csv, sys
path, wanted = sys.argv[1], sys.argv[2].split(",")
with open(path, encoding="utf-8-sig", newline="") as f:
    header = next(csv.reader(f), None)
if header is None:
    sys.exit(f"postgres_seed: {path}: empty file")
names = []
for i, name in enumerate(header, 1):
    name = name.strip(" \t")
    names.append(name if name in wanted and name not in names else f"_col_{i}")
missing = [w for w in wanted if w not in names]
if missing:
    sys.exit(f"postgres_seed: {path}: missing column(s) {', '.join(missing)}")
print(", ".join(f"{n} text" for n in names))
print(", ".join(names))
PY
}
quote() { printf "'%s'" "${1//\'/\'\'}"; }

needed=account_id,parent_id,employees,industry,country,state,sector,arr,products,web_visits_90d,active_users,intent_score,competitor
mapfile -t acc_shape < <(table_shape "$accounts" "$needed")
mapfile -t reg_shape < <(table_shape "$regions" country,state,region)
[ ${#acc_shape[@]} -eq 2 ] && [ ${#reg_shape[@]} -eq 2 ] || exit 65

server_dir=""
if [ -z "$uri" ]; then
  server_dir=$(mktemp -d /tmp/acctseg-peer-pg.XXXXXX)
  trap '"$root/scripts/pg-test-server.sh" stop "$server_dir" >/dev/null 2>&1 || true; rm -rf "$server_dir"' EXIT
  uri=$(ACCTSEG_PG_FSYNC=off "$root/scripts/pg-test-server.sh" start "$server_dir")
fi

out_columns="account_id, global_id, own_segment, segment, region, score, tier, potential, whitespace, road, missing_products, issues"
PGOPTIONS="${PGOPTIONS:-} -c work_mem=256MB -c temp_buffers=1GB -c jit=off -c client_min_messages=warning" \
psql "$uri" -X -q -v ON_ERROR_STOP=1 \
  -c "CREATE TEMP TABLE raw_regions (${reg_shape[0]})" \
  -c "\\copy raw_regions (${reg_shape[1]}) FROM $(quote "$regions") WITH (FORMAT csv, HEADER true, ENCODING 'UTF8')" \
  -c "CREATE TEMP TABLE raw_accounts (rn bigint GENERATED ALWAYS AS IDENTITY, ${acc_shape[0]})" \
  -c "\\copy raw_accounts (${acc_shape[1]}) FROM $(quote "$accounts") WITH (FORMAT csv, HEADER true, ENCODING 'UTF8')" \
  -f "$here/postgres_seed.sql" \
  -c "\\copy (SELECT $out_columns FROM seed_output ORDER BY rn) TO $(quote "$out") WITH (FORMAT csv, HEADER true, ENCODING 'UTF8')"
