// The seed policy's SQL for DuckDB (see duckdb_seed.mjs for how it is
// written), shared by duckdb_seed.mjs (one run from the CSV) and
// duckdb_rerun.mjs (the edit-and-rerun loop over a table loaded once into a
// database file), so both run the same statements.

// A string as an SQL literal.
export const lit = (text) => `'${text.replaceAll("'", "''")}'`;
export const csvOptions = `header = true, delim = ',', quote = '"', escape = '"', all_varchar = true`;

// The accounts as a reader makes them: every column typed and trimmed, in
// file order; no policy logic.
export function typedAccountsSql(accountsFile) {
  const accountsPath = lit(accountsFile);
  return `
  SELECT trim(account_id, ' \t') AS account_id,
         coalesce(trim(parent_id, ' \t'), '') AS parent_id,
         CAST(nullif(trim(employees, ' \t'), '') AS BIGINT) AS employees,
         coalesce(trim(industry, ' \t'), '') AS industry,
         coalesce(trim(country, ' \t'), '') AS country,
         coalesce(trim(state, ' \t'), '') AS state,
         coalesce(trim(sector, ' \t'), '') AS sector,
         CAST(trim(arr, ' \t') AS BIGINT) AS arr,
         coalesce(trim(products, ' \t'), '') AS products,
         CAST(trim(web_visits_90d, ' \t') AS BIGINT) AS web_visits_90d,
         CAST(trim(active_users, ' \t') AS BIGINT) AS active_users,
         coalesce(CAST(nullif(trim(intent_score, ' \t'), '') AS BIGINT), 0) AS intent_score,
         coalesce(trim(competitor, ' \t'), '') AS competitor
  FROM read_csv(${accountsPath}, ${csvOptions})`;
}

// Families over the table `acc` (typed accounts, `account_id` and `parent_id`;
// its rowid is the input order), as the `family` step resolves them: temp
// tables `link` (rn, parent_rn, parent_missing), `cycle_member` (rn, head_id:
// the accounts on a parent cycle) and `fam2` (rn, top_rn: each account's
// global account). Shared by every policy written here.
export function familySql() {
  return `
-- parent links by row number; a parent_id naming no account: top-level
CREATE TEMP TABLE link AS
SELECT c.rowid AS rn, p.rowid AS parent_rn,
       c.parent_id <> '' AND p.rowid IS NULL AS parent_missing
FROM acc c LEFT JOIN acc p ON p.account_id = c.parent_id;

-- walk down from the top-level accounts
CREATE TEMP TABLE fam AS
WITH RECURSIVE down(rn, top_rn) AS (
  SELECT rn, rn FROM link WHERE parent_rn IS NULL
  UNION ALL
  SELECT l.rn, d.top_rn FROM down d JOIN link l ON l.parent_rn = d.rn
)
SELECT * FROM down;

-- accounts never reached are on or below a cycle: walk up from each of them
-- until a node repeats; an account is on a cycle when its walk comes back to
-- it, and the smallest account_id on its walk is then the smallest of the cycle
CREATE TEMP TABLE cycle_member AS
WITH RECURSIVE
stuck AS (SELECT l.* FROM link l ANTI JOIN fam f ON f.rn = l.rn),
up(start_rn, node_rn, path) AS (
  SELECT rn, parent_rn, [rn] FROM stuck
  UNION ALL
  SELECT u.start_rn, s.parent_rn, list_append(u.path, u.node_rn)
  FROM up u JOIN stuck s ON s.rn = u.node_rn
  WHERE NOT list_contains(u.path, u.node_rn)
)
SELECT u.start_rn AS rn, min(a.account_id) AS head_id
FROM up u JOIN acc a ON a.rowid = u.node_rn
GROUP BY u.start_rn
HAVING bool_or(u.node_rn = u.start_rn);

-- the cycle heads become top-level; walk down again from every top
CREATE TEMP TABLE fam2 AS
WITH RECURSIVE
link2 AS (
  SELECT l.rn, CASE WHEN a.account_id = m.head_id THEN NULL ELSE l.parent_rn END AS parent_rn
  FROM link l JOIN acc a ON a.rowid = l.rn LEFT JOIN cycle_member m ON m.rn = l.rn
),
down(rn, top_rn) AS (
  SELECT rn, rn FROM link2 WHERE parent_rn IS NULL
  UNION ALL
  SELECT l.rn, d.top_rn FROM down d JOIN link2 l ON l.parent_rn = d.rn
)
SELECT * FROM down;
`;
}

// The policy over `typedAccounts` (a SELECT of typedAccountsSql's columns),
// written to `outFile` as CSV; topA and topB are the tier cuts (0.2, 0.5).
export function seedPolicySql(typedAccounts, regionsFile, outFile, topA = 0.2, topB = 0.5) {
  const regionsPath = lit(regionsFile);
  const outPath = lit(outFile);
  return `
CREATE TEMP TABLE regions AS
SELECT coalesce(trim(country, ' \t'), '') AS country,
       coalesce(trim(state, ' \t'), '') AS state,
       trim(region, ' \t') AS region
FROM read_csv(${regionsPath}, ${csvOptions});

-- typed, trimmed accounts; the rowid of a table created this way is the input
-- order. Own segment (step 2) depends on the row only.
CREATE TEMP TABLE acc AS
SELECT *,
       CASE WHEN sector = 'federal' THEN 'FED'
            WHEN sector IN ('state', 'local', 'education') THEN 'SLED'
            WHEN employees >= 4001 THEN 'Enterprise'
            WHEN employees >= 501 THEN 'Commercial'
            ELSE 'SMB' END AS own_segment,
       sector NOT IN ('federal', 'state', 'local', 'education')
         AND employees IS NULL AS employees_unknown
FROM (
  ${typedAccounts}
);

${familySql()}
COPY (
WITH
family AS (  -- step 3, per global account
  SELECT f.top_rn, g.account_id AS global_id,
         CASE WHEN g.own_segment IN ('FED', 'SLED') THEN g.own_segment
              ELSE ['SMB', 'Commercial', 'Enterprise'][1 + max(
                     CASE a.own_segment WHEN 'Enterprise' THEN 2 WHEN 'Commercial' THEN 1
                                        WHEN 'SMB' THEN 0 END)]
         END AS segment
  FROM fam2 f JOIN acc a ON a.rowid = f.rn JOIN acc g ON g.rowid = f.top_rn
  GROUP BY f.top_rn, g.account_id, g.own_segment
),
scored AS (
  SELECT a.rowid AS rn, a.*, fa.global_id, fa.segment, l.parent_missing,
         m.rn IS NOT NULL AS parent_cycle,
         CASE WHEN fa.segment = 'FED' AND a.country = 'US' THEN 'AMER-FED'
              WHEN fa.segment = 'SLED' AND a.country = 'US' THEN 'SLED/CAN'
              WHEN fa.segment = 'Commercial' AND a.country = 'US' THEN 'AMER-CMCL'
              ELSE coalesce(rs.region, rc.region) END AS region_rule,
         CAST(greatest(0, least(100,
             CASE WHEN a.industry IN ('Software', 'Financial Services') THEN 20
                  WHEN a.industry IN ('Healthcare', 'Retail', 'Manufacturing', 'Telecommunications') THEN 10
                  ELSE 0 END
           + 0.06 * least(a.active_users, 500)
           + 0.3 * a.intent_score
           + CASE WHEN a.web_visits_90d >= 50 THEN 10 WHEN a.web_visits_90d >= 10 THEN 5 ELSE 0 END
           - CASE WHEN a.competitor <> '' THEN 15 ELSE 0 END)) AS DECIMAL(5, 2)) AS score,
         coalesce(round(a.employees *
             CASE a.industry WHEN 'Software' THEN 0.30 WHEN 'Financial Services' THEN 0.15
                             WHEN 'Telecommunications' THEN 0.10 ELSE 0.05 END) * 600, 0)::BIGINT AS potential,
         regexp_split_to_array(a.products, '[ \t]*;[ \t]*') AS owned  -- ends already trimmed
  FROM acc a
  JOIN fam2 f ON f.rn = a.rowid
  JOIN family fa ON fa.top_rn = f.top_rn
  JOIN link l ON l.rn = a.rowid
  LEFT JOIN cycle_member m ON m.rn = a.rowid
  LEFT JOIN regions rs ON rs.country = a.country AND rs.state = a.state
  LEFT JOIN regions rc ON rc.country = a.country AND rc.state = ''
),
tiered AS (
  SELECT s.*,
         row_number() OVER (PARTITION BY segment ORDER BY score DESC, account_id) AS r,
         count(*) OVER (PARTITION BY segment) AS n,
         greatest(potential - arr, 0) AS whitespace
  FROM scored s
)
SELECT account_id, global_id, own_segment, segment,
       coalesce(region_rule, 'UNASSIGNED') AS region, score,
       CASE WHEN r <= ceil(${topA} * n) THEN 'A' WHEN r <= ceil(${topB} * n) THEN 'B' ELSE 'C' END AS tier,
       potential, whitespace,
       CASE WHEN arr >= 100000 AND whitespace >= 250000 THEN 'Develop'
            WHEN arr >= 100000 THEN 'Retain'
            WHEN whitespace >= 250000 THEN 'Acquire'
            ELSE 'Opportunistic' END AS road,
       nullif(concat_ws(';',
           CASE WHEN NOT list_contains(owned, 'CORE') THEN 'CORE' END,
           CASE WHEN NOT list_contains(owned, 'SEC') THEN 'SEC' END,
           CASE WHEN NOT list_contains(owned, 'OBS') THEN 'OBS' END,
           CASE WHEN NOT list_contains(owned, 'SEARCH') THEN 'SEARCH' END,
           CASE WHEN NOT list_contains(owned, 'CLOUD') THEN 'CLOUD' END), '') AS missing_products,
       nullif(concat_ws(';',
           CASE WHEN parent_missing THEN 'parent_missing' END,
           CASE WHEN parent_cycle THEN 'parent_cycle' END,
           CASE WHEN employees_unknown THEN 'employees_unknown' END,
           CASE WHEN region_rule IS NULL THEN 'region_unknown' END), '') AS issues
FROM tiered
ORDER BY rn
) TO ${outPath} (FORMAT csv, HEADER, DELIMITER ',', QUOTE '"', ESCAPE '"');
`;
}
