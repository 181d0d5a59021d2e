#!/usr/bin/env python3
"""The peer side of Regula's benchmarks: the same workloads in PyTorch eager and
scikit-learn. Prints one JSON object per workload on stdout.

usage: peer.py WORKLOAD [--threads N] [--data examples/data/digits.csv]
WORKLOAD: w1 | w2 | w3 | w4 | sgemm
"""
import argparse, ctypes, json, os, resource, sys, time


def malloc_counter():
    """The counter of Benchmarks/malloccount when it is preloaded, else None."""
    try:
        f = ctypes.CDLL(None).regula_malloc_count
    except (AttributeError, OSError):
        return None
    f.restype = ctypes.c_ulonglong
    return f


def cpu_seconds():
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def max_rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def standardized_digits(path):
    import numpy as np
    raw = np.loadtxt(path, delimiter=",", skiprows=1, dtype=np.float64)
    x, y = raw[:, :-1], raw[:, -1].astype(np.int64)
    std = x.std(axis=0)
    std[std == 0] = 1.0
    return ((x - x.mean(axis=0)) / std).astype(np.float32), y


def teacher_data(rows, features=784, classes=10, seed=0):
    import numpy as np
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((rows, features), dtype=np.float32)
    teacher = rng.standard_normal((features, classes), dtype=np.float32)
    return x, (x @ teacher).argmax(axis=1)


def mlp_throughput(x, y, widths, batch, epochs, optimizer, l1, l2):
    import torch
    torch.manual_seed(0)
    layers = []
    for i in range(len(widths) - 1):
        layers.append(torch.nn.Linear(widths[i], widths[i + 1]))
        if i < len(widths) - 2:
            layers.append(torch.nn.ReLU())
    model = torch.nn.Sequential(*layers)
    weights = [m.weight for m in model if isinstance(m, torch.nn.Linear)]
    if optimizer == "adam":
        opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    else:
        decay = [m.weight for m in model if isinstance(m, torch.nn.Linear)]
        no_decay = [m.bias for m in model if isinstance(m, torch.nn.Linear)]
        opt = torch.optim.AdamW([{"params": decay, "weight_decay": 1e-2},
                                 {"params": no_decay, "weight_decay": 0.0}], lr=1e-3)
    xt, yt = torch.from_numpy(x), torch.from_numpy(y)
    loss_fn = torch.nn.CrossEntropyLoss()
    n = xt.shape[0]
    count = malloc_counter()
    steps_total = epochs * ((n + batch - 1) // batch)
    window = (min(10, steps_total // 3), steps_total - 1)  # steady-state steps counted
    marks = {}
    step = 0
    start, cpu = time.perf_counter(), cpu_seconds()
    for _ in range(epochs):
        perm = torch.randperm(n)
        for i in range(0, n, batch):
            if count and step in window:
                marks[step] = count()
            step += 1
            idx = perm[i:i + batch]
            opt.zero_grad(set_to_none=True)
            loss = loss_fn(model(xt[idx]), yt[idx])
            if l1:
                loss = loss + l1 * sum(w.abs().sum() for w in weights)
            if l2:
                loss = loss + l2 * sum((w * w).sum() for w in weights)
            loss.backward()
            opt.step()
    seconds, cpu = time.perf_counter() - start, cpu_seconds() - cpu
    result = {"samples_per_second": n * epochs / seconds, "seconds": seconds, "cpu_seconds": cpu,
              "final_loss": loss.item()}
    if len(marks) == 2:
        result["allocs_per_step"] = (marks[window[1]] - marks[window[0]]) / (window[1] - window[0])
    return result


def sgemm_gflops(m, k, n, repeats=50):
    import torch
    a, b = torch.randn(m, k), torch.randn(k, n)
    torch.mm(a, b)
    start = time.perf_counter()
    for _ in range(repeats):
        torch.mm(a, b)
    return 2 * m * k * n * repeats / (time.perf_counter() - start) / 1e9


def elastic_net(path):
    import numpy as np
    from sklearn.linear_model import ElasticNet
    raw = np.loadtxt(path, delimiter=",", skiprows=1)
    x, y = raw[:, :-1], raw[:, -1]
    x = (x - x.mean(axis=0)) / x.std(axis=0)
    start = time.perf_counter()
    repeats = 20
    for _ in range(repeats):
        fit = ElasticNet(alpha=0.1, l1_ratio=0.5, tol=1e-8, max_iter=100000).fit(x, y)
    seconds = (time.perf_counter() - start) / repeats
    return {"seconds_per_fit": seconds, "coef": fit.coef_.tolist(), "intercept": float(fit.intercept_),
            "epochs": int(fit.n_iter_)}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("workload")
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--root", default=os.path.join(os.path.dirname(__file__), "..", ".."))
    args = parser.parse_args()
    if args.workload != "w4":
        import torch
        torch.set_num_threads(args.threads)
    data = os.path.join(args.root, "examples", "data")
    if args.workload == "w1":
        x, y = standardized_digits(os.path.join(data, "digits.csv"))
        result = mlp_throughput(x, y, [64, 256, 256, 10], 32, 20, "adam", 1e-4, 1e-3)
    elif args.workload in ("w2", "w3"):
        x, y = teacher_data(60000)
        batch = 128 if args.workload == "w2" else 512
        result = mlp_throughput(x, y, [784, 512, 512, 10], batch, 1, "adamw", 1e-5, 0.0)
    elif args.workload == "w4":
        result = elastic_net(os.path.join(data, "diabetes.csv"))
    elif args.workload == "sgemm":
        result = {f"{m}x{k}x{n}": sgemm_gflops(m, k, n) for (m, k, n) in
                  [(32, 64, 256), (128, 784, 512), (512, 784, 512), (512, 512, 512)]}
    else:
        sys.exit(f"unknown workload {args.workload}")
    result["workload"] = args.workload
    result["threads"] = args.threads
    result["max_rss_mb"] = max_rss_mb()
    if args.workload == "w4":
        import sklearn
        result["peer"] = f"scikit-learn {sklearn.__version__}"
    else:
        result["peer"] = f"torch {torch.__version__}"
    print(json.dumps(result))


if __name__ == "__main__":
    main()
