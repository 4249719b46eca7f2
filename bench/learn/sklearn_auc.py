#!/usr/bin/python3
"""scikit-learn's HistGradientBoostingClassifier on the folds acctseg used.

Reads the frame `acctseg learn propensity --frame-out FRAME.csv` wrote
(fold, outcome, then the model's features: "n:NAME" numeric, "c:NAME"
categorical as ordinal codes, empty = missing), trains the classifier with
default settings on each fold's other rows, and prints its ROC AUC per fold
beside acctseg's (from the --format json report, if given).

    /usr/bin/python3 bench/learn/sklearn_auc.py FRAME.csv [REPORT.json] [--native-categories]

--native-categories also marks the "c:" columns as categorical_features
(the default treats their ordinal codes as numbers, as most users do).
A reference for bench/learn/README.md, never a dependency of acctseg.
"""
import json
import sys
import time

import numpy as np
import pandas as pd
import sklearn
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.metrics import average_precision_score, roc_auc_score


def main(argv):
    args = [a for a in argv if not a.startswith("--")]
    native = "--native-categories" in argv
    frame = pd.read_csv(args[0])
    report = json.load(open(args[1])) if len(args) > 1 else None
    features = [c for c in frame.columns if c[:2] in ("n:", "c:")]
    categorical = [c.startswith("c:") for c in features]
    x = frame[features].to_numpy(dtype=float)
    y = frame["outcome"].to_numpy()
    folds = frame["fold"].to_numpy()
    aucs, aps = [], []
    start = time.process_time()
    for k in sorted(set(folds)):
        test = folds == k
        model = HistGradientBoostingClassifier(
            random_state=0, categorical_features=np.array(categorical) if native else None)
        model.fit(x[~test], y[~test])
        p = model.predict_proba(x[test])[:, 1]
        aucs.append(roc_auc_score(y[test], p))
        aps.append(average_precision_score(y[test], p))
    cpu = time.process_time() - start
    print(f"scikit-learn {sklearn.__version__} HistGradientBoostingClassifier (defaults"
          f"{', native categories' if native else ''}), {len(aucs)} folds, {len(y)} rows, "
          f"{len(features)} features, {cpu:.1f} s CPU")
    theirs = report["roc_auc"]["per_fold"] if report else [float("nan")] * len(aucs)
    print("fold  acctseg  sklearn")
    for k, (a, s) in enumerate(zip(theirs, aucs)):
        print(f"{k + 1:>4}  {a:7.4f}  {s:7.4f}")
    mine = float(np.mean(theirs))
    print(f"mean  {mine:7.4f}  {np.mean(aucs):7.4f}   (sd {np.std(theirs, ddof=1):.4f} vs "
          f"{np.std(aucs, ddof=1):.4f}; PR AUC sklearn {np.mean(aps):.4f})")
    if report:
        gap = mine - np.mean(aucs)
        print(f"acctseg - sklearn = {gap:+.4f} (target >= -0.005: "
              f"{'met' if gap >= -0.005 else 'NOT met'})")


if __name__ == "__main__":
    main(sys.argv[1:])
