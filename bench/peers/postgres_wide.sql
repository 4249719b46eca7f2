-- The wide benchmark policy (bench/policies/wide/policy.yaml) written the way
-- a PostgreSQL user would, as postgres_seed.sql writes the seed policy and
-- with its family statements (postgres_family.sql). Run by postgres_run.sh,
-- which first loads the files with psql \copy into two temp tables of text
-- columns:
--   raw_accounts(rn bigint identity = input order, <one text column per header name>)
--   raw_table(rn, country, state, industry, territory, sales_region, overlay)
-- and afterwards writes the temp view wide_output (ORDER BY rn) with \copy.
-- Numbers: bigint and exact numeric; round(numeric) rounds half away from
-- zero, as acctseg's ROUND and score do.

-- a lookup key takes the first table row that has it
CREATE TEMP TABLE territory_key AS
SELECT DISTINCT ON (country, state, industry) *
FROM (SELECT rn,
             coalesce(btrim(country, E' \t'), '') AS country,
             coalesce(btrim(state, E' \t'), '') AS state,
             coalesce(btrim(industry, E' \t'), '') AS industry,
             coalesce(btrim(territory, E' \t'), '') AS territory,
             coalesce(btrim(sales_region, E' \t'), '') AS sales_region,
             coalesce(btrim(overlay, E' \t'), '') AS overlay
      FROM raw_table) t
ORDER BY country, state, industry, rn;
ANALYZE territory_key;

-- typed and trimmed, and what step 2 computes from the row alone
CREATE TEMP TABLE acc AS
SELECT *,
       name LIKE '%Holdings%' OR name LIKE '%Group%' AS holding,
       CASE WHEN products = '' THEN 0 ELSE array_length(string_to_array(products, ';'), 1) END AS products_owned,
       round(coalesce(annual_revenue, 0) * 0.0004)::bigint AS wallet
FROM (
SELECT rn,
       btrim(account_id, E' \t') AS account_id,
       coalesce(btrim(name, E' \t'), '') AS name,
       coalesce(btrim(parent_id, E' \t'), '') AS parent_id,
       nullif(btrim(employees, E' \t'), '')::bigint AS employees,
       nullif(btrim(annual_revenue, E' \t'), '')::bigint AS annual_revenue,
       coalesce(btrim(industry, E' \t'), '') AS industry,
       coalesce(btrim(country, E' \t'), '') AS country,
       coalesce(btrim(state, E' \t'), '') AS state,
       coalesce(btrim(sector, E' \t'), '') AS sector,
       btrim(arr, E' \t')::bigint AS arr,
       coalesce(btrim(products, E' \t'), '') AS products,
       btrim(web_visits_90d, E' \t')::bigint AS web_visits_90d,
       btrim(active_users, E' \t')::bigint AS active_users,
       nullif(btrim(intent_score, E' \t'), '')::bigint AS intent_score,
       coalesce(btrim(competitor, E' \t'), '') AS competitor
FROM raw_accounts) typed;
ALTER TABLE acc ADD UNIQUE (account_id),   -- a repeated account_id stops the run
                ALTER arr SET NOT NULL, ALTER web_visits_90d SET NOT NULL,
                ALTER active_users SET NOT NULL;
ANALYZE acc;

-- step 4: families (link, cycle_member, fam2)
\ir postgres_family.sql

-- step 5, per global account
CREATE TEMP TABLE family AS
SELECT f.top_rn, g.account_id AS global_id, g.sector AS global_sector,
       count(*) AS family_size, sum(a.arr) AS family_arr, sum(a.annual_revenue) AS family_revenue
FROM fam2 f JOIN acc a USING (rn) JOIN acc g ON g.rn = f.top_rn
GROUP BY f.top_rn, g.account_id, g.sector;
ANALYZE family;

CREATE TEMP VIEW wide_output AS
WITH
placed AS (  -- step 1: four keys, the first that matches wins
  SELECT a.*, m.parent_missing, m.parent_cycle, fa.global_id, fa.family_size, fa.family_arr,
         fa.family_revenue, fa.global_sector,
         coalesce(k1.territory, k2.territory, k3.territory, k4.territory) AS territory,
         coalesce(k1.sales_region, k2.sales_region, k3.sales_region, k4.sales_region) AS sales_region,
         coalesce(k1.overlay, k2.overlay, k3.overlay, k4.overlay) AS overlay
  FROM acc a
  JOIN fam2 m USING (rn)
  JOIN family fa USING (top_rn)
  LEFT JOIN territory_key k1 ON k1.country = a.country AND k1.state = a.state AND k1.industry = a.industry
  LEFT JOIN territory_key k2 ON k2.country = a.country AND k2.state = a.state AND k2.industry = ''
  LEFT JOIN territory_key k3 ON k3.country = a.country AND k3.state = '' AND k3.industry = a.industry
  LEFT JOIN territory_key k4 ON k4.country = a.country AND k4.state = '' AND k4.industry = ''
),
scored AS (  -- steps 3, 5 (segment) and 7; a score clamps the exact sum, then rounds
  SELECT p.*,
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
           - CASE WHEN competitor IN ('Splunk', 'Dynatrace') THEN 10 ELSE 0 END)), 1)::numeric(4, 1) AS fit,
         CASE WHEN global_sector IN ('federal', 'state', 'local', 'education') THEN 'Public Sector'
              WHEN family_revenue >= 5000000000 THEN 'Strategic'
              WHEN family_revenue >= 500000000 THEN 'Enterprise'
              WHEN family_revenue >= 50000000 THEN 'Mid-Market'
              ELSE 'SMB' END AS segment,
         global_sector NOT IN ('federal', 'state', 'local', 'education')
           AND family_revenue IS NULL AS revenue_unknown,
         greatest(0, least(100,
             0.4 * coalesce(intent_score, 0)
           + 0.15 * least(web_visits_90d, 100)
           + 0.05 * least(active_users, 300)
           + CASE WHEN products_owned = 0 AND family_arr > 0 THEN 10 ELSE 0 END
           + CASE WHEN products_owned >= 3 THEN 5 ELSE 0 END
           + CASE WHEN competitor <> '' AND intent_score >= 50 THEN 8 ELSE 0 END))::numeric(5, 2) AS engagement
  FROM placed p
),
ranked AS (  -- steps 6 and 8
  SELECT s.*,
         row_number() OVER (PARTITION BY segment
                            ORDER BY fit DESC, family_arr DESC, account_id COLLATE "C") AS tier_r,
         count(*) OVER (PARTITION BY segment) AS tier_n,
         row_number() OVER (PARTITION BY territory
                            ORDER BY engagement DESC, annual_revenue DESC NULLS LAST,
                                     account_id COLLATE "C") AS focus_r
  FROM scored s
),
tiered AS (
  SELECT r.*,
         CASE WHEN tier_r <= ceil(0.1 * tier_n) THEN 'Tier 1'
              WHEN tier_r <= ceil(0.35 * tier_n) THEN 'Tier 2' ELSE 'Tier 3' END AS account_tier,
         CASE WHEN focus_r <= 50 THEN 'Hot' WHEN engagement >= 20 THEN 'Warm' ELSE 'Cold' END AS focus
  FROM ranked r
),
covered AS (  -- step 9
  SELECT t.*,
         CASE WHEN segment = 'Strategic' OR account_tier = 'Tier 1' THEN 'Named AE'
              WHEN segment = 'Public Sector' THEN 'Public Sector desk'
              WHEN focus = 'Hot' OR segment = 'Enterprise' THEN 'Territory AE'
              ELSE 'Inside Sales' END AS coverage
  FROM tiered t
)
SELECT rn, account_id, global_id, family_size, segment, territory, sales_region,
       nullif(overlay, '') AS overlay,   -- COPY writes '' as "" (to tell it from NULL)
       CASE WHEN holding THEN 'true' ELSE 'false' END AS holding,
       products_owned, fit, account_tier, engagement, focus, coverage,
       coalesce(territory, 'UNASSIGNED') || ':' || coverage AS queue,
       family_revenue, wallet, greatest(wallet - arr, 0) AS open_wallet,
       nullif(concat_ws(';',
           CASE WHEN territory IS NULL THEN 'territory_unknown' END,
           CASE WHEN parent_missing THEN 'parent_missing' END,
           CASE WHEN parent_cycle THEN 'parent_cycle' END,
           CASE WHEN revenue_unknown THEN 'revenue_unknown' END), '') AS issues
FROM covered;
