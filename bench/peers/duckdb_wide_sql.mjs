// The wide benchmark policy (bench/policies/wide/policy.yaml) in DuckDB SQL,
// written as duckdb_seed_sql.mjs writes the seed policy and sharing its
// family statements: byte-identical to acctseg's output.
import { csvOptions, familySql, lit } from './duckdb_seed_sql.mjs';

// The accounts as a reader makes them: all 15 generated columns typed and
// trimmed, in file order; empty integers are NULL, empty strings ''.
export function typedWideAccountsSql(accountsFile) {
  const text = (c) => `coalesce(trim(${c}, ' \t'), '') AS ${c}`;
  const integer = (c) => `CAST(nullif(trim(${c}, ' \t'), '') AS BIGINT) AS ${c}`;
  const required = (c) => `CAST(trim(${c}, ' \t') AS BIGINT) AS ${c}`;  // not_null: an empty one fails
  return `
  SELECT ${text('account_id')}, ${text('name')}, ${text('parent_id')}, ${integer('employees')},
         ${integer('annual_revenue')}, ${text('industry')}, ${text('country')}, ${text('state')},
         ${text('sector')}, ${required('arr')}, ${text('products')}, ${required('web_visits_90d')},
         ${required('active_users')}, ${integer('intent_score')}, ${text('competitor')}
  FROM read_csv(${lit(accountsFile)}, ${csvOptions})`;
}

// The policy over `typedAccounts` (a SELECT of typedWideAccountsSql's
// columns) and the territory table, written to `outFile` as CSV.
export function widePolicySql(typedAccounts, territoriesFile, outFile) {
  return `
CREATE TEMP TABLE territories AS
SELECT coalesce(trim(country, ' \t'), '') AS country,
       coalesce(trim(state, ' \t'), '') AS state,
       coalesce(trim(industry, ' \t'), '') AS industry,
       coalesce(trim(territory, ' \t'), '') AS territory,
       coalesce(trim(sales_region, ' \t'), '') AS sales_region,
       coalesce(trim(overlay, ' \t'), '') AS overlay
FROM read_csv(${lit(territoriesFile)}, ${csvOptions});

-- A lookup key takes the first table row that has it (rowid: file order).
CREATE TEMP TABLE territory_key AS
SELECT * FROM territories
QUALIFY row_number() OVER (PARTITION BY country, state, industry ORDER BY rowid) = 1;

-- typed, trimmed accounts and what step 2 computes from the row alone; the
-- rowid of a table created this way is the input order
CREATE TEMP TABLE acc AS
SELECT *,
       name LIKE '%Holdings%' OR name LIKE '%Group%' AS holding,
       CASE WHEN products = '' THEN 0 ELSE len(string_split(products, ';')) END AS products_owned,
       round(coalesce(annual_revenue, 0) * 0.0004)::BIGINT AS wallet
FROM (
  ${typedAccounts}
);
${familySql()}
COPY (
WITH
family AS (  -- step 5, per global account
  SELECT f.top_rn, g.account_id AS global_id, g.sector AS global_sector,
         count(*) AS family_size, sum(a.arr) AS family_arr, sum(a.annual_revenue) AS family_revenue
  FROM fam2 f JOIN acc a ON a.rowid = f.rn JOIN acc g ON g.rowid = f.top_rn
  GROUP BY f.top_rn, g.account_id, g.sector
),
segmented AS (
  SELECT a.rowid AS rn, a.*, fa.global_id,
         coalesce(k1.territory, k2.territory, k3.territory, k4.territory) AS territory,
         coalesce(k1.sales_region, k2.sales_region, k3.sales_region, k4.sales_region) AS sales_region,
         coalesce(k1.overlay, k2.overlay, k3.overlay, k4.overlay) AS overlay, fa.family_size, fa.family_arr, fa.family_revenue,
         l.parent_missing, m.rn IS NOT NULL AS parent_cycle,
         CASE WHEN fa.global_sector IN ('federal', 'state', 'local', 'education') THEN 'Public Sector'
              WHEN fa.family_revenue >= 5000000000 THEN 'Strategic'
              WHEN fa.family_revenue >= 500000000 THEN 'Enterprise'
              WHEN fa.family_revenue >= 50000000 THEN 'Mid-Market'
              ELSE 'SMB' END AS segment,
         fa.global_sector NOT IN ('federal', 'state', 'local', 'education')
           AND fa.family_revenue IS NULL AS revenue_unknown
  FROM acc a
  JOIN fam2 f ON f.rn = a.rowid
  JOIN family fa ON fa.top_rn = f.top_rn
  JOIN link l ON l.rn = a.rowid
  LEFT JOIN cycle_member m ON m.rn = a.rowid
  -- step 1: four keys, the first that matches wins
  LEFT JOIN territory_key k1 ON k1.country = a.country AND k1.state = a.state AND k1.industry = a.industry
  LEFT JOIN territory_key k2 ON k2.country = a.country AND k2.state = a.state AND k2.industry = ''
  LEFT JOIN territory_key k3 ON k3.country = a.country AND k3.state = '' AND k3.industry = a.industry
  LEFT JOIN territory_key k4 ON k4.country = a.country AND k4.state = '' AND k4.industry = ''
),
fitted AS (  -- step 3; a score clamps the exact sum, then rounds half away from zero
  SELECT s.*,
         round(greatest(0, least(100,
             CASE WHEN annual_revenue >= 1000000000 THEN 35
                  WHEN annual_revenue >= 100000000 THEN 25
                  WHEN annual_revenue >= 10000000 THEN 12 ELSE 0 END
           + CASE WHEN industry IN ('Software', 'Financial Services', 'Telecommunications', 'Media') THEN 20
                  WHEN industry IN ('Healthcare', 'Retail', 'Manufacturing', 'Energy', 'Transportation') THEN 10
                  ELSE 0 END
           + 0.0025 * least(coalesce(employees, 0), 8000)
           + CASE WHEN overlay <> '' THEN 5 ELSE 0 END
           + CASE WHEN holding THEN 5 ELSE 0 END
           - CASE WHEN competitor IN ('Splunk', 'Dynatrace') THEN 10 ELSE 0 END)), 1)::DECIMAL(4, 1) AS fit
  FROM segmented s
),
engaged AS (
  SELECT s.*,
         row_number() OVER (PARTITION BY segment ORDER BY fit DESC, family_arr DESC, account_id) AS tier_r,
         count(*) OVER (PARTITION BY segment) AS tier_n,
         greatest(0, least(100,
             0.4 * coalesce(intent_score, 0)
           + 0.15 * least(web_visits_90d, 100)
           + 0.05 * least(active_users, 300)
           + CASE WHEN products_owned = 0 AND family_arr > 0 THEN 10 ELSE 0 END
           + CASE WHEN products_owned >= 3 THEN 5 ELSE 0 END
           + CASE WHEN competitor <> '' AND intent_score >= 50 THEN 8 ELSE 0 END))::DECIMAL(5, 2) AS engagement
  FROM fitted s
),
ranked AS (
  SELECT e.*,
         CASE WHEN tier_r <= ceil(0.1 * tier_n) THEN 'Tier 1'
              WHEN tier_r <= ceil(0.35 * tier_n) THEN 'Tier 2' ELSE 'Tier 3' END AS account_tier,
         CASE WHEN row_number() OVER (PARTITION BY territory
                                      ORDER BY engagement DESC, annual_revenue DESC NULLS LAST, account_id) <= 50
                THEN 'Hot'
              WHEN engagement >= 20 THEN 'Warm' ELSE 'Cold' END AS focus
  FROM engaged e
),
covered AS (
  SELECT r.*,
         CASE WHEN segment = 'Strategic' OR account_tier = 'Tier 1' THEN 'Named AE'
              WHEN segment = 'Public Sector' THEN 'Public Sector desk'
              WHEN focus = 'Hot' OR segment = 'Enterprise' THEN 'Territory AE'
              ELSE 'Inside Sales' END AS coverage
  FROM ranked r
)
SELECT account_id, global_id, family_size, segment, territory, sales_region,
       nullif(overlay, '') AS overlay, holding, products_owned, fit, account_tier, engagement, focus,
       coverage, coalesce(territory, 'UNASSIGNED') || ':' || coverage AS queue,
       family_revenue, wallet, greatest(wallet - arr, 0) AS open_wallet,
       nullif(concat_ws(';',
           CASE WHEN territory IS NULL THEN 'territory_unknown' END,
           CASE WHEN parent_missing THEN 'parent_missing' END,
           CASE WHEN parent_cycle THEN 'parent_cycle' END,
           CASE WHEN revenue_unknown THEN 'revenue_unknown' END), '') AS issues
FROM covered
ORDER BY rn
) TO ${lit(outFile)} (FORMAT csv, HEADER, DELIMITER ',', QUOTE '"', ESCAPE '"');
`;
}
