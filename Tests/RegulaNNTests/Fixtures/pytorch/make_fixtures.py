#!/usr/bin/env python3
"""Reference values for Regula's optimizer tests, computed with PyTorch.

Each case: a small torch.nn.Sequential, full-batch data, a loss, an optimizer and a
penalty (Regula's semantics: weights only unless stated, l1·Σ|w| + l2·Σw², proximal L1
soft-thresholding after the step, activity penalties averaged over the batch). The JSON
holds the initial state dict, the data, the per-step losses and the final state dict.

Run once (needs torch): python3 make_fixtures.py > optimizers.json
"""
import json
import math
import torch

torch.manual_seed(1234)
STEPS = 5


def make_model(spec):
    modules = []
    for layer in spec:
        if layer["type"] == "dense":
            modules.append(torch.nn.Linear(layer["in"], layer["out"], bias=layer.get("bias", True)))
        else:
            modules.append({"relu": torch.nn.ReLU(), "tanh": torch.nn.Tanh(), "sigmoid": torch.nn.Sigmoid(),
                            "gelu": torch.nn.GELU()}[layer["name"]])
    return torch.nn.Sequential(*modules)


def make_optimizer(spec, model, decay_biases):
    name = spec["name"]
    kw = {k: v for k, v in spec.items() if k != "name"}
    weights = [p for n, p in model.named_parameters() if n.endswith("weight")]
    biases = [p for n, p in model.named_parameters() if n.endswith("bias")]
    wd = kw.pop("weight_decay", None)
    groups = [{"params": weights}, {"params": biases}]
    if wd is not None:
        groups[0]["weight_decay"] = wd
        groups[1]["weight_decay"] = wd if decay_biases else 0.0
    elif name == "adamw":
        groups[1]["weight_decay"] = 1e-2 if decay_biases else 0.0
    cls = {"sgd": torch.optim.SGD, "adam": torch.optim.Adam, "adamw": torch.optim.AdamW,
           "rmsprop": torch.optim.RMSprop, "adagrad": torch.optim.Adagrad}[name]
    return cls(groups, foreach=False, **kw)


def data_loss(name, out, y):
    if name == "mse":
        return torch.nn.functional.mse_loss(out[:, 0], y)
    if name == "mae":
        return torch.nn.functional.l1_loss(out[:, 0], y)
    if name.startswith("huber"):
        return torch.nn.functional.huber_loss(out[:, 0], y, delta=float(name.split(":")[1]))
    if name == "bce":
        return torch.nn.functional.binary_cross_entropy_with_logits(out[:, 0], y)
    if name == "cross_entropy":
        return torch.nn.functional.cross_entropy(out, y.long())
    raise ValueError(name)


def flat(t):
    return [float(v) for v in t.detach().reshape(-1).tolist()]


def run(case):
    layers = case["layers"]
    model = make_model(layers)
    rows = case.get("rows", 12)
    x = torch.randn(rows, layers[0]["in"])
    width = [l for l in layers if l["type"] == "dense"][-1]["out"]
    if case["loss"] == "cross_entropy":
        y = torch.randint(0, width, (rows,)).float()
    elif case["loss"] == "bce":
        y = torch.randint(0, 2, (rows,)).float()
    else:
        y = torch.randn(rows)
    initial = {n: flat(p) for n, p in model.state_dict().items()}
    opt = make_optimizer(case["optimizer"], model, case.get("decay_biases", False))
    pen = case.get("penalty", {})
    l1, l2, prox = pen.get("l1", 0.0), pen.get("l2", 0.0), pen.get("proximal", 0.0)
    bias_pen = case.get("bias_penalty", {})
    activity = case.get("activity", {})  # {"position": {"l1":..., "l2":...}}
    losses, penalties = [], []
    for _ in range(STEPS):
        opt.zero_grad()
        h = x
        act_pen = 0.0
        for i, m in enumerate(model):
            h = m(h)
            a = activity.get(str(i))
            if a:
                act_pen = act_pen + (a.get("l1", 0.0) * h.abs().sum() + a.get("l2", 0.0) * (h ** 2).sum()) / rows
        loss = data_loss(case["loss"], h, y)
        penalty = act_pen
        for n, p in model.named_parameters():
            if n.endswith("weight"):
                if l1:
                    penalty = penalty + l1 * p.abs().sum()
                if l2:
                    penalty = penalty + l2 * (p ** 2).sum()
            elif bias_pen:
                penalty = penalty + bias_pen.get("l1", 0.0) * p.abs().sum() + bias_pen.get("l2", 0.0) * (p ** 2).sum()
        total = loss + penalty
        total.backward()
        opt.step()
        if prox:
            with torch.no_grad():
                for n, p in model.named_parameters():
                    if n.endswith("weight"):
                        lr = opt.param_groups[0]["lr"]
                        p.copy_(torch.sign(p) * torch.clamp(p.abs() - lr * prox, min=0))
        losses.append(float(loss.detach()))
        penalties.append(float(penalty.detach()) if torch.is_tensor(penalty) else float(penalty))
    final = {n: flat(p) for n, p in model.state_dict().items()}
    return dict(case, x=flat(x), y=flat(y), initial=initial, final=final, losses=losses, steps=STEPS)


MLP = [{"type": "dense", "in": 5, "out": 8}, {"type": "act", "name": "tanh"}, {"type": "dense", "in": 8, "out": 3}]
REG = [{"type": "dense", "in": 4, "out": 6}, {"type": "act", "name": "relu"}, {"type": "dense", "in": 6, "out": 1}]
DEEP = [{"type": "dense", "in": 4, "out": 6}, {"type": "act", "name": "gelu"}, {"type": "dense", "in": 6, "out": 5},
        {"type": "act", "name": "sigmoid"}, {"type": "dense", "in": 5, "out": 1}]

CASES = []
def case(name, layers, loss, optimizer, **extra):
    CASES.append(dict(name=name, layers=layers, loss=loss, optimizer=optimizer, **extra))

L1, L2, BOTH = {"l1": 1e-2}, {"l2": 1e-2}, {"l1": 3e-3, "l2": 2e-2}
for pen_name, pen in [("none", {}), ("l1", L1), ("l2", L2), ("l1+l2", BOTH)]:
    case(f"sgd/{pen_name}", MLP, "cross_entropy", {"name": "sgd", "lr": 0.1}, penalty=pen)
    case(f"sgd-wd/{pen_name}", MLP, "cross_entropy", {"name": "sgd", "lr": 0.1, "weight_decay": 0.05}, penalty=pen)
    case(f"adam/{pen_name}", MLP, "cross_entropy", {"name": "adam", "lr": 0.01}, penalty=pen)
    case(f"adam-wd/{pen_name}", MLP, "cross_entropy", {"name": "adam", "lr": 0.01, "weight_decay": 0.05}, penalty=pen)
    case(f"adamw/{pen_name}", MLP, "cross_entropy", {"name": "adamw", "lr": 0.01, "weight_decay": 0.1}, penalty=pen)
    case(f"rmsprop/{pen_name}", REG, "mse", {"name": "rmsprop", "lr": 0.01}, penalty=pen)
    case(f"rmsprop-wd/{pen_name}", REG, "mse", {"name": "rmsprop", "lr": 0.01, "weight_decay": 0.05}, penalty=pen)
    case(f"adagrad/{pen_name}", REG, "mse", {"name": "adagrad", "lr": 0.05}, penalty=pen)
    case(f"adagrad-wd/{pen_name}", REG, "mse", {"name": "adagrad", "lr": 0.05, "weight_decay": 0.05}, penalty=pen)
case("sgd-momentum", MLP, "cross_entropy", {"name": "sgd", "lr": 0.05, "momentum": 0.9, "dampening": 0.1, "weight_decay": 0.01})
case("sgd-nesterov", MLP, "cross_entropy", {"name": "sgd", "lr": 0.05, "momentum": 0.9, "nesterov": True}, penalty=BOTH)
case("sgd-decay-biases", REG, "mse", {"name": "sgd", "lr": 0.05, "weight_decay": 0.1}, decay_biases=True)
case("adam-amsgrad", MLP, "cross_entropy", {"name": "adam", "lr": 0.02, "betas": [0.8, 0.95], "eps": 1e-6, "amsgrad": True}, penalty=L2)
case("adamw-default-decay", REG, "mse", {"name": "adamw", "lr": 0.01})
case("adamw-amsgrad-biases", REG, "mse", {"name": "adamw", "lr": 0.01, "weight_decay": 0.2, "amsgrad": True}, decay_biases=True)
case("rmsprop-centered-momentum", REG, "mse", {"name": "rmsprop", "lr": 0.01, "alpha": 0.9, "momentum": 0.5, "centered": True, "weight_decay": 0.01})
case("adagrad-decay-initial", REG, "mse", {"name": "adagrad", "lr": 0.1, "lr_decay": 0.1, "initial_accumulator_value": 0.1, "eps": 1e-8})
case("proximal-sgd", MLP, "cross_entropy", {"name": "sgd", "lr": 0.5}, penalty={"proximal": 0.05})
case("proximal-adam", REG, "mse", {"name": "adam", "lr": 0.05}, penalty={"proximal": 0.3, "l2": 1e-2})
case("mae-adam", REG, "mae", {"name": "adam", "lr": 0.01})
case("huber-sgd", REG, "huber:0.5", {"name": "sgd", "lr": 0.1, "momentum": 0.5})
case("bce-adam", DEEP, "bce", {"name": "adam", "lr": 0.02}, penalty=L2)
case("deep-mse-activity", DEEP, "mse", {"name": "adam", "lr": 0.02}, activity={"0": {"l1": 1e-2}, "2": {"l2": 2e-2}})
case("bias-penalty", REG, "mse", {"name": "sgd", "lr": 0.1}, penalty=L1, bias_penalty={"l1": 1e-2, "l2": 5e-2})

print(json.dumps({"torch": torch.__version__, "cases": [run(c) for c in CASES]}))
