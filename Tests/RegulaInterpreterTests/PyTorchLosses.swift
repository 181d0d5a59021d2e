/// Written by scripts/parity/losses_on_tensors.py with torch 2.15.0+cu132 (float64):
/// cross_entropy, mse, mae, huber(0.5), bce of the tensors in
/// ScriptDifferentiationTests.testLossesOnTensorsMatchPyTorch.
enum PyTorchLosses {
    static let values: [Double] = [0.7639209531270426, 0.703125, 0.8125, 0.28125, 0.37255152565503635]
}
