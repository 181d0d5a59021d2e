// swift-tools-version:6.0
import PackageDescription

// The benchmarks: Regula's engine and kernels beside OpenBLAS (the yardstick) and PyTorch
// (Benchmarks/run.sh). A package of its own so that building Regula never needs OpenBLAS
// (Debian: libopenblas-dev, which Benchmarks/run.sh installs when missing).
let package = Package(
    name: "RegulaBenchmarks",
    dependencies: [.package(name: "Regula", path: "..")],
    targets: [
        .systemLibrary(name: "CBLAS", path: "CBLAS"),
        // A register-only FMA loop: the core's peak, measured in the same run as the kernels.
        .target(name: "CPeakProbe", path: "CPeakProbe", cSettings: [.unsafeFlags(["-O2", "-ffp-contract=off"])]),
        .executableTarget(
            name: "RegulaBench",
            dependencies: [
                "CBLAS", "CPeakProbe",
                .product(name: "RegulaNN", package: "Regula"), .product(name: "RegulaTensor", package: "Regula"),
            ],
            path: "RegulaBench", swiftSettings: [.unsafeFlags(["-O"])]),
        // W5, the exact elastic-net path against glmnet and scikit-learn (w5/run.sh).
        .executableTarget(
            name: "RegulaPathBench", dependencies: [.product(name: "RegulaNN", package: "Regula")],
            path: "RegulaPathBench", swiftSettings: [.unsafeFlags(["-O"])]),
    ]
)
