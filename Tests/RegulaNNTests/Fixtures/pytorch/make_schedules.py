#!/usr/bin/env python3
"""Reference values for Regula's learning-rate schedules, computed with PyTorch.

Each case trains a small torch.nn.Sequential full-batch (one step per epoch, rows in
order) with an optimizer and a torch.optim.lr_scheduler, stepped once after each epoch
as Regula does: ExponentialLR, LinearLR (warm-up and decay) and ReduceLROnPlateau, the
latter fed the loss Regula monitors (the validation loss after the epoch when there is
validation data, else the epoch's training loss). The JSON holds the initial state dict,
the data, the learning rate of every epoch and the final state dict
(ScheduleReferenceTests.swift).

Run once (needs torch): python3 make_schedules.py > schedules.json
"""
import json
import torch

torch.manual_seed(2024)


def model():
    # Regula: dense(8, activation: tanh), dense(1) -> keys 0.* and 2.*
    return torch.nn.Sequential(torch.nn.Linear(3, 8), torch.nn.Tanh(), torch.nn.Linear(8, 1))


X = torch.randn(24, 3)
Y = X @ torch.tensor([1.5, -2.0, 0.5]) + 0.3 * torch.randn(24)
VX = torch.randn(12, 3)
VY = VX @ torch.tensor([1.5, -2.0, 0.5]) + 0.3 * torch.randn(12)


def optimizer(spec, net):
    weights = [p for n, p in net.named_parameters() if n.endswith("weight")]
    biases = [p for n, p in net.named_parameters() if n.endswith("bias")]
    kw = dict(spec)
    name = kw.pop("name")
    cls = {"sgd": torch.optim.SGD, "adam": torch.optim.Adam}[name]
    return cls([{"params": weights}, {"params": biases}], foreach=False, **kw)


def scheduler(spec, opt):
    kw = dict(spec)
    name = kw.pop("name")
    return {"exponential": torch.optim.lr_scheduler.ExponentialLR, "linear": torch.optim.lr_scheduler.LinearLR,
            "plateau": torch.optim.lr_scheduler.ReduceLROnPlateau}[name](opt, **kw)


CASES = [
    dict(name="exponential", optimizer=dict(name="sgd", lr=0.1), schedule=dict(name="exponential", gamma=0.8),
         epochs=8, validate=False),
    dict(name="warmup", optimizer=dict(name="adam", lr=0.05),
         schedule=dict(name="linear", start_factor=0.25, end_factor=1.0, total_iters=4), epochs=8, validate=False),
    dict(name="linear-decay", optimizer=dict(name="sgd", lr=0.1, momentum=0.9),
         schedule=dict(name="linear", start_factor=1.0, end_factor=0.1, total_iters=3), epochs=6, validate=True),
    dict(name="plateau-validation", optimizer=dict(name="sgd", lr=0.3),
         schedule=dict(name="plateau", factor=0.5, patience=1, threshold=0.05, cooldown=1, min_lr=0.02),
         epochs=30, validate=True),
    dict(name="plateau-training-abs-max", optimizer=dict(name="adam", lr=0.05),
         schedule=dict(name="plateau", mode="max", factor=0.3, patience=2, threshold=0.01, threshold_mode="abs"),
         epochs=12, validate=False),
    dict(name="plateau-defaults", optimizer=dict(name="adam", lr=0.1), schedule=dict(name="plateau"),
         epochs=60, validate=True),
]

out = []
for case in CASES:
    net = model()
    initial = {k: v.detach().clone() for k, v in net.state_dict().items()}
    opt = optimizer(case["optimizer"], net)
    sched = scheduler(case["schedule"], opt)
    rates, losses, monitored = [], [], []
    for epoch in range(case["epochs"]):
        rates.append(opt.param_groups[0]["lr"])
        opt.zero_grad()
        loss = torch.nn.functional.mse_loss(net(X)[:, 0], Y)
        loss.backward()
        opt.step()
        losses.append(float(loss.detach()))
        if case["validate"]:
            with torch.no_grad():
                metric = float(torch.nn.functional.mse_loss(net(VX)[:, 0], VY))
        else:
            metric = float(loss.detach())
        monitored.append(metric)
        if case["schedule"]["name"] == "plateau":
            sched.step(metric)
        else:
            sched.step()
    out.append(dict(
        name=case["name"], optimizer=case["optimizer"], schedule=case["schedule"], epochs=case["epochs"],
        validate=case["validate"], rates=rates, losses=losses, monitored=monitored,
        initial={k: v.reshape(-1).tolist() for k, v in initial.items()},
        shapes={k: list(v.shape) for k, v in initial.items()},
        final={k: v.detach().reshape(-1).tolist() for k, v in net.state_dict().items()}))

print(json.dumps(dict(generator="make_schedules.py", torch=torch.__version__,
                      x=X.reshape(-1).tolist(), y=Y.tolist(), val_x=VX.reshape(-1).tolist(), val_y=VY.tolist(),
                      cases=out), indent=None))
