#!/usr/bin/python3
"""k-means inertia: acctseg against scikit-learn's KMeans on the same data.

Runs `acctseg learn clusters --method kmeans` for one k, which writes the
standardized numeric features it clustered (--standardized-out), then fits
scikit-learn's KMeans (k-means++, n_init=10, Lloyd) on exactly those
z-scores and prints both inertias and their ratio. The target (issue 12,
requirement 7): acctseg's inertia within 1% of scikit-learn's.

Usage (Debian python3-sklearn; a reference, never a product dependency):
  /usr/bin/python3 bench/learn/sklearn_kmeans.py --acctseg build/acctseg --k 5 -- \
      -p examples/ibm-win-loss/policy.yaml -i DATA.csv --outcome won
Everything after `--` goes to `acctseg learn clusters` as is.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

import numpy as np
import pandas as pd
from sklearn.cluster import KMeans


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--acctseg", default="build/acctseg")
    parser.add_argument("--k", type=int, required=True)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("rest", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    rest = args.rest[1:] if args.rest[:1] == ["--"] else args.rest
    with tempfile.TemporaryDirectory() as work:
        z_path = os.path.join(work, "z.csv")
        started = time.time()
        report = subprocess.run(
            [args.acctseg, "learn", "clusters", "--method", "kmeans", "--k", str(args.k),
             "--seed", str(args.seed), "--report", "json", "-q", "--standardized-out", z_path,
             "-o", os.path.join(work, "clusters.yaml")] + rest,
            check=True, stdout=subprocess.PIPE).stdout
        acctseg_seconds = time.time() - started
        result = json.loads(report)
        ours = result["candidates"][0]["cost"]
        z = pd.read_csv(z_path).to_numpy(dtype=np.float64)
    started = time.time()
    model = KMeans(n_clusters=args.k, init="k-means++", n_init=10, random_state=args.seed).fit(z)
    sklearn_seconds = time.time() - started
    theirs = model.inertia_
    print(f"rows {z.shape[0]}, numeric features {z.shape[1]} "
          f"({', '.join(f['name'] for f in result['numeric_features'])}), k {args.k}")
    print(f"acctseg inertia       {ours:.3f}  ({acctseg_seconds:.2f} s with the policy run and its default 20 restarts)")
    print(f"scikit-learn inertia  {theirs:.3f}  ({sklearn_seconds:.2f} s, n_init=10)")
    print(f"acctseg / scikit-learn = {ours / theirs:.5f} (target <= 1.01)")
    return 0 if ours <= 1.01 * theirs else 1


if __name__ == "__main__":
    sys.exit(main())
