import Foundation
import XCTest

/// `regula run --record` and `regula verify` end to end, and the determinism contract:
/// the same script, seed and data give the same bits, whatever the thread count.
final class ReproCommandTests: XCTestCase {
    private func recordAndRead(_ directory: TemporaryDirectory, _ arguments: [String] = []) throws -> (ProcessResult, String) {
        let result = try RegulaProcess.run(["run", "main.reg", "--record", "run.json"] + arguments, directory: directory.url)
        let record = (try? String(contentsOfFile: directory.path("run.json"), encoding: .utf8)) ?? ""
        return (result, record)
    }

    private func verify(_ directory: TemporaryDirectory, _ arguments: [String] = []) throws -> ProcessResult {
        try RegulaProcess.run(["verify", "run.json"] + arguments, directory: directory.url)
    }

    // MARK: - Records without training

    func testRecordThenVerifyPasses() throws {
        let directory = try TemporaryDirectory()
        try directory.write("main.reg", "seed 3\nparam n = 4\nimport \"lib.reg\"\nprint(\"n = {n}, half = {half(n)}, third = {1 / 3}\")\n")
        try directory.write("lib.reg", "fn half(x) { return x / 2 }\n")
        let (run, record) = try recordAndRead(directory, ["--param", "n=5", "--seed", "11"])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertEqual(run.stdout, "n = 5, half = 2.5, third = 0.3333333333333333\n")
        for field in ["\"schema\": 1", "\"regula_version\": \"0.1.0\"", "\"seed\": 11", "\"n\": \"5\"",
                      "\"path\": \"lib.reg\"", "\"status\": \"succeeded\"", "\"wall_time_seconds\""] {
            XCTAssertTrue(record.contains(field), "record lacks \(field):\n\(record)")
        }
        let verified = try verify(directory)
        XCTAssertEqual(verified.status, 0, verified.stdout + verified.stderr)
        XCTAssertEqual(verified.stdout, "verify: 2 numbers and 1 output line match exactly\n")
        XCTAssertEqual(verified.stderr, "")

        // From another directory, with the import gone from the disk: the record's copy runs.
        try FileManager.default.removeItem(atPath: directory.path("lib.reg"))
        let elsewhere = try RegulaProcess.run(["verify", directory.path("run.json")], directory: URL(fileURLWithPath: "/"))
        XCTAssertEqual(elsewhere.status, 0, elsewhere.stdout + elsewhere.stderr)
    }

    func testEditedStoredSourceFailsNamingTheDifference() throws {
        let directory = try TemporaryDirectory()
        try directory.write("main.reg", "param rate = 0.5\nprint(rate * 3)\n")
        _ = try recordAndRead(directory)
        let record = try String(contentsOfFile: directory.path("run.json"), encoding: .utf8)
        try directory.write("run.json", record.replacingOccurrences(of: "param rate = 0.5", with: "param rate = 0.25"))
        let result = try verify(directory)
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.stdout.contains("params[0].value: recorded 0.5 now 0.25\n"), result.stdout)
        XCTAssertTrue(result.stdout.contains("output line 1: recorded \"1.5\" now \"0.75\"\n"), result.stdout)
        XCTAssertTrue(result.stdout.hasSuffix("verify: 2 differences (compared 1 number and 1 output line)\n"), result.stdout)
        XCTAssertTrue(result.stderr.contains("does not match its recorded sha256"), result.stderr)
    }

    func testFailingScriptStillWritesItsRecord() throws {
        let directory = try TemporaryDirectory()
        try directory.write("main.reg", "print(\"partial\")\nlet x = undefined_thing + 1\n")
        let (run, record) = try recordAndRead(directory)
        XCTAssertEqual(run.status, 1)
        XCTAssertTrue(record.contains("\"status\": \"failed\""), record)
        XCTAssertTrue(record.contains("undefined name"), record)
        XCTAssertEqual(try verify(directory).status, 0)
    }

    func testParamTypesAreCheckedAndAUsageErrorWritesNoRecord() throws {
        let directory = try TemporaryDirectory()
        try directory.write("main.reg", "param lr = 0.1\nparam tag = \"a\"\nprint(\"{tag} {lr * 2}\")\n")
        var (result, record) = try recordAndRead(directory, ["--param", "lr=\"fast\""])
        XCTAssertEqual(result.status, 2, result.stderr)
        XCTAssertTrue(result.stderr.contains("lr"), result.stderr)
        XCTAssertEqual(record, "", "no record after a usage error")
        (result, record) = try recordAndRead(directory, ["--param", "tag=3"])
        XCTAssertEqual(result.status, 2, result.stderr)
        (result, record) = try recordAndRead(directory, ["--param", "lr=0.5", "--param", "tag=\"b\""])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.stdout, "b 1\n")
        XCTAssertTrue(record.contains("\"name\": \"lr\",\n      \"value\": 0.5,\n      \"overridden\": true"), record)
    }

    func testBadRecordsAndUsage() throws {
        let directory = try TemporaryDirectory()
        try directory.write("run.json", "{\"schema\": 1")
        var result = try verify(directory)
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.stderr.hasPrefix("error: 'run.json' is not valid JSON"), result.stderr)
        try directory.write("run.json", "{\"schema\": 1, \"regula_version\": \"0.1.0\"}")
        result = try verify(directory)
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.stderr.contains("is not a valid run record: invocation.threads is missing"), result.stderr)
        result = try RegulaProcess.run(["verify", "nope.json"], directory: directory.url)
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.stderr.contains("cannot read 'nope.json'"), result.stderr)
        for arguments in [["verify"], ["verify", "run.json", "--tolerance", "-1"], ["verify", "run.json", "--threads", "0"], ["verify", "run.json", "--threads", "100000000"],
                          ["verify", "run.json", "--tolerance", "abc"], ["run", "x.reg", "--record"]] {
            result = try RegulaProcess.run(arguments, directory: directory.url)
            XCTAssertEqual(result.status, 2, "\(arguments): \(result.stderr)")
        }
    }

    // MARK: - Training: determinism across runs and threads, verify against data files

    private static let dataScript = """
        seed 5
        param lr = 0.01
        let d = csv("data.csv", target: "y")
        let parts = d |> split(train: 0.6, val: 0.4)
        model net {
          dense(16, activation: relu)
          dropout(0.1)
          dense(1)
        }
        loss mse
        penalty l1(1e-3) + l2(1e-3)
        optimizer adam(lr: lr)
        let r = train(net, parts.train, epochs: 4, batch: 8, validate: parts.val)
        for row in r.history {
          print("{row.epoch} {row.data_loss} {row.penalty} {row.val_loss}")
        }
        save(net, "net.safetensors")

        """

    /// 80 rows of a fixed function of 3 features (no randomness in the data itself).
    private static var dataCSV: String {
        var lines = ["a,b,c,y"]
        for i in 0..<80 {
            let a = Double(i % 7) / 7, b = Double(i % 5) / 5, c = Double(i % 3) / 3
            lines.append("\(a),\(b),\(c),\(2 * a - b + 0.5 * c * c)")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private func trainingDirectory(script: String = ReproCommandTests.dataScript) throws -> TemporaryDirectory {
        let directory = try TemporaryDirectory()
        try directory.write("main.reg", script)
        try directory.write("data.csv", Self.dataCSV)
        return directory
    }

    private func run(_ directory: TemporaryDirectory, _ arguments: [String]) throws -> (stdout: String, weights: Data) {
        let result = try RegulaProcess.run(["run", "main.reg", "--quiet"] + arguments, directory: directory.url, timeout: 120)
        XCTAssertEqual(result.status, 0, result.stderr)
        let weights = try Data(contentsOf: directory.url.appendingPathComponent("net.safetensors"))
        return (result.stdout, weights)
    }

    func testRunsAreBitIdenticalAcrossRunsAndThreadCounts() throws {
        let directory = try trainingDirectory()
        let first = try run(directory, ["--threads", "1"])
        let again = try run(directory, ["--threads", "1"])
        let twoThreads = try run(directory, ["--threads", "2"])
        XCTAssertFalse(first.stdout.isEmpty)
        XCTAssertEqual(first.stdout, again.stdout)
        XCTAssertEqual(first.weights, again.weights, "saved weights differ between two identical runs")
        XCTAssertEqual(first.stdout, twoThreads.stdout)
        XCTAssertEqual(first.weights, twoThreads.weights, "saved weights differ between --threads 1 and 2")
    }

    /// Big enough that the engine's parallel paths run: the first layer's products have
    /// 256·640·512 ≈ 84M multiply-adds (split into 64-row blocks over the threads), and
    /// its 328k weights take Adam's blocked parallel update.
    private static let wideScript = """
        seed 9
        let d = synthetic_regression(n: 256, features: 512, informative: 8, noise: 0.1).data
        let parts = d |> split(train: 0.75, val: 0.25)
        model wide {
          dense(640, activation: relu)
          dropout(0.2)
          dense(1)
        }
        loss mse
        penalty elastic_net(1e-3, 0.5)
        optimizer adam(lr: 1e-3)
        let r = train(wide, parts.train, epochs: 2, batch: 96, validate: parts.val)
        for row in r.history {
          print("{row.epoch} {row.data_loss} {row.penalty} {row.val_loss}")
        }
        print(evaluate(wide, parts.val))
        save(wide, "net.safetensors")

        """

    func testParallelPathsAreBitIdenticalAcrossThreadCounts() throws {
        let directory = try trainingDirectory(script: Self.wideScript)
        let one = try run(directory, ["--threads", "1"])
        let two = try run(directory, ["--threads", "2"])
        let three = try run(directory, ["--threads", "3"])
        XCTAssertEqual(one.stdout.split(separator: "\n").count, 3, one.stdout)
        XCTAssertEqual(one.stdout, two.stdout)
        XCTAssertEqual(one.weights, two.weights, "saved weights differ between --threads 1 and 2")
        XCTAssertEqual(one.stdout, three.stdout)
        XCTAssertEqual(one.weights, three.weights, "saved weights differ between --threads 1 and 3")
    }

    func testAnInsertedPrintEvaluateOrSummaryChangesNoNumber() throws {
        let directory = try trainingDirectory()
        let plain = try run(directory, [])
        let noisy = Self.dataScript
            .replacingOccurrences(of: "let parts =", with: "print(\"loaded\")\nlet parts =")
            .replacingOccurrences(of: "let r = train", with: "summary(net)\nprint(evaluate(net, parts.val))\nlet r = train")
        try directory.write("main.reg", noisy)
        let result = try RegulaProcess.run(["run", "main.reg", "--quiet"], directory: directory.url, timeout: 120)
        XCTAssertEqual(result.status, 0, result.stderr)
        let weights = try Data(contentsOf: directory.url.appendingPathComponent("net.safetensors"))
        XCTAssertTrue(result.stdout.hasSuffix(plain.stdout), "history changed:\n\(result.stdout)\nvs\n\(plain.stdout)")
        XCTAssertEqual(weights, plain.weights)
    }

    func testSeedAndParamChangeWhatTheyShould() throws {
        let directory = try trainingDirectory()
        let base = try run(directory, [])
        let sameSeed = try run(directory, ["--seed", "5"])
        XCTAssertEqual(base.weights, sameSeed.weights, "--seed 5 equals the script's seed 5")
        let otherSeed = try run(directory, ["--seed", "6"])
        XCTAssertNotEqual(base.weights, otherSeed.weights)
        let otherRate = try run(directory, ["--param", "lr=0.02"])
        XCTAssertNotEqual(base.weights, otherRate.weights)
        let wrongType = try RegulaProcess.run(["run", "main.reg", "--param", "lr=\"fast\""], directory: directory.url)
        XCTAssertEqual(wrongType.status, 2)
        XCTAssertTrue(wrongType.stderr.contains("lr"), wrongType.stderr)
    }

    func testARecordVerifiesExactlyUnderEveryOtherKernelPath() throws {
        // Recorded with the portable scalar path, verified with each vector path this CPU
        // has: every number, every output line and the saved weights' SHA-256 match.
        let directory = try trainingDirectory()
        let run = try RegulaProcess.run(["run", "main.reg", "--record", "run.json", "--quiet"], directory: directory.url,
                                        environment: ["REGULA_KERNELS": "scalar"], timeout: 120)
        XCTAssertEqual(run.status, 0, run.stderr)
        let record = try String(contentsOfFile: directory.path("run.json"), encoding: .utf8)
        XCTAssertTrue(record.contains("\"kernels\": \"scalar\""), "the record names the path")
        for path in ["avx2", "avx512", "neon"] {
            let probe = try RegulaProcess.run(["--version"], environment: ["REGULA_KERNELS": path])
            guard probe.status == 0 else { continue }  // not on this CPU
            let result = try RegulaProcess.run(["verify", "run.json", "--quiet"], directory: directory.url,
                                               environment: ["REGULA_KERNELS": path], timeout: 120)
            XCTAssertEqual(result.status, 0, "\(path): " + result.stdout + result.stderr)
            XCTAssertTrue(result.stdout.hasSuffix(" saved weights file match exactly\n"), "\(path): " + result.stdout)
        }
    }

    func testVerifyTrainingRecordAndChangedDataFile() throws {
        let directory = try trainingDirectory()
        let (run, record) = try recordAndRead(directory, ["--quiet"])
        XCTAssertEqual(run.status, 0, run.stderr)
        for field in ["\"train\": [", "\"history\"", "\"path\": \"data.csv\"", "\"sha256\"", "\"path\": \"net.safetensors\""] {
            XCTAssertTrue(record.contains(field), "record lacks \(field)")
        }
        var result = try verify(directory, ["--threads", "2"])
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        XCTAssertTrue(result.stdout.hasSuffix(" output lines and 1 saved weights file match exactly\n"), result.stdout)
        // From another directory: the data file is found where the recorded run read it.
        result = try RegulaProcess.run(["verify", directory.path("run.json"), "--quiet"], directory: URL(fileURLWithPath: "/"))
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)

        // A learning rate changed inside the stored source: the numbers that moved are named.
        try directory.write("run.json", record.replacingOccurrences(of: "param lr = 0.01", with: "param lr = 0.02"))
        result = try verify(directory)
        XCTAssertEqual(result.status, 1)
        for line in ["params[0].value: recorded 0.01 now 0.02\n",
                     "train[0].optimizer: recorded \"adam(lr: 0.01)\" now \"adam(lr: 0.02)\"\n",
                     "train[0].history[3].val_loss: recorded ", "output line 4: recorded \"4 ",
                     "written[0].sha256: recorded "] {
            XCTAssertTrue(result.stdout.contains(line), "verify output lacks \(line):\n\(result.stdout)")
        }
        XCTAssertTrue(result.stdout.contains(" differences (compared "), result.stdout)

        // The data file changed: named, and no re-run.
        try directory.write("run.json", record)
        try directory.write("data.csv", Self.dataCSV.replacingOccurrences(of: "a,b,c,y\n0.0", with: "a,b,c,y\n0.5"))
        result = try verify(directory)
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.stdout.contains("data file 'data.csv' changed"), result.stdout)
        XCTAssertTrue(result.stdout.hasSuffix("verify: 1 file differs from the record; not re-running\n"), result.stdout)
    }
}
