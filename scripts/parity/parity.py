#!/usr/bin/env python3
"""End-to-end parity of `regula run` with PyTorch and scikit-learn.

For each configuration of a battery, in a fresh directory: write the data CSV and the
initial weights (a PyTorch state dict in safetensors), write a `.reg` script that loads
the CSV (optionally `standardize`), declares the model, `load`s the weights, `train`s with
`shuffle: false` and `save`s the weights, then run the release `regula run`. Do the same
thing in PyTorch (`torch.optim`, same batch order, mean-reduced losses, penalties added to
the loss as docs/training-engine.md defines them: weights only unless a layer says otherwise, proximal L1
as soft-thresholding after the step with the step's learning rate) and compare the final
weights, the per-epoch history (data loss, penalty, lr) and the reported `train_loss`.
A second family trains linear models to convergence and compares with scikit-learn's
`Lasso`, `ElasticNet` and `Ridge` under the documented equivalences.

A development tool: needs python3 with torch, numpy, safetensors and scikit-learn, and a
release build (`swift build -c release --product regula`). The test suite does not run it.

    python3 scripts/parity/parity.py               # the whole battery, a table
    python3 scripts/parity/parity.py -k adamw -v   # cases whose name contains "adamw"
    python3 scripts/parity/parity.py --keep DIR    # keep every case's files in DIR
    python3 scripts/parity/parity.py --fixtures    # regenerate the committed test fixture

Exit status 1 when a case exceeds its tolerance.
"""
import argparse
import csv
import json
import math
import os
import shutil
import subprocess
import sys
import tempfile

import numpy as np
import torch
import torch.nn.functional as F
from safetensors.numpy import load_file as load_numpy
from safetensors.torch import save_file

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
DATA = os.path.join(ROOT, "examples", "data")
REGULA = os.path.join(ROOT, ".build", "release", "regula")
FIXTURE = os.path.join(ROOT, "Tests", "RegulaInterpreterTests", "Scripts", "parity", "expected.json")

torch.set_num_threads(1)


# ----------------------------------------------------------------------------- penalties

class P:
    """A penalty: its Regula spelling and its strengths (l1·Σ|w| + l2·Σw², proximal l1)."""

    def __init__(self, expr, l1=0.0, l2=0.0, prox=0.0):
        self.expr, self.l1, self.l2, self.prox = expr, l1, l2, prox

    def __add__(self, other):
        return P(f"{self.expr} + {other.expr}", self.l1 + other.l1, self.l2 + other.l2, self.prox + other.prox)

    def scaled(self, k, expr):
        return P(expr, k * self.l1, k * self.l2, k * self.prox)

    @property
    def active(self):
        return self.l1 or self.l2 or self.prox


NONE = P("none")


def l1(lam, proximal=False):
    if proximal:
        return P(f"l1({lam!r}, proximal: true)", prox=lam)
    return P(f"l1({lam!r})", l1=lam)


def l2(lam):
    return P(f"l2({lam!r})", l2=lam)


def elastic_net(alpha, ratio=None):
    r = 0.5 if ratio is None else ratio
    expr = f"elastic_net({alpha!r})" if ratio is None else f"elastic_net({alpha!r}, {ratio!r})"
    return P(expr, l1=alpha * r, l2=alpha * (1 - r) / 2)


# ----------------------------------------------------------------------------- optimizers

class O:
    """An optimizer: name, keyword arguments as the script writes them, optional schedule."""

    def __init__(self, name, schedule=None, **kw):
        self.name, self.kw, self.schedule = name, kw, schedule

    @property
    def expr(self):
        parts = [f"{k}: {fmt(v)}" for k, v in self.kw.items()]
        if self.schedule:
            parts.append(f"schedule: {self.schedule[0]}")
        return f"{self.name}({', '.join(parts)})"

    def torch(self, weights, biases):
        kw = dict(self.kw)
        if "beta1" in kw or "beta2" in kw:
            kw["betas"] = (kw.pop("beta1", 0.9), kw.pop("beta2", 0.999))
        wd = kw.pop("weight_decay", None)
        groups = [{"params": weights}, {"params": biases, "weight_decay": 0.0}]
        if wd is not None:
            groups[0]["weight_decay"] = wd  # else: torch's own default (AdamW's 1e-2)
        cls = {"sgd": torch.optim.SGD, "adam": torch.optim.Adam, "adamw": torch.optim.AdamW,
               "rmsprop": torch.optim.RMSprop, "adagrad": torch.optim.Adagrad}[self.name]
        return cls([g for g in groups if g["params"]], **kw)


def fmt(v):
    if isinstance(v, bool):
        return "true" if v else "false"
    return repr(v)


def step_lr(size, gamma):
    return (f"step_lr({size}, gamma: {gamma!r})",
            lambda opt: torch.optim.lr_scheduler.StepLR(opt, step_size=size, gamma=gamma))


def cosine(t_max, eta_min=0.0):
    expr = f"cosine({t_max})" if not eta_min else f"cosine({t_max}, eta_min: {eta_min!r})"
    return (expr, lambda opt: torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=t_max, eta_min=eta_min))


# ----------------------------------------------------------------------------- layers

def dense(units, act=None, bias=True, penalty=None, bias_penalty=None, activity=None):
    return dict(kind="dense", units=units, act=act, bias=bias, penalty=penalty, bias_penalty=bias_penalty,
                activity=activity)


def act(name):
    return dict(kind="act", name=name)


ACTIVATIONS = {"relu": torch.nn.ReLU, "tanh": torch.nn.Tanh, "sigmoid": torch.nn.Sigmoid,
               "gelu": torch.nn.GELU}  # nn.GELU() is the exact erf form


def layer_expr(layer):
    if layer["kind"] == "act":
        return layer["name"]
    args = [str(layer["units"])]
    if layer["act"]:
        args.append(f"activation: {layer['act']}")
    if not layer["bias"]:
        args.append("bias: false")
    for key, name in (("penalty", "penalty"), ("bias_penalty", "bias_penalty"), ("activity", "activity_penalty")):
        if layer[key] is not None:
            args.append(f"{name}: {layer[key].expr}")
    return f"dense({', '.join(args)})"


# ----------------------------------------------------------------------------- data

def read_csv(name):
    with open(os.path.join(DATA, name + ".csv")) as f:
        lines = f.read().splitlines()
    return lines[0], [l for l in lines[1:] if l.strip()]


def dataset(spec):
    """(header, data lines, X float32, y float32, target name) of a data spec."""
    kind = spec["source"]
    if kind == "synthetic":
        rng = np.random.default_rng(spec.get("seed", 0))
        n, k = spec["rows"], spec["features"]
        x = rng.standard_normal((n, k)).astype(np.float32)
        if spec.get("constant"):
            x[:, -1] = np.float32(2.5)
        if spec.get("correlated"):
            x[:, 1] = (0.7 * x[:, 0] + 0.3 * x[:, 1]).astype(np.float32)
        coef = np.zeros(k)
        coef[: spec.get("informative", k)] = rng.uniform(1, 3, spec.get("informative", k)) * rng.choice([-1, 1], spec.get("informative", k))
        y = (x.astype(np.float64) @ coef + 0.5 + spec.get("noise", 0.5) * rng.standard_normal(n)).astype(np.float32)
        header = ",".join([f"x{i}" for i in range(k)] + ["y"])
        lines = [",".join(str(v) for v in row) + "," + str(t) for row, t in zip(x, y)]
        return header, lines, x, y, "y"
    header, lines = read_csv(kind)
    if "rows" in spec:
        lines = lines[: spec["rows"]]
    names = header.split(",")
    target = spec["target"]
    ti = names.index(target)
    if "target_scale" in spec:
        # The target rescaled (written back exactly as the float32 value): keeps plain SGD
        # on diabetes's target (25..346) from diverging without a tiny learning rate.
        rows = [l.split(",") for l in lines]
        for r in rows:
            r[ti] = str(np.float32(float(r[ti]) * spec["target_scale"]))
        lines = [",".join(r) for r in rows]
    table = np.array([[np.float32(c) for c in l.split(",")] for l in lines], dtype=np.float32)
    x = np.delete(table, ti, axis=1)
    y = table[:, ti].copy()
    return header, lines, x, y, target


def standardize(x):
    """Regula's Standardizer: float64 mean / population std of the float32 values, rounded to
    float32, then (x − mean) / std in float32 (a constant column is only centred)."""
    x64 = x.astype(np.float64)
    mean = x64.mean(axis=0)
    std = np.sqrt(((x64 - mean) ** 2).mean(axis=0))
    scale = np.where(std == 0, 1.0, std).astype(np.float32)
    return ((x - mean.astype(np.float32)) / scale).astype(np.float32)


# ----------------------------------------------------------------------------- the cases

CASES = []


def case(name, layers, loss, optimizer, data, penalty=None, epochs=3, batch=32, standardized=True, style="kwargs",
         tol=1e-5, seed=0, fixture=False, declare_inputs=False, **extra):
    CASES.append(dict(name=name, layers=layers, loss=loss, optimizer=optimizer, data=data, penalty=penalty,
                      epochs=epochs, batch=batch, standardized=standardized, style=style, tol=tol, seed=seed,
                      fixture=fixture, declare_inputs=declare_inputs, **extra))


DIABETES = dict(source="diabetes", target="progression")
DIABETES100 = dict(DIABETES, target_scale=0.01)  # progression / 100
IRIS = dict(source="iris", target="species")
WINE = dict(source="wine", target="cultivar")
CANCER = dict(source="breast_cancer", target="benign")
SYNTH = dict(source="synthetic", rows=100, features=6, informative=3, noise=0.3, seed=7)

REG_NET = [dense(16, act="relu"), dense(1)]
CLS_NET = [dense(16, act="tanh"), dense(3)]
PENALTIES = [("none", None), ("l2", l2(1e-3)), ("l1", l1(1e-3)), ("l1+l2", l1(5e-4) + l2(1e-3)),
             ("elastic_net", elastic_net(2e-3, 0.3)), ("l1-proximal", l1(1e-2, proximal=True))]
OPTIMIZERS = [
    ("sgd", O("sgd", lr=0.01)),
    ("sgd-momentum", O("sgd", lr=0.01, momentum=0.9)),
    ("sgd-nesterov", O("sgd", lr=0.01, momentum=0.9, nesterov=True)),
    ("sgd-wd", O("sgd", lr=0.01, momentum=0.5, dampening=0.1, weight_decay=0.01)),
    ("adam", O("adam", lr=0.01)),
    ("adam-wd", O("adam", lr=0.01, weight_decay=0.01)),
    ("adamw", O("adamw", lr=0.01)),
    ("adamw-wd", O("adamw", lr=0.01, weight_decay=0.1, beta1=0.8, beta2=0.99)),
    ("rmsprop", O("rmsprop", lr=0.003)),
    ("adagrad", O("adagrad", lr=0.05)),
]

# Every optimizer × every penalty: regression (diabetes, relu, mse) and classification
# (iris, tanh, cross_entropy). 442 and 150 rows: the last batch of an epoch is partial.
for oname, opt in OPTIMIZERS:
    for pname, pen in PENALTIES:
        case(f"grid/{oname}/{pname}/diabetes-mse", REG_NET, "mse", opt, DIABETES100, pen, epochs=2, batch=64)
        case(f"grid/{oname}/{pname}/iris-ce", CLS_NET, "cross_entropy", opt, IRIS, pen, epochs=3, batch=16)

# Losses and activations.
case("loss/mae", [dense(8, act="sigmoid"), dense(1)], "mae", O("adam", lr=0.05), DIABETES, l2(1e-3), epochs=3)
case("loss/huber", [dense(8, act="gelu"), dense(1)], "huber(0.5)", O("sgd", lr=0.01, momentum=0.9), SYNTH, l1(1e-3),
     epochs=5, batch=16)
case("loss/huber-default", [dense(8, act="tanh"), dense(1)], "huber()", O("adam", lr=0.01), DIABETES, None, epochs=2)
case("loss/bce", [dense(8, act="relu"), dense(1)], "bce", O("adam", lr=0.01), CANCER, l2(1e-3), epochs=3)
case("loss/ce-2class", [dense(8, act="relu"), dense(2)], "cross_entropy", O("sgd", lr=0.05), CANCER,
     elastic_net(1e-3), epochs=3)
case("loss/ce-wine", [dense(12, act="gelu"), dense(3)], "cross_entropy", O("rmsprop", lr=0.003, momentum=0.5,
     centered=True), WINE, l1(1e-3), epochs=4, batch=20)
for a in ("relu", "tanh", "sigmoid", "gelu"):
    case(f"act/{a}-fused", [dense(10, act=a), dense(10, act=a), dense(1)], "mse", O("adam", lr=0.01), DIABETES,
         l2(1e-3), epochs=2)
    case(f"act/{a}-line", [dense(10), act(a), dense(3)], "cross_entropy", O("sgd", lr=0.05, momentum=0.9), IRIS,
         l1(1e-3), epochs=3, batch=16)

# Deeper nets, no bias, raw (unstandardised) features, unusual batches.
case("net/deep", [dense(32, act="relu"), dense(16, act="gelu"), dense(8, act="tanh"), dense(3)], "cross_entropy",
     O("adamw", lr=0.005, weight_decay=0.05), WINE, l1(1e-4) + l2(1e-3), epochs=5, batch=24, declare_inputs=True)
case("net/no-bias", [dense(8, act="relu", bias=False), dense(1, bias=False)], "mse", O("sgd", lr=0.01), DIABETES100,
     l2(1e-2), epochs=2)
case("net/raw-features", [dense(8, act="tanh"), dense(3)], "cross_entropy", O("adam", lr=0.01), IRIS, l2(1e-3),
     standardized=False, epochs=3, batch=10)
case("net/batch-1", [dense(4, act="relu"), dense(1)], "mse", O("sgd", lr=0.01), dict(SYNTH, rows=30), l1(1e-2),
     epochs=2, batch=1)
case("net/full-batch", [dense(8, act="relu"), dense(1)], "mse", O("sgd", lr=0.1, nesterov=True, momentum=0.8),
     DIABETES100, l2(1e-3), epochs=30, batch=1000)
case("net/many-epochs", [dense(16, act="relu"), dense(1)], "mse", O("adam", lr=0.003), DIABETES, l1(1e-3) + l2(1e-3),
     epochs=20, batch=32, tol=1e-4)

# Layer-level penalties.
case("layer/penalty-replaces", [dense(16, act="relu", penalty=l1(1e-2)), dense(8, act="relu", penalty=NONE), dense(1)],
     "mse", O("sgd", lr=0.01, momentum=0.9), DIABETES100, l2(1e-2), epochs=3, fixture=True)
case("layer/bias-penalty", [dense(16, act="relu", bias_penalty=l2(0.1)), dense(1, bias_penalty=l1(0.05))], "mse",
     O("adam", lr=0.01), DIABETES100, l1(1e-3), epochs=3, fixture=True)
case("layer/activity-penalty", [dense(16, act="tanh", activity=l1(1e-3)), dense(3, activity=l2(1e-2))],
     "cross_entropy", O("sgd", lr=0.05), IRIS, l2(1e-3), epochs=3, batch=16, fixture=True)
case("layer/proximal", [dense(16, act="relu", penalty=l1(0.05, proximal=True)), dense(1, bias_penalty=l2(0.01))],
     "mse", O("sgd", lr=0.02), DIABETES100, l2(1e-3), epochs=3, fixture=True)
case("layer/proximal-bias", [dense(8, act="relu", bias_penalty=l1(0.5, proximal=True)), dense(1)], "mse",
     O("adam", lr=0.02), DIABETES, None, epochs=3)

# Penalty arithmetic and statements instead of keyword arguments.
case("penalty/scaled", REG_NET, "mse", O("sgd", lr=0.01), DIABETES100, l2(2e-3).scaled(0.5, "0.5 * l2(0.002)"), epochs=2)
case("penalty/divided", REG_NET, "mse", O("sgd", lr=0.01), DIABETES100,
     (l1(2e-3) + l2(4e-3)).scaled(0.5, "(l1(0.002) + l2(0.004)) / 2"), epochs=2)
case("penalty/en-default-ratio", CLS_NET, "cross_entropy", O("adam", lr=0.01), IRIS, elastic_net(4e-3), batch=16)
case("style/statements", CLS_NET, "cross_entropy", O("sgd", lr=0.05, momentum=0.9), IRIS,
     l1(1e-3) + l2(1e-3), batch=16, style="statements", fixture=True)
case("style/default-optimizer", REG_NET, "mse", None, DIABETES, l2(1e-3), epochs=2)
case("style/default-sgd-lr", REG_NET, "mse", O("sgd"), DIABETES, l2(1e-3), epochs=2)
case("style/default-rmsprop", REG_NET, "mse", O("rmsprop"), DIABETES, None, epochs=2)
case("style/default-adagrad", REG_NET, "mse", O("adagrad"), DIABETES, None, epochs=2)
case("style/default-adamw", CLS_NET, "cross_entropy", O("adamw"), IRIS, None, batch=16)

# Optimizer options.
case("opt/adam-amsgrad", CLS_NET, "cross_entropy", O("adam", lr=0.01, amsgrad=True, eps=1e-6), IRIS, l2(1e-3), batch=16)
case("opt/adamw-amsgrad", CLS_NET, "cross_entropy", O("adamw", lr=0.01, amsgrad=True, weight_decay=0.05), IRIS, None,
     batch=16)
case("opt/rmsprop-centered", REG_NET, "mse", O("rmsprop", lr=0.003, alpha=0.9, centered=True, weight_decay=0.01),
     DIABETES, l1(1e-3), epochs=2)
case("opt/adagrad-decay", REG_NET, "mse", O("adagrad", lr=0.1, lr_decay=0.01, initial_accumulator_value=0.1,
     weight_decay=0.01), DIABETES, None, epochs=2)

# Learning-rate schedules (stepped once per epoch).
case("schedule/step_lr", REG_NET, "mse", O("sgd", lr=0.02, momentum=0.9, schedule=step_lr(2, 0.5)), DIABETES100,
     l2(1e-3), epochs=6, fixture=True)
case("schedule/cosine", CLS_NET, "cross_entropy", O("adam", lr=0.02, schedule=cosine(4)), IRIS, l1(1e-3), epochs=10,
     batch=16)
case("schedule/cosine-eta-min", REG_NET, "mse", O("adamw", lr=0.01, schedule=cosine(3, 1e-3)), DIABETES, None,
     epochs=7)
case("schedule/proximal-step", REG_NET, "mse", O("sgd", lr=0.05, schedule=step_lr(1, 0.7)), DIABETES100,
     l1(0.05, proximal=True), epochs=4)
case("schedule/train-arg", REG_NET, "mse", O("sgd", lr=0.02, schedule=step_lr(2, 0.5)), DIABETES100, None, epochs=4,
     style="schedule-arg")

# Validation data (split without shuffling, standardize fitted on the train part),
# column selection, runs in sequence, overrides of the session's settings.
case("flow/validate-ce", CLS_NET, "cross_entropy", O("adam", lr=0.01), WINE, l2(1e-3), epochs=4, batch=16,
     style="validate", fixture=True)
case("flow/validate-mse", REG_NET, "mse", O("sgd", lr=0.01, momentum=0.9), DIABETES100, l1(1e-3), epochs=3,
     style="validate")
case("flow/features", [dense(6, act="relu"), dense(1)], "mse", O("adam", lr=0.01), DIABETES, l2(1e-3), epochs=2,
     features=["bmi", "s5", "bp", "age"])
case("flow/two-runs", CLS_NET, "cross_entropy", O("sgd", lr=0.05, momentum=0.9), IRIS, l2(1e-3), epochs=2, batch=16,
     first=O("adam", lr=0.01), fixture=True)
case("flow/penalty-none-overrides", REG_NET, "mse", O("sgd", lr=0.01), DIABETES100, NONE, epochs=2,
     statement_penalty=l2(0.1))
case("flow/optimizer-name", REG_NET, "mse", O("adam", lr=0.001), DIABETES, None, epochs=2, style="statements",
     optimizer_name="adam")
case("flow/extra-outputs", [dense(8, act="relu"), dense(5)], "cross_entropy", O("adam", lr=0.01), IRIS, l1(1e-3),
     epochs=3, batch=16)
case("flow/constant-column", [dense(6, act="tanh"), dense(1)], "mse", O("sgd", lr=0.01), dict(SYNTH, constant=True),
     l2(1e-3), epochs=3, batch=16)

# A wide network on digits: products split over 2 threads, the Adam C kernel in parallel
# blocks (≥ 300k elements); beta1 < 0.5 takes the Swift path of the Adam update instead.
DIGITS = dict(source="digits", target="digit", rows=600)
case("wide/adam-threads", [dense(512, act="relu"), dense(600, act="relu"), dense(10)], "cross_entropy",
     O("adam", lr=1e-3), DIGITS, l1(1e-5) + l2(1e-4), epochs=1, batch=128, threads=2)
case("wide/adamw-1-thread", [dense(512, act="relu"), dense(600, act="relu"), dense(10)], "cross_entropy",
     O("adamw", lr=1e-3, weight_decay=0.05), DIGITS, l1(1e-5, proximal=True), epochs=1, batch=128, threads=1)
case("opt/adam-low-beta1", CLS_NET, "cross_entropy", O("adam", lr=0.01, beta1=0.3, weight_decay=0.01), IRIS,
     l1(1e-3), batch=16)
case("opt/sgd-nesterov-wd", CLS_NET, "cross_entropy", O("sgd", lr=0.05, momentum=0.9, nesterov=True,
     weight_decay=0.01), IRIS, l1(1e-3) + l2(1e-3), batch=16)
case("penalty/en-ratio-1", REG_NET, "mse", O("sgd", lr=0.01), DIABETES100, elastic_net(2e-3, 1.0), epochs=2)
case("penalty/en-ratio-0", REG_NET, "mse", O("sgd", lr=0.01), DIABETES100, elastic_net(2e-3, 0.0), epochs=2)


# ----------------------------------------------------------------------------- running

def loss_fn(loss):
    if loss == "mse":
        return lambda out, y: F.mse_loss(out[:, 0], y)
    if loss == "mae":
        return lambda out, y: F.l1_loss(out[:, 0], y)
    if loss.startswith("huber"):
        delta = float(loss[6:-1]) if loss[6:-1] else 1.0
        return lambda out, y: F.huber_loss(out[:, 0], y, delta=delta)
    if loss == "bce":
        return lambda out, y: F.binary_cross_entropy_with_logits(out[:, 0], y)
    if loss == "cross_entropy":
        return lambda out, y: F.cross_entropy(out, y.long())
    raise ValueError(loss)


def torch_model(layers, inputs):
    """The torch.nn.Sequential a PyTorch user writes: a dense line with `activation:` is an
    nn.Linear and then the activation's module, so the state-dict names are Regula's
    (`{module index}.weight`). `lines[i]` lists the modules of model line i."""
    modules, lines, width = [], [], inputs
    for layer in layers:
        first = len(modules)
        if layer["kind"] == "dense":
            modules.append(torch.nn.Linear(width, layer["units"], bias=layer["bias"]))
            if layer["act"]:
                modules.append(ACTIVATIONS[layer["act"]]())
            width = layer["units"]
        else:
            modules.append(ACTIVATIONS[layer["name"]]())
        lines.append(list(range(first, len(modules))))
    model = torch.nn.Sequential(*modules)
    model.lines = lines
    return model


def module_indices(layers):
    """The torch.nn.Sequential index of each model line's first module."""
    out, index = [], 0
    for layer in layers:
        out.append(index)
        index += 2 if layer["kind"] == "dense" and layer["act"] else 1
    return out


def parameter_penalties(c):
    """{state-dict name: P} for every parameter, as Regula assigns them."""
    out = {}
    for layer, i in zip(c["layers"], module_indices(c["layers"])):
        if layer["kind"] != "dense":
            continue
        out[f"{i}.weight"] = layer["penalty"] if layer["penalty"] is not None else (c["penalty"] or NONE)
        if layer["bias"]:
            out[f"{i}.bias"] = layer["bias_penalty"] or NONE
    return out


def train_torch(c, model, x, y, opt_spec, val=None):
    """One `train` call: a fresh optimizer, batches in row order, the penalties of docs/training-engine.md."""
    named = dict(model.named_parameters())
    opt = opt_spec.torch([p for n, p in named.items() if n.endswith("weight")],
                         [p for n, p in named.items() if n.endswith("bias")])
    sched = opt_spec.schedule[1](opt) if opt_spec.schedule else None
    pens = parameter_penalties(c)
    loss = loss_fn(c["loss"])
    n, history = len(x), []
    for epoch in range(c["epochs"]):
        lr = opt.param_groups[0]["lr"]
        data_sum, pen_sum, batches = 0.0, 0.0, 0
        for start in range(0, n, c["batch"]):
            xb, yb = x[start:start + c["batch"]], y[start:start + c["batch"]]
            opt.zero_grad()
            h, activity = xb, 0.0
            for i, line in enumerate(model.lines):
                for index in line:
                    h = model[index](h)
                a = c["layers"][i].get("activity")
                if a is not None and a.active:
                    activity = activity + (a.l1 * h.abs().sum() + a.l2 * (h * h).sum()) / len(xb)
            data = loss(h, yb)
            penalty = activity
            value = float(activity.detach()) if torch.is_tensor(activity) else 0.0
            for name, p in named.items():
                pen = pens[name]
                if pen.l1:
                    penalty = penalty + pen.l1 * p.abs().sum()
                if pen.l2:
                    penalty = penalty + pen.l2 * (p * p).sum()
                with torch.no_grad():
                    value += (pen.l1 + pen.prox) * float(p.abs().double().sum()) + pen.l2 * float((p.double() ** 2).sum())
            (data + penalty).backward()
            opt.step()
            with torch.no_grad():
                for name, p in named.items():
                    if pens[name].prox:
                        group_lr = next(g["lr"] for g in opt.param_groups if any(q is p for q in g["params"]))
                        p.copy_(torch.sign(p) * torch.clamp(p.abs() - group_lr * pens[name].prox, min=0))
            data_sum += float(data.detach())
            pen_sum += value
            batches += 1
        record = dict(data_loss=data_sum / batches, penalty=pen_sum / batches, lr=lr)
        if val is not None:
            scores = metrics(model, *val, c["loss"])
            record["val_loss"] = scores["loss"]
            if "accuracy" in scores:
                record["val_accuracy"] = scores["accuracy"]
        history.append(record)
        if sched:
            sched.step()
    return history


def metrics(model, x, y, loss):
    """What `evaluate` reports: the data loss, and accuracy, macro precision / recall / f1 and
    (two classes) ROC AUC, or mse / mae / r2 (scikit-learn's definitions)."""
    with torch.no_grad():
        out = model(x)
        result = dict(loss=float(loss_fn(loss)(out, y)))
    if loss in ("cross_entropy", "bce"):
        from sklearn.metrics import f1_score, precision_score, recall_score, roc_auc_score
        if loss == "cross_entropy":
            predicted, truth = out.argmax(1).numpy(), y.long().numpy()
            score = (out[:, 1].double() - out[:, 0].double()).numpy() if out.shape[1] == 2 else None
        else:
            predicted, truth = (out[:, 0] > 0).long().numpy(), (y > 0.5).long().numpy()
            score = out[:, 0].double().numpy()
        result["accuracy"] = float((predicted == truth).mean())
        for name, f in (("precision", precision_score), ("recall", recall_score), ("f1", f1_score)):
            result[name] = f(truth, predicted, average="macro", zero_division=0)
        if score is not None and len(set(truth.tolist())) == 2:
            result["auc"] = roc_auc_score(truth, score)
    else:
        from sklearn.metrics import mean_absolute_error, mean_squared_error, r2_score
        o, t = out[:, 0].double().numpy(), y.double().numpy()
        result.update(mse=mean_squared_error(t, o), mae=mean_absolute_error(t, o), r2=r2_score(t, o))
    return result


def script(c, inputs):
    features = c.get("features")
    selection = f", features: [{', '.join(chr(34) + f + chr(34) for f in features)}]" if features else ""
    lines = ['let raw = csv("data.csv", target: "%s"%s)' % (c["target"], selection)]
    if c["style"] == "validate":
        lines.append("let parts = raw |> split(train: 0.8, val: 0.2, shuffle: false) |> standardize")
        lines.append("let d = parts.train")
    else:
        lines.append("let d = standardize(raw)" if c["standardized"] else "let d = raw")
    lines.append(f"model m(inputs: {inputs}) {{" if c.get("declare_inputs") else "model m {")
    lines += ["  " + layer_expr(l) for l in c["layers"]]
    lines.append("}")
    lines.append('load(m, "init.safetensors")')
    pen = c["penalty"].expr if c["penalty"] is not None else None
    opt = c["optimizer"].expr if c["optimizer"] is not None else None
    style = c["style"]
    if style == "statements":
        lines.append(f"loss {c['loss']}")
        if pen:
            lines.append(f"penalty {pen}")
        if opt:
            lines.append(f"optimizer {opt}" if c.get("optimizer_name") is None else f'optimizer "{c["optimizer_name"]}"')
        call = f"train(m, d, epochs: {c['epochs']}, batch: {c['batch']}, shuffle: false)"
    else:
        if c.get("statement_penalty"):
            lines.append(f"penalty {c['statement_penalty'].expr}")  # overridden by the call's penalty:
        args = [f"epochs: {c['epochs']}", f"batch: {c['batch']}", "shuffle: false", f"loss: {c['loss']}"]
        if pen:
            args.append(f"penalty: {pen}")
        if opt and style == "schedule-arg":
            # The schedule given to train() instead of the optimizer.
            o = c["optimizer"]
            args.append(f"optimizer: {O(o.name, **o.kw).expr}")
            args.append(f"schedule: {o.schedule[0]}")
        elif opt:
            args.append(f"optimizer: {opt}")
        if style == "validate":
            args.append("validate: parts.val")
        call = f"train(m, d, {', '.join(args)})"
        if c.get("first"):
            # An earlier run with another optimizer: the second starts from its weights
            # with fresh optimizer state.
            lines.append("let r0 = " + call.replace(f"optimizer: {opt}", f"optimizer: {c['first'].expr}"))
    lines.append(f"let r = {call}")
    lines.append('save(m, "out.safetensors")')
    lines.append('write_csv(r.history, "history.csv")')
    lines.append('print("train_loss", r.train_loss)')
    if style == "validate":
        lines.append('print("val_loss", r.val_loss)')
    lines.append(f"let e = evaluate(m, d, loss: {c['loss']})")
    lines.append("for k, v in e {\n  print(\"eval_\" + k, v)\n}")
    width = [l for l in c["layers"] if l["kind"] == "dense"][-1]["units"]
    cells = ", ".join(f"o{j}: row[{j}]" for j in range(width))
    lines.append("var rows = []")
    lines.append(f"for row in predict(m, d) {{\n  rows = append(rows, {{{cells}}})\n}}")
    lines.append('write_csv(rows, "predictions.csv")')
    return "\n".join(lines) + "\n"


def run_regula(directory, threads=None):
    command = [REGULA, "run", "--quiet", "case.reg"] + (["--threads", str(threads)] if threads else [])
    proc = subprocess.run(command, cwd=directory, capture_output=True, text=True, timeout=600)
    if proc.returncode != 0:
        raise RuntimeError(f"regula failed ({proc.returncode}):\n{proc.stdout}{proc.stderr}")
    weights = load_numpy(os.path.join(directory, "out.safetensors"))
    with open(os.path.join(directory, "history.csv")) as f:
        history = [{k: float(v) for k, v in row.items() if v not in ("", None)} for row in csv.DictReader(f)]
    printed = {}
    for line in proc.stdout.splitlines():
        key, _, value = line.partition(" ")
        try:
            printed[key] = float(value)
        except ValueError:  # evaluate's confusion matrix (a list)
            pass
    predictions = None
    path = os.path.join(directory, "predictions.csv")
    if os.path.exists(path):
        predictions = np.loadtxt(path, delimiter=",", skiprows=1, ndmin=2).astype(np.float32)
    return weights, history, printed, predictions, proc.stderr


def relative(a, b):
    """max |a − b| over max |b| (normwise)."""
    return float(np.max(np.abs(a - b)) / max(np.max(np.abs(b)), 1e-30)) if a.size else 0.0


def scalar_rel(a, b):
    return abs(a - b) / max(abs(b), 1e-12)


def split_rows(n, fraction=0.8):
    """split(train: 0.8, val: 0.2, shuffle: false): the first round(0.8·n) rows, then the rest."""
    return int(math.floor(fraction * n + 0.5))


def run_case(c, keep=None):
    header, lines, x, y, target = dataset(c["data"])
    c = dict(c, target=target)
    if c.get("features"):
        names = [h for h in header.split(",") if h != target]
        x = x[:, [names.index(f) for f in c["features"]]]
    val = None
    if c["style"] == "validate":
        k = split_rows(len(x))
        train_x, val_x = x[:k], x[k:]
        fitted = standardize(np.vstack([train_x]))
        x64 = train_x.astype(np.float64)
        mean, std = x64.mean(axis=0), np.sqrt(((x64 - x64.mean(axis=0)) ** 2).mean(axis=0))
        scale = np.where(std == 0, 1.0, std).astype(np.float32)
        val = (torch.from_numpy(((val_x - mean.astype(np.float32)) / scale).astype(np.float32)), torch.from_numpy(y[k:]))
        xs, y = fitted, y[:k]
    else:
        xs = standardize(x) if c["standardized"] else x
    directory = tempfile.mkdtemp(prefix="parity-") if keep is None else os.path.join(keep, c["name"].replace("/", "_"))
    os.makedirs(directory, exist_ok=True)
    with open(os.path.join(directory, "data.csv"), "w") as f:
        f.write(header + "\n" + "\n".join(lines) + "\n")
    torch.manual_seed(1000 + len(c["name"]) + c["seed"])
    model = torch_model(c["layers"], x.shape[1])
    initial = {k: v.detach().clone().contiguous() for k, v in model.state_dict().items()}
    save_file(initial, os.path.join(directory, "init.safetensors"))
    text = script(c, x.shape[1])
    with open(os.path.join(directory, "case.reg"), "w") as f:
        f.write(text)
    result = dict(name=c["name"], tol=c["tol"])
    try:
        weights, history, printed, predictions, stderr = run_regula(directory, c.get("threads"))
    except Exception as e:  # noqa: BLE001 — reported as a failed case
        result.update(error=str(e))
        return result, None
    tx, ty = torch.from_numpy(xs), torch.from_numpy(y)
    if c.get("first"):
        train_torch(c, model, tx, ty, c["first"])
    t_history = train_torch(c, model, tx, ty, c["optimizer"] or O("adam"), val)
    t_eval = metrics(model, tx, ty, c["loss"])
    with torch.no_grad():
        t_predictions = model(tx).numpy()
    final = {k: v.detach().numpy() for k, v in model.state_dict().items()}
    result["warnings"] = stderr.strip()
    scale = max(float(np.max(np.abs(v))) for v in final.values())
    result["abs"] = max(float(np.max(np.abs(weights[k] - final[k]))) for k in final)
    result["rel"] = result["abs"] / scale
    result["tensor_rel"] = {k: relative(weights[k], final[k]) for k in final}
    result["keys"] = sorted(weights) == sorted(final)
    # Reported numbers: train_loss (and val_loss), evaluate's fields, the predictions.
    reported = [scalar_rel(printed["train_loss"], t_eval["loss"])]
    if val is not None:
        reported.append(scalar_rel(printed["val_loss"], metrics(model, *val, c["loss"])["loss"]))
    for key, value in t_eval.items():
        reported.append(abs(printed["eval_" + key] - value) / max(abs(value), 1.0))
    reported.append(relative(predictions, t_predictions))
    result["loss_rel"] = max(reported)
    hist = []
    for r, t in zip(history, t_history):
        hist += [scalar_rel(r["data_loss"], t["data_loss"]), abs(r["penalty"] - t["penalty"]) / max(abs(t["data_loss"]), 1e-12),
                 scalar_rel(r["lr"], t["lr"])]
        if "val_loss" in t:
            hist.append(scalar_rel(r["val_loss"], t["val_loss"]))
        if "val_accuracy" in t:
            hist.append(abs(r["val_accuracy"] - t["val_accuracy"]))
    result["hist_rel"] = max(hist) if len(history) == len(t_history) else math.inf
    result["steps"] = (2 if c.get("first") else 1) * c["epochs"] * math.ceil(len(xs) / c["batch"])
    result["ok"] = (result["keys"] and result["rel"] <= c["tol"] and result["loss_rel"] <= c["tol"]
                    and result["hist_rel"] <= c["tol"])
    if not result["ok"] and result["keys"]:
        # Is the case ill-conditioned? Train again in float64: if Regula is about as far from
        # that as PyTorch's own float32 run is, the difference is float32 rounding amplified
        # by the problem (e.g. Adam's g/(√v + ε) for gradients near ε), not a semantic one.
        model64 = torch_model(c["layers"], x.shape[1]).double()
        model64.load_state_dict({k: v.double() for k, v in initial.items()})
        val64 = (val[0].double(), val[1].double()) if val is not None else None
        tx64, ty64 = tx.double(), ty.double()
        if c.get("first"):
            train_torch(c, model64, tx64, ty64, c["first"])
        train_torch(c, model64, tx64, ty64, c["optimizer"] or O("adam"), val64)
        final64 = {k: v.detach().numpy() for k, v in model64.state_dict().items()}
        scale64 = max(float(np.max(np.abs(v))) for v in final64.values())
        regula64 = max(float(np.max(np.abs(weights[k] - final64[k]))) for k in final64) / scale64
        torch64 = max(float(np.max(np.abs(final[k] - final64[k]))) for k in final64) / scale64
        result["f64"] = dict(regula=regula64, torch=torch64)
        if regula64 <= 3 * torch64 and result["loss_rel"] <= c["tol"] and result["hist_rel"] <= c["tol"]:
            result["ok"] = True
            result["conditioning"] = True
    if keep is None:
        shutil.rmtree(directory)
    def short(values):  # float32 values in their shortest decimal form (they read back exactly)
        return [float(str(np.float32(v))) for v in np.asarray(values, dtype=np.float32).reshape(-1)]

    fixture = dict(name=c["name"], script=text, data=header + "\n" + "\n".join(lines) + "\n",
                   initial={k: short(v.numpy()) for k, v in initial.items()},
                   shapes={k: list(v.shape) for k, v in initial.items()},
                   expected={k: short(v) for k, v in final.items()},
                   train_loss=t_eval["loss"], history=t_history)
    return result, fixture


# ----------------------------------------------------------------------------- scikit-learn

def sklearn_cases():
    """Linear models (one dense(1), mse, full batch) trained to convergence in Regula, compared
    with scikit-learn's closed form / coordinate descent under the documented equivalences:
    l1(a) ≡ Lasso(alpha=a/2), l1(a) + l2(b) ≡ ElasticNet(alpha=(a+2b)/2, l1_ratio=a/(a+2b)),
    elastic_net(α, ρ) ≡ ElasticNet(alpha=α/2, l1_ratio=ρ), l2(b) ≡ Ridge(alpha=n·b)."""
    from sklearn.linear_model import ElasticNet, Lasso, Ridge

    out = []
    synth = dict(source="synthetic", rows=200, features=10, informative=4, noise=0.5, seed=3, correlated=True)
    configs = [
        ("sklearn/lasso-diabetes", DIABETES, l1(2.0, proximal=True), lambda n: Lasso(alpha=1.0)),
        ("sklearn/lasso-synthetic", synth, l1(0.2, proximal=True), lambda n: Lasso(alpha=0.1)),
        ("sklearn/elasticnet-proximal", DIABETES, l1(1.0, proximal=True) + l2(0.5),
         lambda n: ElasticNet(alpha=(1.0 + 2 * 0.5) / 2, l1_ratio=1.0 / (1.0 + 2 * 0.5))),
        # Not proximal: plain subgradient steps oscillate around zero by ~lr·λ, so the lr
        # is annealed (step_lr) and zeros are small rather than exact.
        ("sklearn/elastic_net-subgradient", synth, elastic_net(0.2, 0.5), lambda n: ElasticNet(alpha=0.1, l1_ratio=0.5),
         step_lr(500, 0.7)),
        ("sklearn/ridge-diabetes", DIABETES, l2(0.05), lambda n: Ridge(alpha=n * 0.05)),
        ("sklearn/ridge-synthetic", synth, l2(0.1), lambda n: Ridge(alpha=n * 0.1)),
        # The optimizer's coupled weight decay wd is l2(wd/2), as summary() says.
        ("sklearn/ridge-weight-decay", DIABETES, l2(0.02), lambda n: Ridge(alpha=n * (0.02 + 0.06 / 2)), None, 0.06),
        ("sklearn/lasso-weight-decay", synth, l1(0.2, proximal=True),
         lambda n: ElasticNet(alpha=(0.2 + 0.1) / 2, l1_ratio=0.2 / (0.2 + 0.1)), None, 0.1),
    ]
    for name, data, pen, make, *options in configs:
        out.append(dict(name=name, data=data, penalty=pen, make=make, schedule=options[0] if options else None,
                        weight_decay=options[1] if len(options) > 1 else 0.0))
    return out


def run_sklearn_case(s, keep=None):
    header, lines, x, y, target = dataset(s["data"])
    xs = standardize(x).astype(np.float64)
    n = len(x)
    reference = s["make"](n)
    for attr in ("tol", "max_iter"):
        if hasattr(reference, attr):
            setattr(reference, attr, 1e-12 if attr == "tol" else 1_000_000)
    reference.fit(xs, y.astype(np.float64))
    # Full-batch gradient descent with step 1/L, L = 2·λmax(XᵀX/n) (+ 2·l2): the proximal
    # gradient method, linear convergence on these well-posed problems.
    xc = np.hstack([xs, np.ones((n, 1))])
    lipschitz = 2 * np.linalg.eigvalsh(xc.T @ xc / n).max() + 2 * s["penalty"].l2 + s["weight_decay"]
    lr = float(f"{0.9 / lipschitz:.3g}")
    epochs = s.get("epochs", 20000)
    optimizer = O("sgd", lr=lr, schedule=s["schedule"], **({"weight_decay": s["weight_decay"]} if s["weight_decay"] else {}))
    c = dict(name=s["name"], layers=[dense(1)], loss="mse", optimizer=optimizer, data=s["data"],
             penalty=s["penalty"], epochs=epochs, batch=n, standardized=True, style="kwargs", seed=0, target=target)
    directory = tempfile.mkdtemp(prefix="parity-") if keep is None else os.path.join(keep, s["name"].replace("/", "_"))
    os.makedirs(directory, exist_ok=True)
    with open(os.path.join(directory, "data.csv"), "w") as f:
        f.write(header + "\n" + "\n".join(lines) + "\n")
    save_file({"0.weight": torch.zeros(1, x.shape[1]), "0.bias": torch.zeros(1)}, os.path.join(directory, "init.safetensors"))
    with open(os.path.join(directory, "case.reg"), "w") as f:
        f.write(script(c, x.shape[1]))
    result = dict(name=s["name"], tol=s.get("tol", 1e-4))
    try:
        weights, _, _, _, _ = run_regula(directory)
    except Exception as e:  # noqa: BLE001
        result.update(error=str(e))
        return result
    if keep is None:
        shutil.rmtree(directory)
    w, b = weights["0.weight"].reshape(-1).astype(np.float64), float(weights["0.bias"][0])
    ref_w, ref_b = np.asarray(reference.coef_, dtype=np.float64), float(reference.intercept_)
    result["abs"] = float(np.max(np.abs(w - ref_w)))
    result["rel"] = float(np.max(np.abs(w - ref_w)) / np.max(np.abs(ref_w)))
    result["loss_rel"] = scalar_rel(b, ref_b)  # the intercept, here
    result["zeros"] = f"{int(np.sum(w == 0))}/{int(np.sum(ref_w == 0))}"
    result["hist_rel"] = 0.0
    result["steps"] = epochs
    result["keys"] = True
    exact_zeros = s["penalty"].prox == 0 or np.array_equal(w == 0, ref_w == 0)
    result["ok"] = result["rel"] <= result["tol"] and result["loss_rel"] <= result["tol"] and exact_zeros
    return result


# ----------------------------------------------------------------------------- cross-validation, early stopping

def run_cv_case(keep=None):
    """cross_validate(shuffle: false) against sklearn's KFold + PyTorch: each fold trains a copy
    of the model from its definition weights (saved by the script before anything else)."""
    from sklearn.model_selection import KFold

    name = "flow/cross_validate"
    c = dict(name=name, layers=[dense(8, act="tanh"), dense(3)], loss="cross_entropy", penalty=l2(1e-3),
             epochs=3, batch=16)
    header, lines, x, y, target = dataset(WINE)
    xs = standardize(x)
    directory = tempfile.mkdtemp(prefix="parity-") if keep is None else os.path.join(keep, name.replace("/", "_"))
    os.makedirs(directory, exist_ok=True)
    with open(os.path.join(directory, "data.csv"), "w") as f:
        f.write(header + "\n" + "\n".join(lines) + "\n")
    opt = O("adam", lr=0.01)
    text = "\n".join([
        f'let d = standardize(csv("data.csv", target: "{target}"))',
        f"model m(inputs: {x.shape[1]}) {{", *["  " + layer_expr(l) for l in c["layers"]], "}",
        'save(m, "definition.safetensors")',
        f"let cv = cross_validate(m, d, folds: 4, epochs: {c['epochs']}, batch: {c['batch']}, shuffle: false, "
        f"loss: cross_entropy, penalty: {c['penalty'].expr}, optimizer: {opt.expr})",
        "for f in cv.folds {",
        '  print("train_loss_{f.fold}", f.train_loss)',
        '  print("val_loss_{f.fold}", f.val_loss)',
        '  print("val_accuracy_{f.fold}", f.val_accuracy)',
        "}", ""])
    with open(os.path.join(directory, "case.reg"), "w") as f:
        f.write(text)
    result = dict(name=name, tol=1e-5, keys=True, hist_rel=0.0)
    proc = subprocess.run([REGULA, "run", "--quiet", "case.reg"], cwd=directory, capture_output=True, text=True)
    if proc.returncode != 0:
        result["error"] = proc.stdout + proc.stderr
        return result
    printed = {k: float(v) for k, _, v in (l.partition(" ") for l in proc.stdout.splitlines())}
    definition = {k: torch.from_numpy(v) for k, v in load_numpy(os.path.join(directory, "definition.safetensors")).items()}
    worst = 0.0
    for fold, (train, val) in enumerate(KFold(4).split(xs)):
        model = torch_model(c["layers"], x.shape[1])
        model.load_state_dict(definition)
        tx, ty = torch.from_numpy(xs[train]), torch.from_numpy(y[train])
        vx, vy = torch.from_numpy(xs[val]), torch.from_numpy(y[val])
        train_torch(c, model, tx, ty, opt)
        t, v = metrics(model, tx, ty, "cross_entropy"), metrics(model, vx, vy, "cross_entropy")
        worst = max(worst, scalar_rel(printed[f"train_loss_{fold}"], t["loss"]), scalar_rel(printed[f"val_loss_{fold}"], v["loss"]),
                    abs(printed[f"val_accuracy_{fold}"] - v["accuracy"]))
    if keep is None:
        shutil.rmtree(directory)
    result.update(abs=0.0, rel=0.0, loss_rel=worst, steps=4 * c["epochs"] * math.ceil(len(x) * 3 / 4 / c["batch"]),
                  ok=worst <= 1e-5)
    return result


def run_early_stop_case(keep=None):
    """train(..., validate:, early_stop: n) against the same rule written out in PyTorch: stop
    after n epochs without a lower validation loss and restore the best epoch's weights."""
    name = "flow/early_stop"
    c = dict(name=name, layers=[dense(32, act="relu"), dense(1)], loss="mse", penalty=None, epochs=60, batch=8,
             style="validate", standardized=True, seed=0, target="y", optimizer=O("adam", lr=0.05), tol=1e-5)
    data = dict(source="synthetic", rows=60, features=8, informative=2, noise=2.0, seed=11)
    header, lines, x, y, target = dataset(data)
    k = split_rows(len(x))
    x64 = x[:k].astype(np.float64)
    mean, std = x64.mean(axis=0), np.sqrt(((x64 - x64.mean(axis=0)) ** 2).mean(axis=0))
    scale = np.where(std == 0, 1.0, std).astype(np.float32)
    tx = torch.from_numpy(((x[:k] - mean.astype(np.float32)) / scale).astype(np.float32))
    vx = torch.from_numpy(((x[k:] - mean.astype(np.float32)) / scale).astype(np.float32))
    ty, vy = torch.from_numpy(y[:k]), torch.from_numpy(y[k:])
    directory = tempfile.mkdtemp(prefix="parity-") if keep is None else os.path.join(keep, name.replace("/", "_"))
    os.makedirs(directory, exist_ok=True)
    with open(os.path.join(directory, "data.csv"), "w") as f:
        f.write(header + "\n" + "\n".join(lines) + "\n")
    torch.manual_seed(5)
    model = torch_model(c["layers"], x.shape[1])
    save_file({k_: v.detach().clone().contiguous() for k_, v in model.state_dict().items()},
              os.path.join(directory, "init.safetensors"))
    text = script(c, x.shape[1]).replace("validate: parts.val", "validate: parts.val, early_stop: 3")
    text += 'print("epochs_run", r.epochs_run)\nprint("best_epoch", r.best_epoch)\n'
    with open(os.path.join(directory, "case.reg"), "w") as f:
        f.write(text)
    result = dict(name=name, tol=1e-5, keys=True)
    try:
        weights, history, printed, _, _ = run_regula(directory)
    except Exception as e:  # noqa: BLE001
        result["error"] = str(e)
        return result
    best, best_state, best_epoch, since, epochs_run = math.inf, None, 0, 0, 0
    named = dict(model.named_parameters())
    optimizer = c["optimizer"].torch([p for n, p in named.items() if n.endswith("weight")],
                                     [p for n, p in named.items() if n.endswith("bias")])
    for epoch in range(1, c["epochs"] + 1):
        for start in range(0, len(tx), c["batch"]):
            optimizer.zero_grad()
            F.mse_loss(model(tx[start:start + c["batch"]])[:, 0], ty[start:start + c["batch"]]).backward()
            optimizer.step()
        epochs_run = epoch
        val_loss = metrics(model, vx, vy, "mse")["loss"]
        if val_loss < best:
            best, best_epoch, since = val_loss, epoch, 0
            best_state = {k_: v.detach().clone() for k_, v in model.state_dict().items()}
        else:
            since += 1
            if since >= 3:
                model.load_state_dict(best_state)
                break
    final = {k_: v.detach().numpy() for k_, v in model.state_dict().items()}
    scale_w = max(float(np.max(np.abs(v))) for v in final.values())
    result["abs"] = max(float(np.max(np.abs(weights[k_] - final[k_]))) for k_ in final)
    result["rel"] = result["abs"] / scale_w
    result["loss_rel"] = scalar_rel(printed["val_loss"], metrics(model, vx, vy, "mse")["loss"])
    result["hist_rel"] = float(abs(printed["epochs_run"] - epochs_run) + abs(printed["best_epoch"] - best_epoch))
    result["steps"] = epochs_run * math.ceil(len(tx) / c["batch"])
    result["ok"] = result["rel"] <= 1e-5 and result["loss_rel"] <= 1e-5 and result["hist_rel"] == 0 and epochs_run < c["epochs"]
    result["note"] = f"stopped after {int(printed['epochs_run'])} epochs (torch {epochs_run}), best {int(printed['best_epoch'])} (torch {best_epoch})"
    if keep is None:
        shutil.rmtree(directory)
    return result


def run_interop_case(keep=None):
    """A model Regula initialised and trained itself, saved, then loaded as a PyTorch user
    would: `torch.nn.Sequential(Linear, ReLU, Linear, ReLU, Linear).load_state_dict(...)`
    (strict), its predictions compared with `predict`'s."""
    from safetensors.torch import load_file

    name = "interop/save-to-torch-sequential"
    header, lines, x, y, target = dataset(CANCER)
    directory = tempfile.mkdtemp(prefix="parity-") if keep is None else os.path.join(keep, name.replace("/", "_"))
    os.makedirs(directory, exist_ok=True)
    with open(os.path.join(directory, "data.csv"), "w") as f:
        f.write(header + "\n" + "\n".join(lines) + "\n")
    text = "\n".join([
        "seed 3",
        f'let d = standardize(csv("data.csv", target: "{target}"))',
        "model m {", "  dense(64, activation: relu)", "  dense(64, activation: relu)", "  dense(2)", "}",
        "train(m, d, epochs: 3, batch: 32, loss: cross_entropy, optimizer: adam(lr: 1e-3))",
        'save(m, "model.safetensors")',
        'write_csv(predict(m, d), "predictions.csv")', ""])
    with open(os.path.join(directory, "case.reg"), "w") as f:
        f.write(text)
    result = dict(name=name, tol=1e-5, hist_rel=0.0, steps=3 * math.ceil(len(x) / 32))
    proc = subprocess.run([REGULA, "run", "--quiet", "case.reg"], cwd=directory, capture_output=True, text=True)
    if proc.returncode != 0:
        result["error"] = proc.stdout + proc.stderr
        return result
    model = torch.nn.Sequential(torch.nn.Linear(x.shape[1], 64), torch.nn.ReLU(), torch.nn.Linear(64, 64),
                                torch.nn.ReLU(), torch.nn.Linear(64, 2))
    state = load_file(os.path.join(directory, "model.safetensors"))
    model.load_state_dict(state)  # strict: every name and shape must match
    with open(os.path.join(directory, "predictions.csv")) as f:
        rows = list(csv.reader(f))
    predictions = np.array([[float(v) for v in row] for row in rows[1:]], dtype=np.float64)
    with torch.no_grad():
        expected = model(torch.from_numpy(standardize(x))).double().numpy()
    result["keys"] = sorted(state) == ["0.bias", "0.weight", "2.bias", "2.weight", "4.bias", "4.weight"]
    result["abs"] = float(np.max(np.abs(predictions - expected)))
    result["rel"] = result["abs"] / float(np.max(np.abs(expected)))
    result["loss_rel"] = 0.0
    result["ok"] = result["keys"] and result["rel"] <= result["tol"]
    result["note"] = f"keys {sorted(state)}, {len(predictions)} predictions, header {rows[0]}"
    if keep is None:
        shutil.rmtree(directory)
    return result


# ----------------------------------------------------------------------------- main

def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-k", default="", help="only cases whose name contains this")
    parser.add_argument("-v", action="store_true", help="print warnings and each failure's details")
    parser.add_argument("--keep", help="keep each case's files (script, data, weights) under this directory")
    parser.add_argument("--fixtures", action="store_true", help="write the test fixture of the cases marked fixture=True")
    parser.add_argument("--no-sklearn", action="store_true")
    parser.add_argument("--json", help="write the results as JSON here")
    args = parser.parse_args()
    if not os.path.exists(REGULA):
        sys.exit(f"{REGULA} not found: swift build -c release --product regula")
    results, fixtures = [], []
    print(f"{'case':48} {'steps':>6} {'max |Δw|':>10} {'rel Δw':>10} {'Δloss':>10} {'Δhistory':>10}")
    for c in CASES:
        if args.k not in c["name"] or (args.fixtures and not c["fixture"]):
            continue
        r, fixture = run_case(c, args.keep)
        results.append(r)
        if fixture and c["fixture"]:
            fixtures.append(fixture)
        report(r, args.v)
    if not args.fixtures:
        for name, run in (("flow/cross_validate", run_cv_case), ("flow/early_stop", run_early_stop_case),
                          ("interop/save-to-torch-sequential", run_interop_case)):
            if args.k in name:
                r = run(args.keep)
                results.append(r)
                report(r, args.v)
    if not args.no_sklearn and not args.fixtures:
        for s in sklearn_cases():
            if args.k not in s["name"]:
                continue
            r = run_sklearn_case(s, args.keep)
            results.append(r)
            report(r, args.v)
    if args.fixtures:
        # Each data file once (cases name theirs), one line per case's tensor.
        datasets = {}
        for fixture in fixtures:
            text = fixture.pop("data")
            key = next((k for k, v in datasets.items() if v == text), f"data{len(datasets)}")
            datasets[key] = text
            fixture["dataset"] = key
        os.makedirs(os.path.dirname(FIXTURE), exist_ok=True)
        with open(FIXTURE, "w") as f:
            f.write(json.dumps(dict(generator="scripts/parity/parity.py --fixtures", torch=torch.__version__,
                                    tolerance=1e-5, datasets=datasets, cases=fixtures), separators=(",", ":")))
            f.write("\n")
        print(f"wrote {len(fixtures)} cases to {os.path.relpath(FIXTURE, ROOT)}")
    if args.json:
        with open(args.json, "w") as f:
            json.dump(results, f, indent=1, default=str)
    failed = [r for r in results if not r.get("ok")]
    print(f"\n{len(results) - len(failed)}/{len(results)} cases within tolerance")
    for r in failed:
        print("FAILED", r["name"], r.get("error", ""))
    sys.exit(1 if failed else 0)


def report(r, verbose):
    if "error" in r:
        print(f"{r['name']:48} ERROR {r['error'].splitlines()[0] if verbose else ''}")
        if verbose:
            print(r["error"])
        return
    mark = "" if r["ok"] else "  <-- FAIL"
    extra = f"  zeros {r['zeros']}" if "zeros" in r else ""
    if "f64" in r:
        extra += f"  (vs float64: regula {r['f64']['regula']:.1e}, torch float32 {r['f64']['torch']:.1e}" + \
                 (": float32 conditioning)" if r.get("conditioning") else ")")
    print(f"{r['name']:48} {r['steps']:>6} {r['abs']:10.2e} {r['rel']:10.2e} {r['loss_rel']:10.2e} "
          f"{r['hist_rel']:10.2e}{extra}{mark}")
    if "note" in r:
        print("  ", r["note"])
    if verbose and not r["ok"] and "tensor_rel" in r:
        print("   per tensor:", ", ".join(f"{k} {v:.2e}" for k, v in r["tensor_rel"].items()))
    if verbose and r.get("warnings"):
        print("   warnings:", r["warnings"].replace("\n", "\n   "))


if __name__ == "__main__":
    main()
