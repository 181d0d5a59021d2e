#!/usr/bin/env python3
"""Reference values for Regula's classification metrics and list statistics, computed
with scikit-learn and numpy (ClassificationMetricsTests.swift reads metrics.json).

Cases: random labels and predictions with 2, 3 and 5 classes, including a class that is
never predicted and one that never occurs in the truth; scores rounded to one decimal so
that ties are common (roc_auc_score counts them as halves). Statistics: numpy's std with
ddof 0 and 1, median, argmax, argmin (first occurrence on ties).

Run once (needs scikit-learn, numpy): python3 make_metrics.py > metrics.json
"""
import json

import numpy as np
import sklearn
from sklearn.metrics import confusion_matrix, f1_score, precision_score, recall_score, roc_auc_score

rng = np.random.default_rng(7)
cases = []
for name, classes, rows, drop_pred, drop_true in [
    ("binary", 2, 40, None, None),
    ("binary-small", 2, 7, None, None),
    ("three", 3, 60, None, None),
    ("three-never-predicted", 3, 30, 2, None),
    ("five-absent-in-truth", 5, 50, None, 4),
]:
    truth = rng.integers(0, classes, rows)
    if drop_true is not None:
        truth[truth == drop_true] = 0
    predicted = np.where(rng.random(rows) < 0.6, truth, rng.integers(0, classes, rows))
    if drop_pred is not None:
        predicted[predicted == drop_pred] = 1
    case = dict(name=name, classes=classes, truth=truth.tolist(), predicted=predicted.tolist(),
                confusion=confusion_matrix(truth, predicted, labels=list(range(classes))).tolist(),
                precision=precision_score(truth, predicted, average="macro", zero_division=0),
                recall=recall_score(truth, predicted, average="macro", zero_division=0),
                f1=f1_score(truth, predicted, average="macro", zero_division=0))
    if classes == 2:
        scores = np.round(rng.normal(size=rows) + truth, 1)
        case["scores"] = scores.tolist()
        case["auc"] = roc_auc_score(truth, scores)
    cases.append(case)

values = np.round(rng.normal(size=11), 2)
values[7] = values.max()  # a tie for argmax: the first occurrence wins
statistics = dict(values=values.tolist(), std=float(np.std(values)), std_ddof1=float(np.std(values, ddof=1)),
                  median=float(np.median(values)), median_even=float(np.median(values[:10])),
                  argmax=int(np.argmax(values)), argmin=int(np.argmin(values)))

print(json.dumps(dict(generator="make_metrics.py", sklearn=sklearn.__version__, numpy=np.__version__,
                      cases=cases, statistics=statistics), indent=1))
