"""W5's data sets and λ grid, written once so that Regula, glmnet and scikit-learn solve
exactly the same problems: every value is a float32 (Regula's storage type) written in its
shortest form, so float64 readers see the same numbers.

  diabetes   442 x 10    examples/data/diabetes.csv, standardized (Regula's standardize)
  tall      5000 x 500   Gaussian features, 50 true nonzeros, noise sd 1
  wide       200 x 5000  Gaussian features, 20 true nonzeros, noise sd 1
(targets scaled to unit variance, see write()).

For each: data CSV (features..., y) and the 100-λ grid of elastic_net(λ, 0.5) in Regula's
units (glmnet's lambda and scikit-learn's alpha are λ/2), from λ_max down to
λ_max·1e-4 (rows > features) or ·1e-2, and the 10 folds (fold index per row).
usage: python3 make_data.py OUTDIR
"""
import os
import sys
import numpy as np

out = sys.argv[1]
os.makedirs(out, exist_ok=True)
root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")


def write(name, x, y):
    x = x.astype(np.float32)
    # A target of unit variance: glmnet scales y by its standard deviation internally,
    # which divides the ridge part of its elastic-net penalty by that sd; with sd 1 the
    # three tools solve the same problem.
    y = (y / y.std()).astype(np.float32)
    n, p = x.shape
    with open(os.path.join(out, name + ".csv"), "w") as f:
        f.write(",".join([f"x{j}" for j in range(p)] + ["y"]) + "\n")
        for i in range(n):
            f.write(",".join(np.format_float_positional(v, unique=True, trim="-") for v in x[i]))
            f.write("," + np.format_float_positional(y[i], unique=True, trim="-") + "\n")
    xd, yd = x.astype(np.float64), y.astype(np.float64)
    xc, yc = xd - xd.mean(0), yd - yd.mean()
    rho = 0.5
    lam_max = np.max(np.abs(2 / n * xc.T @ yc)) / rho
    ratio = 1e-4 if n > p else 1e-2
    grid = lam_max * np.exp(np.log(ratio) * np.arange(100) / 99)
    grid[0] = lam_max
    np.savetxt(os.path.join(out, name + ".lambdas"), grid, fmt="%.17g")
    # The 10 folds every tool uses: fold of each row, from one fixed permutation.
    folds = np.empty(n, dtype=int)
    folds[np.random.default_rng(1).permutation(n)] = np.arange(n) % 10
    np.savetxt(os.path.join(out, name + ".folds"), folds, fmt="%d")


raw = np.loadtxt(os.path.join(root, "examples/data/diabetes.csv"), delimiter=",", skiprows=1)
x = raw[:, :10].astype(np.float32)
mean, std = x.astype(np.float64).mean(0), x.astype(np.float64).std(0)
x = (x - mean.astype(np.float32)) / std.astype(np.float32)
write("diabetes", x, raw[:, 10])

rng = np.random.default_rng(5)
for name, n, p, k in [("tall", 5000, 500, 50), ("wide", 200, 5000, 20)]:
    x = rng.standard_normal((n, p)).astype(np.float32)
    beta = np.zeros(p)
    beta[rng.choice(p, k, replace=False)] = rng.uniform(0.5, 2, k) * rng.choice([-1, 1], k)
    y = x.astype(np.float64) @ beta + rng.standard_normal(n) + 1
    write(name, x, y)
print("wrote", out)
