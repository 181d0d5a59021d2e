"""W5, scikit-learn's side: enet_path (l1_ratio 0.5, alphas = λ/2, on data centred here,
as enet_path fits no intercept) and ElasticNetCV with the same grid and folds, one thread.
Prints "<set> <task> <median seconds>" per task; writes the path's coefficients.
usage: python3 sklearn_peer.py DATADIR SET REPEATS TOL
"""
import os
import sys
import time
import numpy as np
from sklearn.linear_model import enet_path, ElasticNetCV

directory, name, repeats, tol = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4])
d = np.loadtxt(os.path.join(directory, name + ".csv"), delimiter=",", skiprows=1)
x, y = d[:, :-1], d[:, -1]
alphas = np.loadtxt(os.path.join(directory, name + ".lambdas")) / 2
folds = np.loadtxt(os.path.join(directory, name + ".folds")).astype(int)
splits = [(np.where(folds != f)[0], np.where(folds == f)[0]) for f in range(10)]


def timed(f):
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        f()
        times.append(time.perf_counter() - start)
    return float(np.median(times))


result = {}


def path():
    xc = x - x.mean(0)
    yc = y - y.mean()
    result["coef"] = enet_path(xc, yc, l1_ratio=0.5, alphas=alphas, tol=tol, max_iter=100_000)[1].T


print(name, "path", timed(path))
np.savetxt(os.path.join(directory, name + ".sklearn.coef"), result["coef"])
print(name, "cv", timed(lambda: ElasticNetCV(l1_ratio=0.5, alphas=alphas, cv=splits, tol=tol, max_iter=100_000, n_jobs=1).fit(x, y)))
