"""W5's reference coefficients: scikit-learn's enet_path at tol 1e-11 on the same data
and grid (written once to <set>.reference.coef: intercept then weights per λ)."""
import os
import sys
import numpy as np
from sklearn.linear_model import enet_path

directory = sys.argv[1]
for name in ["diabetes", "tall", "wide"]:
    target = os.path.join(directory, name + ".reference.coef")
    if os.path.exists(target):
        continue
    d = np.loadtxt(os.path.join(directory, name + ".csv"), delimiter=",", skiprows=1)
    x, y = d[:, :-1], d[:, -1]
    alphas = np.loadtxt(os.path.join(directory, name + ".lambdas")) / 2
    xm, ym = x.mean(0), y.mean()
    coefs = enet_path(x - xm, y - ym, l1_ratio=0.5, alphas=alphas, tol=1e-11, max_iter=1_000_000)[1].T
    np.savetxt(target, np.column_stack([ym - coefs @ xm, coefs]))
    print("reference", name, file=sys.stderr)
