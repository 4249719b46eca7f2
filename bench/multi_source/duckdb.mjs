#!/usr/bin/env node
// bench/multi_source/policy.yaml as one DuckDB SQL script (@duckdb/node-api
// from bench/peers): typed reads, FILTER aggregates, two LEFT JOINs.
//   node duckdb.mjs DIR OUT.csv
import { createRequire } from 'module';
const require = createRequire(new URL('../peers/package.json', import.meta.url));
const { DuckDBInstance } = await import(require.resolve('@duckdb/node-api'));
const [dir, out] = process.argv.slice(2);
const lit = (t) => `'${t.replaceAll("'", "''")}'`;
const sql = `
COPY (
  WITH o AS (
    SELECT account_id,
           count(*) FILTER (WHERE stage = 'Closed Won') AS won_deals,
           sum(amount) FILTER (WHERE stage = 'Closed Won') AS won_amount,
           max(close_date) FILTER (WHERE stage = 'Closed Won') AS last_won,
           string_agg(DISTINCT product, ';' ORDER BY product) AS products
    FROM read_csv(${lit(dir + '/opportunities.csv')}, header = true,
                  columns = {'opp_id': 'VARCHAR', 'account_id': 'VARCHAR', 'stage': 'VARCHAR',
                             'amount': 'DECIMAL(18,2)', 'close_date': 'DATE', 'product': 'VARCHAR'})
    WHERE close_date >= DATE '2026-11-30' - INTERVAL 365 DAY
    GROUP BY account_id),
  c AS (
    SELECT account_id, count(*) FILTER (WHERE persona = 'buyer') AS buyers,
           bool_or(persona = 'buyer') AS has_buyer
    FROM (SELECT account_id,
                 CASE WHEN title IN ('CEO', 'CFO', 'CIO', 'VP Sales') THEN 'buyer'
                      WHEN title IN ('Director IT', 'Manager') THEN 'influencer'
                      ELSE 'end_user' END AS persona
          FROM read_csv(${lit(dir + '/contacts.csv')}, header = true,
                        columns = {'account_id': 'VARCHAR', 'title': 'VARCHAR'}))
    GROUP BY account_id)
  SELECT a.account_id, coalesce(o.won_deals, 0) AS won_deals, o.won_amount,
         strftime(o.last_won, '%Y-%m-%d') AS last_won, o.products,
         coalesce(c.buyers, 0) AS buyers, coalesce(c.has_buyer, false) AS has_buyer
  FROM read_csv(${lit(dir + '/accounts.csv')}, header = true,
                columns = {'account_id': 'VARCHAR', 'employees': 'BIGINT', 'country': 'VARCHAR'}) a
  LEFT JOIN o USING (account_id) LEFT JOIN c USING (account_id)
  ORDER BY a.account_id
) TO ${lit(out)} (HEADER, DELIMITER ',');`;
const db = await DuckDBInstance.create(':memory:');
const con = await db.connect();
await con.run(sql);
