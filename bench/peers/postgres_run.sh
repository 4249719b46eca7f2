#!/usr/bin/env bash
# A benchmark policy on PostgreSQL 15: load the CSV files with psql \copy,
# run postgres_POLICY.sql (recursive CTEs for families, postgres_family.sql;
# window functions for the family segment and tiers), \copy the result out.
# postgres_seed.sh and postgres_wide.sh call it.
#
#   postgres_run.sh seed|wide ACCOUNTS.csv TABLE.csv OUT.csv [URI]
#
# TABLE.csv is the policy's side table: the seed's regions, the wide
# policy's territories.
#
# Without URI a throwaway server is started in a temp dir with
# scripts/pg-test-server.sh (fsync off) and stopped afterwards.
# Everything lives in temp tables of one psql session, tuned for a batch job
# (PGOPTIONS): work_mem and temp_buffers large enough for 1M rows to stay in
# memory, and no JIT (the recursive CTEs' row estimates are far too high,
# which makes JIT compile for seconds).
set -euo pipefail

policy=${1:-}
case $policy in
  seed)
    needed=account_id,parent_id,employees,industry,country,state,sector,arr,products,web_visits_90d,active_users,intent_score,competitor
    table_columns=country,state,region
    out_columns="account_id, global_id, own_segment, segment, region, score, tier, potential, whitespace, road, missing_products, issues" ;;
  wide)
    needed=account_id,name,parent_id,employees,annual_revenue,industry,country,state,sector,arr,products,web_visits_90d,active_users,intent_score,competitor
    table_columns=country,state,industry,territory,sales_region,overlay
    out_columns="account_id, global_id, family_size, segment, territory, sales_region, overlay, holding, products_owned, fit, account_tier, engagement, focus, coverage, queue, family_revenue, wallet, open_wallet, issues" ;;
  *) set -- ;;
esac
if [ $# -lt 4 ] || [ $# -gt 5 ]; then
  echo "usage: $0 seed|wide ACCOUNTS.csv TABLE.csv OUT.csv [URI]" >&2
  exit 64
fi
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
accounts=$2 table=$3 out=$4 uri=${5:-}
for f in "$accounts" "$table"; do
  [ -r "$f" ] || { echo "postgres_$policy: cannot read $f" >&2; exit 66; }
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
    sys.exit(f"postgres peer: {path}: empty file")
names = []
for i, name in enumerate(header, 1):
    name = name.strip(" \t")
    names.append(name if name in wanted and name not in names else f"_col_{i}")
missing = [w for w in wanted if w not in names]
if missing:
    sys.exit(f"postgres peer: {path}: missing column(s) {', '.join(missing)}")
print(", ".join(f"{n} text" for n in names))
print(", ".join(names))
PY
}
quote() { printf "'%s'" "${1//\'/\'\'}"; }

mapfile -t acc_shape < <(table_shape "$accounts" "$needed")
mapfile -t side_shape < <(table_shape "$table" "$table_columns")
[ ${#acc_shape[@]} -eq 2 ] && [ ${#side_shape[@]} -eq 2 ] || exit 65

server_dir=""
if [ -z "$uri" ]; then
  server_dir=$(mktemp -d /tmp/acctseg-peer-pg.XXXXXX)
  trap '"$root/scripts/pg-test-server.sh" stop "$server_dir" >/dev/null 2>&1 || true; rm -rf "$server_dir"' EXIT
  uri=$(ACCTSEG_PG_FSYNC=off "$root/scripts/pg-test-server.sh" start "$server_dir")
fi

PGOPTIONS="${PGOPTIONS:-} -c work_mem=256MB -c temp_buffers=1GB -c jit=off -c client_min_messages=warning" \
psql "$uri" -X -q -v ON_ERROR_STOP=1 \
  -c "CREATE TEMP TABLE raw_table (rn bigint GENERATED ALWAYS AS IDENTITY, ${side_shape[0]})" \
  -c "\\copy raw_table (${side_shape[1]}) FROM $(quote "$table") WITH (FORMAT csv, HEADER true, ENCODING 'UTF8')" \
  -c "CREATE TEMP TABLE raw_accounts (rn bigint GENERATED ALWAYS AS IDENTITY, ${acc_shape[0]})" \
  -c "\\copy raw_accounts (${acc_shape[1]}) FROM $(quote "$accounts") WITH (FORMAT csv, HEADER true, ENCODING 'UTF8')" \
  -f "$here/postgres_$policy.sql" \
  -c "\\copy (SELECT $out_columns FROM ${policy}_output ORDER BY rn) TO $(quote "$out") WITH (FORMAT csv, HEADER true, ENCODING 'UTF8')"
