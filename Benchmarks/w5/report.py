"""Reads W5's timings and coefficient files and prints the Markdown table."""
import collections
import os
import sys
import numpy as np

directory = sys.argv[1]
times = collections.defaultdict(list)
for line in open(os.path.join(directory, "timings.txt")):
    tool, name, task, seconds = line.split()[:4]
    times[(tool, name, task)].append(float(seconds))


def error(tool, name):
    """max over λ of max_j |w − w_ref| / max_j |w_ref| (weights only; the λ_max row is 0)."""
    ref = np.loadtxt(os.path.join(directory, name + ".reference.coef"))[:, 1:]
    path = os.path.join(directory, f"{name}.{tool}.coef")
    got = np.loadtxt(path)
    got = got if tool == "sklearn" else got[:, 1:]
    scale = np.maximum(np.abs(ref).max(1), 1e-300)
    rows = np.abs(ref).max(1) > 0
    return float((np.abs(got - ref).max(1)[rows] / scale[rows]).max())


shapes = {"diabetes": "442 × 10", "tall": "5000 × 500", "wide": "200 × 5000"}
print("| data | task | Regula tol 1e-7 | glmnet thresh 1e-7 | glmnet / Regula | Regula tol 1e-9 | scikit-learn tol 1e-4 | scikit-learn / Regula 1e-9 |")
print("|---|---|---:|---:|---:|---:|---:|---:|")
for name in ["diabetes", "tall", "wide"]:
    for task in ["path", "cv"]:
        m = {tool: float(np.median(times[(tool, name, task)])) for tool in ["regula", "glmnet", "tight", "sklearn"]}
        label = "path (100 λ)" if task == "path" else "10-fold CV"
        print(f"| {name} ({shapes[name]}) | {label} | {m['regula'] * 1e3:.1f} ms | {m['glmnet'] * 1e3:.1f} ms | "
              f"{m['glmnet'] / m['regula']:.2f}× | {m['tight'] * 1e3:.1f} ms | {m['sklearn'] * 1e3:.1f} ms | {m['sklearn'] / m['tight']:.2f}× |")
print()
print("coefficient error against scikit-learn at tol 1e-11 (max over λ of max |Δw| / max |w|):")
for name in ["diabetes", "tall", "wide"]:
    print(f"  {name}: " + ", ".join(f"{label} {error(tool, name):.1e}" for tool, label in
                                    [("regula", "Regula 1e-7"), ("glmnet", "glmnet 1e-7"), ("tight", "Regula 1e-9"), ("sklearn", "scikit-learn 1e-4")]))
