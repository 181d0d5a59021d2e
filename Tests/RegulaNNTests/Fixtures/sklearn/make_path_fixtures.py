"""Reference solutions for Regula's exact linear solvers, from scikit-learn.

Run with /work/venv/bin/python (scikit-learn 1.9) from this directory; writes paths.json.
The Swift tests (LinearParityTests) read it; no Python at test time.

Regula's objective is mean data loss + l1*sum|w| + l2*sum w^2 with the intercept
unpenalized. The equivalences used here:
- mse + elastic_net(lam, rho)  ==  ElasticNet(alpha=lam/2, l1_ratio=rho) on centred data
  (enet_path does not fit an intercept, so X and y are centred here, in float64, from the
  float32 values Regula holds);
- bce + l1(a) + l2(b)  ==  LogisticRegression(C, penalty='elasticnet', l1_ratio=r) with
  1/(C n) = a + 2b and r = a / (a + 2b)   (sklearn: C*sum loss + r|w| + (1-r)/2 w^2);
- cross_entropy likewise, with the multinomial loss over all classes.
Feature matrices are stored as the float32 values (shortest repr), so both sides read
the same numbers.
"""
import json
import numpy as np
from sklearn.linear_model import enet_path, LogisticRegression

rng = np.random.default_rng(7)
DATA = "../../../../examples/data/"


def load(name, target):
    with open(DATA + name) as f:
        header = f.readline().strip().split(",")
    raw = np.loadtxt(DATA + name, delimiter=",", skiprows=1)
    t = header.index(target)
    x = np.delete(raw, t, axis=1).astype(np.float32)
    y = raw[:, t].astype(np.float32)
    # Regula's standardize: float64 statistics, applied in float32.
    mean = x.astype(np.float64).mean(0)
    std = x.astype(np.float64).std(0)
    scale = np.where(std == 0, 1, std)
    x = ((x - mean.astype(np.float32)) / scale.astype(np.float32)).astype(np.float32)
    return x, y


def f32(values):
    return [float(np.format_float_positional(np.float32(v), unique=True, trim="-")) for v in np.ravel(values)]


def gaussian_case(name, x32, y32, rho, count, min_ratio):
    x = x32.astype(np.float64)
    y = y32.astype(np.float64)
    n = x.shape[0]
    xc = x - x.mean(0)
    yc = y - y.mean()
    # lambda_max of penalty elastic_net(1, rho): max |(2/n) X'y| / rho.
    lam_max = np.max(np.abs(2 / n * xc.T @ yc)) / rho
    lambdas = lam_max * np.exp(np.log(min_ratio) * np.arange(count) / (count - 1))
    lambdas[0] = lam_max
    _, coefs, _ = enet_path(xc, yc, l1_ratio=rho, alphas=lambdas / 2, tol=1e-12, max_iter=1_000_000,
                            precompute=False, check_input=True)
    coefs = coefs.T
    intercepts = y.mean() - coefs @ x.mean(0)
    return {
        "name": name, "loss": "mse", "outputs": 1, "rows": n, "features": x.shape[1],
        "l1": rho, "l2": (1 - rho) / 2, "x": f32(x32), "y": f32(y32),
        "lambda_max": lam_max, "lambdas": lambdas.tolist(),
        "coef": coefs.tolist(), "intercept": [[b] for b in intercepts.tolist()],
    }


def logistic_case(name, x32, y32, l1, l2, lambdas, classes):
    x = x32.astype(np.float64)
    y = y32.astype(np.float64)
    n = x.shape[0]
    coefs, intercepts = [], []
    for lam in lambdas:
        a, b = lam * l1, lam * l2
        c = 1 / ((a + 2 * b) * n)
        r = a / (a + 2 * b)
        model = LogisticRegression(C=c, l1_ratio=r, solver="saga", tol=1e-13, max_iter=2_000_000)
        model.fit(x, y.astype(int))
        w = model.coef_
        b0 = model.intercept_
        if classes > 2:
            b0 = b0 - b0.mean()
        coefs.append(w.ravel().tolist())
        intercepts.append(b0.tolist())
    return {
        "name": name, "loss": "bce" if classes == 2 else "cross_entropy", "outputs": 1 if classes == 2 else classes,
        "rows": n, "features": x.shape[1], "l1": l1, "l2": l2, "x": f32(x32), "y": f32(y32),
        "lambda_max": None, "lambdas": list(lambdas), "coef": coefs, "intercept": intercepts,
    }


cases = []
x, y = load("diabetes.csv", "progression")
cases.append(gaussian_case("diabetes lasso", x, y, 1.0, 30, 1e-4))
cases.append(gaussian_case("diabetes elastic net", x, y, 0.5, 30, 1e-4))

# A synthetic sparse wide case: 60 rows, 150 features, 8 true nonzeros.
n, p = 60, 150
xs = rng.standard_normal((n, p)).astype(np.float32)
beta = np.zeros(p)
beta[rng.choice(p, 8, replace=False)] = rng.uniform(1, 3, 8) * rng.choice([-1, 1], 8)
ys = (xs.astype(np.float64) @ beta + 0.5 * rng.standard_normal(n) + 3).astype(np.float32)
cases.append(gaussian_case("synthetic sparse lasso", xs, ys, 1.0, 25, 1e-2))
cases.append(gaussian_case("synthetic sparse elastic net", xs, ys, 0.5, 25, 1e-2))

xb, yb = load("breast_cancer.csv", "benign")
cases.append(logistic_case("breast cancer l1 logistic", xb, yb, 1.0, 0.0, [0.05, 0.02, 0.01], 2))
cases.append(logistic_case("breast cancer elastic-net logistic", xb, yb, 0.5, 0.25, [0.05, 0.01], 2))

xw, yw = load("wine.csv", "cultivar")
cases.append(logistic_case("wine l1 multinomial", xw, yw, 1.0, 0.0, [0.05, 0.02], 3))

with open("paths.json", "w") as f:
    json.dump({"cases": cases}, f)
print("wrote", len(cases), "cases")
