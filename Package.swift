// swift-tools-version:6.0
import PackageDescription

/// The runtime targets are always optimized: a debug build of the test suite would
/// otherwise train 50-100x slower. `-O` after SwiftPM's `-Onone` wins.
let runtimeSettings: [SwiftSetting] = [.unsafeFlags(["-O"])]

let package = Package(
    name: "Regula",
    products: [
        .executable(name: "regula", targets: ["regula"]),
        .library(name: "RegulaTensor", targets: ["RegulaTensor"]),
        .library(name: "RegulaNN", targets: ["RegulaNN"]),
        .library(name: "RegulaSyntax", targets: ["RegulaSyntax"]),
        .library(name: "RegulaInterpreter", targets: ["RegulaInterpreter"]),
        .library(name: "RegulaPlot", targets: ["RegulaPlot"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-numerics", from: "1.0.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.0"),
    ],
    targets: [
        // System libraries.
        .systemLibrary(name: "CReadline", path: "Sources/CReadline"),

        // Vector kernels the engine dispatches at run time (AVX2 or baseline, same bits).
        // No FMA contraction: results must not depend on the CPU.
        .target(name: "CKernels", cSettings: [.unsafeFlags(["-O3", "-ffp-contract=off", "-fno-math-errno", "-Wno-psabi"])]),
        // Matrix products: each output one FMA chain in k order, the same bits on every path
        // (AVX-512, AVX2+FMA, NEON, scalar; docs/reproducibility.md). No contraction, no fast-math.
        .target(name: "CGemm", cSettings: [.unsafeFlags(["-O3", "-ffp-contract=off", "-fno-math-errno"])]),
        // "Did you mean": the one string-distance suggester, for the language, the engine and the CLI.
        .target(name: "RegulaSuggestion"),
        // The runtime: tensors, autograd, matrix products. Knows nothing of the language.
        .target(
            name: "RegulaTensor",
            dependencies: ["CGemm", .product(name: "RealModule", package: "swift-numerics")],
            swiftSettings: runtimeSettings),
        // The training engine: layers, losses, penalties, optimizers, data, training loop.
        .target(name: "RegulaNN", dependencies: ["RegulaTensor", "RegulaSuggestion", "CKernels"], swiftSettings: runtimeSettings),

        // The language: source, tokens, lexer, AST, parser, diagnostics. Imports no runtime.
        .target(name: "RegulaSyntax", dependencies: ["RegulaSuggestion"]),
        // Pictures: terminal plots, SVG figures and the HTML report, from plain data. Knows
        // nothing of the language or the runtime.
        .target(name: "RegulaPlot", swiftSettings: runtimeSettings),
        // Values, environment, evaluator, builtins and the embedding facade.
        .target(
            name: "RegulaInterpreter",
            dependencies: ["RegulaSyntax", "RegulaSuggestion", "RegulaNN", "RegulaTensor", "RegulaPlot", .product(name: "Crypto", package: "swift-crypto")]),

        // The command-line tool and REPL: a client of the interpreter's facade.
        .executableTarget(
            name: "regula",
            dependencies: [
                "RegulaInterpreter", "CReadline",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        // libFuzzer entry point (see docs/fuzzing.md); builds as a plain executable otherwise.
        .executableTarget(
            name: "RegulaFuzz", dependencies: ["RegulaInterpreter", "RegulaSyntax", "RegulaNN"],
            exclude: ["regula.dict", "Dictionaries", "Corpus"]),
        // The benchmarks (OpenBLAS as the yardstick) are their own package: Benchmarks/Package.swift.

        // The kernels' self-test cases, shared by the tests and the aarch64 build run under qemu.
        .target(name: "CGemmSelfTest", dependencies: ["CGemm"], path: "Tests/CGemmSelfTest", exclude: ["aarch64"],
                cSettings: [.unsafeFlags(["-O2", "-ffp-contract=off"])]),
        .testTarget(name: "RegulaTensorTests", dependencies: ["RegulaTensor", "CGemm", "CGemmSelfTest"]),
        // The test executable's own malloc family, counting while switched on: the
        // steady-state training step must allocate nothing (AllocationFreeStepTests).
        .target(name: "CAllocationCounter", path: "Tests/CAllocationCounter"),
        .testTarget(name: "RegulaNNTests", dependencies: ["RegulaNN", "CKernels", "CAllocationCounter"], resources: [.copy("Fixtures")]),
        .testTarget(name: "RegulaSyntaxTests", dependencies: ["RegulaSyntax", "RegulaSuggestion"], resources: [.copy("Golden")]),
        .testTarget(name: "RegulaInterpreterTests", dependencies: ["RegulaInterpreter", "RegulaPlot"], resources: [.copy("Scripts")]),
        .testTarget(name: "RegulaCLITests", dependencies: ["RegulaInterpreter"]),
        .testTarget(name: "RegulaPlotTests", dependencies: ["RegulaPlot"]),
    ]
)
