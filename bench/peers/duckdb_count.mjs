#!/usr/bin/env node
// The DuckDB floor of bench/compare: read a policy's input columns of an
// accounts CSV, typed as acctseg types them, and do nothing else. The seed
// policy reads 13 columns; the wide one (bench/policies/wide) all 15, with
// name and annual_revenue.
//
//   node duckdb_count.mjs ACCOUNTS.csv [seed|wide]  # prints {"rows": N, "counts": {...}}
//   node duckdb_count.mjs --version                 # prints DuckDB's library version
//
// What it must cost is the parse, so two choices keep DuckDB from skipping it:
//
// * count(column) of each of the 13 columns, not count(*). With count(*)
//   DuckDB's projection pushdown needs no column at all: it would only find the
//   row boundaries and convert nothing. count(column) has to produce every
//   value of the column (to know which are NULL), so each field is read and,
//   for BIGINT columns, converted.
// * columns = {...} declaring every column of the file, in the header's order:
//   the 13 policy columns with acctseg's types (string -> VARCHAR, integer ->
//   BIGINT), the others VARCHAR (projection pushdown skips them, as acctseg's
//   reader skips columns the policy does not name). No sniffing of the types
//   and no auto-detected dialect: the same explicit dialect as duckdb_seed.mjs.
//
// The header is read with a plain split on ',', which is enough for the
// generated universes bench/compare runs this on (tests/data/gen_accounts.py);
// it is not a general CSV header parser.
import { readSync, openSync, closeSync } from 'node:fs';
import { DuckDBInstance } from '@duckdb/node-api';

const SEED_COLUMNS = {
  account_id: 'VARCHAR', parent_id: 'VARCHAR', employees: 'BIGINT',
  industry: 'VARCHAR', country: 'VARCHAR', state: 'VARCHAR', sector: 'VARCHAR',
  arr: 'BIGINT', products: 'VARCHAR', web_visits_90d: 'BIGINT',
  active_users: 'BIGINT', intent_score: 'BIGINT', competitor: 'VARCHAR',
};
const COLUMNS_OF = {
  seed: SEED_COLUMNS,
  wide: { ...SEED_COLUMNS, name: 'VARCHAR', annual_revenue: 'BIGINT' },
};

const args = process.argv.slice(2);
if (args.length < 1 || args.length > 2 || (args.length === 2 && !(args[1] in COLUMNS_OF))) {
  console.error('usage: node duckdb_count.mjs ACCOUNTS.csv [seed|wide] | --version');
  process.exit(64);
}
const POLICY_COLUMNS = COLUMNS_OF[args[1] ?? 'seed'];

const instance = await DuckDBInstance.create(':memory:');
const connection = await instance.connect();
const scalar = async (sql) => (await connection.runAndReadAll(sql)).getRowObjectsJson()[0];

if (args[0] === '--version') {
  console.log((await scalar('SELECT version() AS v')).v);
  process.exit(0);
}

const path = args[0];
const header = firstLine(path).replace(/^\uFEFF/, '').split(',').map((name) => name.trim());
const missing = Object.keys(POLICY_COLUMNS).filter((name) => !header.includes(name));
if (missing.length > 0) {
  console.error(`duckdb_count: ${path}: missing column(s) ${missing.join(', ')}`);
  process.exit(65);
}

const lit = (text) => `'${text.replaceAll("'", "''")}'`;
const columns = header.map((name) => `${lit(name)}: ${lit(POLICY_COLUMNS[name] ?? 'VARCHAR')}`);
const counts = Object.keys(POLICY_COLUMNS).map((name) => `count("${name}") AS "${name}"`);
const row = await scalar(`
  SELECT count(*) AS rows, ${counts.join(', ')}
  FROM read_csv(${lit(path)}, header = true, delim = ',', quote = '"', escape = '"',
                auto_detect = false, columns = {${columns.join(', ')}})`);
const { rows, ...perColumn } = row;
console.log(JSON.stringify({ rows: Number(rows), counts: perColumn }));

// The file's first line (the header), read without loading the file.
function firstLine(file) {
  const fd = openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(64 * 1024);
    const length = readSync(fd, buffer, 0, buffer.length, 0);
    return buffer.toString('utf8', 0, length).split(/\r?\n/, 1)[0];
  } finally {
    closeSync(fd);
  }
}
