#!/usr/bin/env node
// The seed policy (reference-workload.md) written the way a DuckDB user would:
// one SQL script run through @duckdb/node-api.
//
//   node duckdb_seed.mjs ACCOUNTS.csv REGIONS.csv OUT.csv
//
// * read_csv with an explicit dialect (',' / '"' / header) and every column as
//   VARCHAR (columns may come in any order, with extras), then TRIM(x, ' \t')
//   and CAST: integers as BIGINT, money and points as exact DECIMAL;
// * families: a recursive CTE walks down from the top-level accounts; what it
//   never reaches sits on or below a parent cycle. Those few accounts are
//   walked up with a path list to find each cycle and its byte-wise smallest
//   member (DuckDB's default collation is binary), which becomes top-level,
//   and the walk down is run again;
// * the family segment and the tiers are window functions;
// * COPY ... TO csv. DuckDB writes an empty string as "" (to tell it from
//   NULL), so empty text outputs are written as NULL (an empty field).
// Seats: ROUND on a DECIMAL rounds half away from zero, as the project
// decided (docs/reference-workload.md). Bad-input checks (empty arr, duplicate
// ids) are not part of this peer beyond what CAST rejects.
import { DuckDBInstance } from '@duckdb/node-api';
import { seedPolicySql, typedAccountsSql } from './duckdb_seed_sql.mjs';

const args = process.argv.slice(2);
if (args.length !== 3) {
  console.error('usage: node duckdb_seed.mjs ACCOUNTS.csv REGIONS.csv OUT.csv');
  process.exit(64);
}
const [accountsFile, regionsFile, outFile] = args;
const sql = seedPolicySql(typedAccountsSql(accountsFile), regionsFile, outFile);

const instance = await DuckDBInstance.create(':memory:');
const connection = await instance.connect();
await connection.run(sql);
