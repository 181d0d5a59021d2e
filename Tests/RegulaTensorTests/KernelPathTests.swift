import CGemm
import CGemmSelfTest
import Foundation
import RegulaTensor
import XCTest

/// Regula's kernel paths give identical bits: every path this CPU has against the
/// definition (one `fma` chain per output in increasing k, then the fixed epilogue)
/// written here in Swift, over shapes around every tile size, k across K-blocks, every
/// transpose flag, α/β, NaN, ±Inf, −0 and subnormals; and the arm64 build of the same
/// cases run under qemu against this machine's results.
final class KernelPathTests: XCTestCase {
    /// The definition: `c = 0; for k: c = fma(a_ik, b_kj, c)`, then `α·c` (β = 0) or
    /// `α·c + β·C_old`, each operation rounded; C's gaps past column n are untouched.
    private func reference(_ t: RegulaSelfTestCase, a: [Float], b: [Float], c: [Float]) -> [Float] {
        var out = c
        for i in 0..<t.m {
            for j in 0..<t.n {
                var chain: Float = 0
                for p in 0..<t.k {
                    let x = t.transA != 0 ? a[p * t.lda + i] : a[i * t.lda + p]
                    let y = t.transB != 0 ? b[j * t.ldb + p] : b[p * t.ldb + j]
                    chain = chain.addingProduct(x, y)
                }
                let old = c[i * t.ldc + j]
                if t.alpha == 1 && t.beta == 0 {
                    out[i * t.ldc + j] = chain
                } else if t.beta == 0 {
                    out[i * t.ldc + j] = t.alpha * chain
                } else {
                    let scaled = t.alpha * chain, kept = t.beta * old
                    out[i * t.ldc + j] = scaled + kept
                }
            }
        }
        return out
    }

    private func hash(_ values: [Float]) -> UInt64 {
        values.withUnsafeBufferPointer { regula_selftest_hash($0.baseAddress, $0.count) }
    }

    private func describe(_ t: RegulaSelfTestCase) -> String {
        "m \(t.m) n \(t.n) k \(t.k) transA \(t.transA) transB \(t.transB) α \(t.alpha) β \(t.beta) special \(t.special)"
    }

    func testThisCPUHasTheScalarPathAndTheExpectedVectorOnes() {
        XCTAssertTrue(KernelPath.scalar.isAvailable)
        #if arch(x86_64)
        XCTAssertFalse(KernelPath.neon.isAvailable)
        XCTAssertTrue(Kernels.available.contains(Kernels.current))
        #endif
    }

    func testEveryPathGivesTheDefinitionsBits() throws {
        let paths = Kernels.available
        for index in 0..<Int(regula_selftest_case_count()) {
            var t = regula_selftest_case(Int32(index))
            var a = [Float](repeating: 0, count: regula_selftest_a_count(&t))
            var b = [Float](repeating: 0, count: regula_selftest_b_count(&t))
            var c = [Float](repeating: 0, count: regula_selftest_c_count(&t))
            regula_selftest_fill(&t, &a, &b, &c)
            let expected = reference(t, a: a, b: b, c: c)
            for path in paths {
                var out = c
                let status = regula_sgemm_on_path(
                    path.code,
                    t.transA, t.transB, t.m, t.n, t.k, t.alpha, a, t.lda, b, t.ldb, t.beta, &out, t.ldc)
                XCTAssertEqual(status, 0)
                XCTAssertEqual(hash(out), hash(expected), "\(path.rawValue): \(describe(t))")
                XCTAssertEqual(regula_selftest_run(Int32(REGULA_GEMM_SCALAR.rawValue), Int32(index)), hash(expected))
            }
        }
    }

    func testSpecialValuesFollowTheChain() throws {
        // fma(0, ∞, c) is NaN: K is never padded, so an infinity at the last k counts;
        // −0·x + (+0) is +0 from the chain's +0 start, on every path.
        let a: [Float] = [1, 0, -0.0, 2], b: [Float] = [3, .infinity, 5, -0.0]
        let before = Kernels.current
        defer { try? Kernels.select(before) }
        for path in Kernels.available {
            try Kernels.select(path)
            var c = Tensor<Float>.zeros([0])
            // [1, 0] · [[3, ∞], [5, −0]]: row 0 = (1·3 + 0·5, 1·∞ + 0·−0) = (3, ∞);
            // [−0, 2] · …: (−0·3 + 2·5, −0·∞ + 2·−0) = (10, NaN).
            try Tensor.matmul(Tensor(shape: [2, 2], scalars: a), Tensor(shape: [2, 2], scalars: b), into: &c)
            XCTAssertEqual(c.scalars[0], 3)
            XCTAssertEqual(c.scalars[1], .infinity)
            XCTAssertEqual(c.scalars[2], 10)
            XCTAssertTrue(c.scalars[3].isNaN, path.rawValue)
            // All products −0: the chain from +0 gives +0.
            try Tensor.matmul(Tensor(shape: [1, 1], scalars: [-0.0]), Tensor(shape: [1, 1], scalars: [1]), into: &c)
            XCTAssertEqual(c.scalars[0].sign, .plus, path.rawValue)
        }
    }

    func testDoubleProductsAreTheSameChain() throws {
        var generator = RandomGenerator(seed: 3, stream: .data)
        let a = Tensor<Double>.randomNormal([7, 130], using: &generator)
        let b = Tensor<Double>.randomNormal([130, 69], using: &generator)
        let c = try Tensor.matmul(a, b)
        for i in 0..<7 {
            for j in 0..<69 {
                var chain = 0.0
                for p in 0..<130 { chain = chain.addingProduct(a.scalars[i * 130 + p], b.scalars[p * 69 + j]) }
                XCTAssertEqual(c.scalars[i * 69 + j].bitPattern, chain.bitPattern)
            }
        }
    }

    func testAnUnknownOrUnavailablePathIsAnErrorNotATrap() {
        #if arch(x86_64)
        XCTAssertThrowsError(try Kernels.select(.neon)) { error in
            XCTAssertEqual((error as? KernelSelectionError)?.message, "REGULA_KERNELS=neon: this CPU has no neon kernels")
        }
        #endif
        let saved = getenv(Kernels.environmentVariable).map { String(cString: $0) }
        setenv(Kernels.environmentVariable, "avx9000", 1)
        defer {
            if let saved { setenv(Kernels.environmentVariable, saved, 1) } else { unsetenv(Kernels.environmentVariable) }
        }
        let before = Kernels.current
        XCTAssertThrowsError(try Kernels.selectFromEnvironment()) { error in
            XCTAssertEqual((error as? KernelSelectionError)?.message, "REGULA_KERNELS=avx9000 is not a kernel path")
        }
        XCTAssertEqual(Kernels.current, before, "a refused selection changes nothing")
    }

    /// The kernels built for arm64 (`aarch64-linux-gnu-gcc -static`) and run under
    /// `qemu-aarch64`: their scalar and NEON paths give the hashes this machine's paths give.
    func testArm64BuildUnderQemuGivesTheSameBits() throws {
        let tools = ["aarch64-linux-gnu-gcc", "qemu-aarch64"]
        let found = tools.map { tool in Self.executable(tool) }
        for (tool, path) in zip(tools, found) where path == nil {
            throw XCTSkip("\(tool) is not installed (scripts/setup.sh installs gcc-aarch64-linux-gnu, libc6-dev-arm64-cross and qemu-user)")
        }
        guard let gcc = found[0], let qemu = found[1] else { return }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let gemm = root.appendingPathComponent("Sources/CGemm"), selfTest = root.appendingPathComponent("Tests/CGemmSelfTest")
        let sources = try FileManager.default.contentsOfDirectory(atPath: gemm.path).filter { $0.hasSuffix(".c") }.sorted()
            .map { gemm.appendingPathComponent($0).path }
        let binary = FileManager.default.temporaryDirectory.appendingPathComponent("regula-gemm-aarch64-\(getpid())")
        defer { try? FileManager.default.removeItem(at: binary) }
        let compile = try Self.run(gcc, [
            "-static", "-O2", "-ffp-contract=off", "-fno-math-errno", "-I", gemm.appendingPathComponent("include").path,
            "-I", selfTest.appendingPathComponent("include").path,
        ] + sources + [selfTest.appendingPathComponent("cases.c").path, selfTest.appendingPathComponent("aarch64/main.c").path,
                       "-lm", "-lpthread", "-o", binary.path])
        XCTAssertEqual(compile.status, 0, compile.output)
        let result = try Self.run(qemu, [binary.path])
        XCTAssertEqual(result.status, 0, result.output)
        var lines = result.output.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.popLast(), "best neon")
        let count = Int(regula_selftest_case_count())
        XCTAssertEqual(lines.count, 2 * count)
        for line in lines {
            let fields = line.split(separator: " ")
            guard fields.count == 3, let index = Int32(fields[1]), let armHash = UInt64(fields[2], radix: 16) else {
                XCTFail("unexpected line from the arm64 run: \(line)")
                continue
            }
            for path in Kernels.available {
                let here = regula_selftest_run(path.code, index)
                XCTAssertEqual(armHash, here, "arm64 \(fields[0]) vs \(path.rawValue): \(describe(regula_selftest_case(index)))")
            }
        }
    }

    private static func executable(_ name: String) -> String? {
        for directory in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let candidate = "\(directory)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    private static func run(_ executable: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
