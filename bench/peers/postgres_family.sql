-- Families over the temp table acc (rn = input order, account_id,
-- parent_id), as the family step resolves them; included (psql \ir) by
-- postgres_seed.sql and postgres_wide.sql after they make acc. Leaves the
-- temp tables link (rn, parent_rn, parent_missing), cycle_member (rn,
-- head_id) and fam2 (rn, top_rn, parent_missing, parent_cycle).

-- parent links by row number; a parent_id that names no account: top-level
CREATE TEMP TABLE link AS
SELECT c.rn, p.rn AS parent_rn,
       c.parent_id <> '' AND p.rn IS NULL AS parent_missing
FROM acc c LEFT JOIN acc p ON p.account_id = c.parent_id;
CREATE INDEX ON link (parent_rn);
ANALYZE link;

-- walk down from the top-level accounts. The planner sizes a recursive CTE's
-- work table at 10x its start (here ~5M rows) and then prefers a merge join
-- that reads the whole parent_rn index on every level; a hash join on the
-- level's rows is what fits, so merge joins are off for the two walks.
SET enable_mergejoin = off;
CREATE TEMP TABLE fam AS
WITH RECURSIVE down(rn, top_rn) AS (
  SELECT rn, rn FROM link WHERE parent_rn IS NULL
  UNION ALL
  SELECT l.rn, d.top_rn FROM down d JOIN link l ON l.parent_rn = d.rn
)
SELECT * FROM down;

-- never reached: on or below a cycle. Walk up from each until a node repeats
-- (CYCLE clause); an account is on a cycle when its walk comes back to it,
-- and then the smallest account_id on the walk is the smallest of its cycle.
CREATE TEMP TABLE cycle_member AS
WITH RECURSIVE
stuck AS (SELECT * FROM link l WHERE NOT EXISTS (SELECT FROM fam f WHERE f.rn = l.rn)),
up(start_rn, node_rn) AS (
  SELECT rn, rn FROM stuck
  UNION ALL
  SELECT u.start_rn, s.parent_rn FROM up u JOIN stuck s ON s.rn = u.node_rn
) CYCLE node_rn SET is_cycle USING path
SELECT u.start_rn AS rn, min(a.account_id COLLATE "C") AS head_id
FROM up u JOIN acc a ON a.rn = u.node_rn
GROUP BY u.start_rn
HAVING bool_or(u.is_cycle AND u.node_rn = u.start_rn);

-- the cycle heads become top-level; walk down again from every top
CREATE TEMP TABLE link2 AS
SELECT l.rn, CASE WHEN a.account_id = m.head_id THEN NULL ELSE l.parent_rn END AS parent_rn,
       l.parent_missing, m.rn IS NOT NULL AS parent_cycle
FROM link l JOIN acc a USING (rn) LEFT JOIN cycle_member m USING (rn);
CREATE INDEX ON link2 (parent_rn);
ANALYZE link2;

CREATE TEMP TABLE fam2 AS
WITH RECURSIVE down(rn, top_rn) AS (
  SELECT rn, rn FROM link2 WHERE parent_rn IS NULL
  UNION ALL
  SELECT l.rn, d.top_rn FROM down d JOIN link2 l ON l.parent_rn = d.rn
)
SELECT d.rn, d.top_rn, l.parent_missing, l.parent_cycle
FROM down d JOIN link2 l USING (rn);
RESET enable_mergejoin;
ANALYZE fam2;
