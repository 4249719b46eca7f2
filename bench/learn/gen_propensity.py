#!/usr/bin/python3
"""Synthetic opportunities for timing `acctseg learn propensity`.

    /usr/bin/python3 bench/learn/gen_propensity.py ROWS OUT_DIR [SEED]

Writes OUT_DIR/opportunities.csv (id, won, 20 numeric features num_1..20
with ~5% missing, 10 text features cat_1..10 of 3 to 30 values) and
OUT_DIR/policy.yaml reading it. The outcome is a logistic function of
num_1..5 and cat_1..3 plus noise, so a model has signal to find (AUC about
0.8). Deterministic for a seed (numpy's PCG64).
"""
import os
import sys

import numpy as np

NUMERIC, CATEGORICAL = 20, 10


def main(rows, out_dir, seed):
    rng = np.random.default_rng(seed)
    os.makedirs(out_dir, exist_ok=True)
    num = rng.normal(size=(rows, NUMERIC)).round(3)
    sizes = [3 + 3 * i for i in range(CATEGORICAL)]
    cat = np.stack([rng.integers(0, s, size=rows) for s in sizes], axis=1)
    effect = [rng.normal(scale=0.8, size=s) for s in sizes]
    logit = (-1.2 + 0.9 * num[:, 0] - 0.7 * num[:, 1] + 0.5 * num[:, 2] * num[:, 3]
             + 0.6 * np.sin(2 * num[:, 4]) + sum(effect[j][cat[:, j]] for j in range(3)))
    won = rng.random(rows) < 1 / (1 + np.exp(-logit))
    num[rng.random(num.shape) < 0.05] = np.nan
    columns = ([f"num_{i + 1}" for i in range(NUMERIC)] + [f"cat_{j + 1}" for j in range(CATEGORICAL)])
    with open(os.path.join(out_dir, "opportunities.csv"), "w") as f:
        f.write("id,won," + ",".join(columns) + "\n")
        for r in range(rows):
            nums = ["" if np.isnan(v) else repr(float(v)) for v in num[r]]
            cats = [f"c{j + 1}_{cat[r, j]}" for j in range(CATEGORICAL)]
            f.write(f"o{r + 1},{'true' if won[r] else 'false'}," + ",".join(nums + cats) + "\n")
    with open(os.path.join(out_dir, "policy.yaml"), "w") as f:
        f.write("policy: synthetic-propensity\ninputs:\n  opportunities:\n    key: id\n"
                "    columns:\n      id: string\n      won: boolean\n")
        for c in columns:
            f.write(f"      {c}: {'decimal(3)' if c.startswith('num') else 'string'}\n")
        f.write("steps: []\noutput:\n  columns: [id, won]\n")


if __name__ == "__main__":
    main(int(sys.argv[1]), sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else 1)
