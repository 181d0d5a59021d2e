"""Writes Tests/RegulaInterpreterTests/PyTorchLosses.swift: PyTorch's losses of the tensors
that ScriptDifferentiationTests.testLossesOnTensorsMatchPyTorch builds in Regula.

    /work/venv/bin/python scripts/parity/losses_on_tensors.py
"""
import pathlib

import torch
import torch.nn.functional as F

torch.set_default_dtype(torch.float64)
logits = torch.tensor([[1.0, 2.0, 0.5], [0.1, -1.0, 2.0], [0.3, 0.3, -0.7], [-1.2, 0.4, 0.9]])
classes = torch.tensor([0, 2, 1, 2])
r = torch.tensor([[0.5], [-1.0], [2.0], [0.25]])
y = torch.tensor([[1.0], [0.0], [1.0], [1.0]])
values = [
    F.cross_entropy(logits, classes),
    F.mse_loss(r, y),
    F.l1_loss(r, y),
    F.huber_loss(r, y, delta=0.5),
    F.binary_cross_entropy_with_logits(r, y),
]
body = ", ".join(repr(float(v)) for v in values)
out = pathlib.Path(__file__).resolve().parents[2] / "Tests/RegulaInterpreterTests/PyTorchLosses.swift"
out.write_text(f"""/// Written by scripts/parity/losses_on_tensors.py with torch {torch.__version__} (float64):
/// cross_entropy, mse, mae, huber(0.5), bce of the tensors in
/// ScriptDifferentiationTests.testLossesOnTensorsMatchPyTorch.
enum PyTorchLosses {{
    static let values: [Double] = [{body}]
}}
""")
print(out.read_text())
