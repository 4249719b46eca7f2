-- The seed policy (reference-workload.md) written the way a PostgreSQL user
-- would. Run by postgres_seed.sh, which first loads the files with psql
-- \copy into two temp tables of text columns:
--   raw_accounts(rn bigint identity = input order, <one text column per header name>)
--   raw_table(rn, country, state, region): the regions
-- and afterwards writes the temp view seed_output (ORDER BY rn) with \copy.
--
-- Families: a recursive CTE walks down from the top-level accounts; what it
-- never reaches is on or below a parent cycle; those few are walked up with
-- PostgreSQL 14+'s CYCLE clause, each cycle's byte-wise smallest member
-- (COLLATE "C") becomes top-level and the walk down runs again.
-- Numbers: bigint and exact numeric (round(numeric) rounds half away from
-- zero, as the project decided for seats; docs/reference-workload.md).

CREATE TEMP TABLE regions AS
SELECT coalesce(btrim(country, E' \t'), '') AS country,
       coalesce(btrim(state, E' \t'), '') AS state,
       btrim(region, E' \t') AS region
FROM raw_table;
ANALYZE regions;

-- typed and trimmed; the own segment (step 2) depends on the row only
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
SELECT rn,
       btrim(account_id, E' \t') AS account_id,
       coalesce(btrim(parent_id, E' \t'), '') AS parent_id,
       nullif(btrim(employees, E' \t'), '')::bigint AS employees,
       coalesce(btrim(industry, E' \t'), '') AS industry,
       coalesce(btrim(country, E' \t'), '') AS country,
       coalesce(btrim(state, E' \t'), '') AS state,
       coalesce(btrim(sector, E' \t'), '') AS sector,
       btrim(arr, E' \t')::bigint AS arr,
       coalesce(btrim(products, E' \t'), '') AS products,
       btrim(web_visits_90d, E' \t')::bigint AS web_visits_90d,
       btrim(active_users, E' \t')::bigint AS active_users,
       coalesce(nullif(btrim(intent_score, E' \t'), '')::bigint, 0) AS intent_score,
       coalesce(btrim(competitor, E' \t'), '') AS competitor
FROM raw_accounts) typed;
ALTER TABLE acc ADD UNIQUE (account_id),   -- a repeated account_id stops the run
                ALTER arr SET NOT NULL, ALTER web_visits_90d SET NOT NULL,
                ALTER active_users SET NOT NULL;
ANALYZE acc;

-- step 1: families (link, cycle_member, fam2), shared with the wide policy
\ir postgres_family.sql

-- step 3, per global account: a public global account keeps its own segment,
-- else the most significant private own segment in the family
CREATE TEMP TABLE family AS
SELECT b.top_rn, g.account_id AS global_id,
       CASE WHEN g.own_segment IN ('FED', 'SLED') THEN g.own_segment
            ELSE (ARRAY['SMB', 'Commercial', 'Enterprise'])[1 + b.best_private]
       END AS segment
FROM (SELECT f.top_rn,
             max(CASE a.own_segment WHEN 'Enterprise' THEN 2 WHEN 'Commercial' THEN 1
                                    WHEN 'SMB' THEN 0 END) AS best_private
      FROM fam2 f JOIN acc a USING (rn)
      GROUP BY f.top_rn) b
JOIN acc g ON g.rn = b.top_rn;
ANALYZE family;

CREATE TEMP VIEW seed_output AS
WITH
scored AS (
  SELECT a.rn, a.account_id, a.arr, a.own_segment, a.employees_unknown,
         fa.global_id, fa.segment, m.parent_missing, m.parent_cycle,
         CASE WHEN fa.segment = 'FED' AND a.country = 'US' THEN 'AMER-FED'
              WHEN fa.segment = 'SLED' AND a.country = 'US' THEN 'SLED/CAN'
              WHEN fa.segment = 'Commercial' AND a.country = 'US' THEN 'AMER-CMCL'
              ELSE coalesce(rs.region, rc.region) END AS region_rule,
         greatest(0, least(100,
             CASE WHEN a.industry IN ('Software', 'Financial Services') THEN 20
                  WHEN a.industry IN ('Healthcare', 'Retail', 'Manufacturing', 'Telecommunications') THEN 10
                  ELSE 0 END
           + 0.06 * least(a.active_users, 500)
           + 0.3 * a.intent_score
           + CASE WHEN a.web_visits_90d >= 50 THEN 10 WHEN a.web_visits_90d >= 10 THEN 5 ELSE 0 END
           - CASE WHEN a.competitor <> '' THEN 15 ELSE 0 END))::numeric(5, 2) AS score,
         coalesce(round(a.employees *
             CASE a.industry WHEN 'Software' THEN 0.30 WHEN 'Financial Services' THEN 0.15
                             WHEN 'Telecommunications' THEN 0.10 ELSE 0.05 END) * 600, 0)::bigint AS potential,
         regexp_split_to_array(a.products, E'[ \t]*;[ \t]*') AS owned   -- ends already trimmed
  FROM acc a
  JOIN fam2 m USING (rn)
  JOIN family fa USING (top_rn)
  LEFT JOIN regions rs ON rs.country = a.country AND rs.state = a.state
  LEFT JOIN regions rc ON rc.country = a.country AND rc.state = ''
),
tiered AS (
  SELECT s.*,
         row_number() OVER (PARTITION BY segment ORDER BY score DESC, account_id COLLATE "C") AS r,
         count(*) OVER (PARTITION BY segment) AS n,
         greatest(potential - arr, 0) AS whitespace
  FROM scored s
)
SELECT rn, account_id, global_id, own_segment, segment,
       coalesce(region_rule, 'UNASSIGNED') AS region, score,
       CASE WHEN r <= ceil(0.2 * n) THEN 'A' WHEN r <= ceil(0.5 * n) THEN 'B' ELSE 'C' END AS tier,
       potential, whitespace,
       CASE WHEN arr >= 100000 AND whitespace >= 250000 THEN 'Develop'
            WHEN arr >= 100000 THEN 'Retain'
            WHEN whitespace >= 250000 THEN 'Acquire'
            ELSE 'Opportunistic' END AS road,
       -- COPY writes '' as "" (to tell it from NULL): empty lists are NULL
       nullif(concat_ws(';',
           CASE WHEN 'CORE' <> ALL (owned) THEN 'CORE' END,
           CASE WHEN 'SEC' <> ALL (owned) THEN 'SEC' END,
           CASE WHEN 'OBS' <> ALL (owned) THEN 'OBS' END,
           CASE WHEN 'SEARCH' <> ALL (owned) THEN 'SEARCH' END,
           CASE WHEN 'CLOUD' <> ALL (owned) THEN 'CLOUD' END), '') AS missing_products,
       nullif(concat_ws(';',
           CASE WHEN parent_missing THEN 'parent_missing' END,
           CASE WHEN parent_cycle THEN 'parent_cycle' END,
           CASE WHEN employees_unknown THEN 'employees_unknown' END,
           CASE WHEN region_rule IS NULL THEN 'region_unknown' END), '') AS issues
FROM tiered;
