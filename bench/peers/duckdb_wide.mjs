#!/usr/bin/env node
// The wide benchmark policy (bench/policies/wide/policy.yaml) in DuckDB, one
// SQL script (duckdb_wide_sql.mjs) run through @duckdb/node-api, written as
// duckdb_seed.mjs writes the seed policy.
//
//   node duckdb_wide.mjs ACCOUNTS.csv TERRITORIES.csv OUT.csv
import { DuckDBInstance } from '@duckdb/node-api';
import { typedWideAccountsSql, widePolicySql } from './duckdb_wide_sql.mjs';

const args = process.argv.slice(2);
if (args.length !== 3) {
  console.error('usage: node duckdb_wide.mjs ACCOUNTS.csv TERRITORIES.csv OUT.csv');
  process.exit(64);
}
const [accountsFile, territoriesFile, outFile] = args;
const instance = await DuckDBInstance.create(':memory:');
const connection = await instance.connect();
await connection.run(widePolicySql(typedWideAccountsSql(accountsFile), territoriesFile, outFile));
