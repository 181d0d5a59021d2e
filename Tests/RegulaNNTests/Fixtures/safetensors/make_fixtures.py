"""Writes the safetensors fixtures that SafeTensorsTests.swift reads.

Run from this directory with PyTorch and safetensors installed
(`pip install torch safetensors`):  python3 make_fixtures.py

Every value is exactly representable in float32 (and in the stored dtype), so the Swift
test can state the expected numbers as formulas instead of reading them from Python.
"""
import json

import torch
from safetensors.torch import save_file

torch.manual_seed(0)

# A torch.nn.Sequential state dict, as Regula's `save(model, path)` writes it:
# Linear(4, 3), ReLU, Linear(3, 2) -> names "0.weight", "0.bias", "2.weight", "2.bias".
model = torch.nn.Sequential(torch.nn.Linear(4, 3), torch.nn.ReLU(), torch.nn.Linear(3, 2))
with torch.no_grad():
    model[0].weight.copy_((torch.arange(12, dtype=torch.float32) - 6).reshape(3, 4) / 8)  # (i - 6) / 8
    model[0].bias.copy_(torch.arange(3, dtype=torch.float32) / 4)                          # i / 4
    model[2].weight.copy_((torch.arange(6, dtype=torch.float32) - 3).reshape(2, 3) / 16)   # (i - 3) / 16
    model[2].bias.copy_(torch.tensor([0.5, -0.5]))
save_file(model.state_dict(), "torch_mlp.safetensors", metadata={"format": "pt"})

# Other float dtypes, converted to float32 on load.
save_file(
    {
        "half": torch.tensor([1.0, -2.5, 65504.0, 2.0**-24, 2.0**-14, 0.0], dtype=torch.float16),
        "brain": torch.tensor([1.0, -2.5, 2.0**100, -(2.0**-100)], dtype=torch.bfloat16),
        "double": torch.tensor([[0.5, -0.25], [1024.0, 3.0]], dtype=torch.float64),
        "scalar": torch.tensor(7.0, dtype=torch.float32),
        "empty": torch.zeros(0, 3, dtype=torch.float32),
    },
    "torch_dtypes.safetensors",
)

# An integer tensor: not loadable, the error must name the dtype.
save_file({"steps": torch.tensor([1, 2, 3], dtype=torch.int64)}, "torch_int64.safetensors")

# The network a PyTorch user writes for Regula's
#   model net { dense(64, activation: relu); dense(64, activation: relu); dense(2) }
# (an activation is a module of its own: keys 0.*, 2.*, 4.*), with PyTorch's default
# initialisation, and its predictions on a few inputs: loading this file into that Regula
# model must predict the same (SafeTensorsTests.testTorchSequentialLoadsAndPredictsTheSame).
torch.manual_seed(11)
sequential = torch.nn.Sequential(
    torch.nn.Linear(5, 64), torch.nn.ReLU(), torch.nn.Linear(64, 64), torch.nn.ReLU(), torch.nn.Linear(64, 2))
save_file(sequential.state_dict(), "torch_sequential.safetensors", metadata={"format": "pt"})
inputs = torch.randn(6, 5)
with torch.no_grad():
    outputs = sequential(inputs)
with open("torch_sequential.json", "w") as f:
    json.dump({"inputs": inputs.tolist(), "predictions": outputs.tolist()}, f, indent=1)
    f.write("\n")
