#!/usr/bin/env node
// DuckDB in the edit-and-rerun loop (bench/compare_rerun): the accounts are
// loaded once into a persistent database file, typed and trimmed as a reader
// makes them; each rerun opens that file and runs the seed policy
// (duckdb_seed_sql.mjs) over the table, with the tier cuts as edited.
//
//   node duckdb_rerun.mjs load DB ACCOUNTS.csv
//   node duckdb_rerun.mjs query DB REGIONS.csv OUT.csv [TOP_A TOP_B]
import { DuckDBInstance } from '@duckdb/node-api';
import { seedPolicySql, typedAccountsSql } from './duckdb_seed_sql.mjs';

const [mode, db, ...rest] = process.argv.slice(2);
let sql;
if (mode === 'load' && rest.length === 1) {
  sql = `CREATE OR REPLACE TABLE accounts AS ${typedAccountsSql(rest[0])};`;
} else if (mode === 'query' && (rest.length === 2 || rest.length === 4)) {
  const [regions, out, topA = '0.2', topB = '0.5'] = rest;
  sql = seedPolicySql('SELECT * FROM accounts', regions, out, Number(topA), Number(topB));
} else {
  console.error('usage: node duckdb_rerun.mjs load DB ACCOUNTS.csv | query DB REGIONS.csv OUT.csv [TOP_A TOP_B]');
  process.exit(64);
}
const instance = await DuckDBInstance.create(db);
const connection = await instance.connect();
await connection.run(sql);
