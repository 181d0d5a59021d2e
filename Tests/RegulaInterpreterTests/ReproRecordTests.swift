import Foundation
import RegulaInterpreter
import RegulaNN
import XCTest

/// Run records and `RunVerifier` through the facade, with host functions standing in for
/// the data and training builtins (they write the same journal the builtins do).
final class ReproRecordTests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("regula-repro-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: directory)
    }

    @discardableResult
    private func write(_ name: String, _ text: String) throws -> String {
        let path = directory.appendingPathComponent(name).path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// An interpreter with `read_data(path)` (journals the file, returns its size) and
    /// `fake_train(lr, epochs)` (journals a `train` entry whose history depends on lr).
    private func makeInterpreter(_ options: InterpreterOptions) -> Interpreter {
        let interpreter = Interpreter(options: options)
        interpreter.onOutput = { _ in }
        interpreter.defineHostFunction("read_data") { [unowned interpreter] args in
            guard case .string(let path)? = args.first else { throw RuntimeError("read_data expects a path") }
            let full = interpreter.resolvePath(path)
            guard let data = FileManager.default.contents(atPath: full) else { throw RuntimeError("cannot read \(path)") }
            interpreter.journal.recordFile(path: path, resolvedPath: full, kind: "data", contents: Array(data))
            return .number(Double(data.count))
        }
        interpreter.defineHostFunction("fake_train") { [unowned interpreter] args in
            guard case .number(let lr)? = args.first, case .number(let epochs)? = args.last else { throw RuntimeError("bad args") }
            var history: [Value] = []
            var loss = 1.0
            for epoch in 0..<Int(epochs) {
                loss *= (1 - lr)
                history.append(.record(Record([("epoch", .number(Double(epoch + 1))), ("val_loss", .number(loss / 3))])))
            }
            interpreter.journal.record("train", .record(Record([
                ("configuration", .record(Record([("lr", .number(lr)), ("epochs", .number(epochs))]))),
                ("history", .list(history)), ("metrics", .record(Record([("val_loss", .number(loss / 3))]))),
            ])))
            return .number(loss)
        }
        return interpreter
    }

    /// Runs `main.reg` from `directory` under a recorder and returns its record.
    private func recordRun(_ options: InterpreterOptions = InterpreterOptions(stackSize: 0)) throws -> RunRecord {
        let interpreter = makeInterpreter(options)
        let recorder = RunRecorder(interpreter, regulaVersion: "test")
        let name = directory.appendingPathComponent("main.reg").path
        let text = try String(contentsOfFile: name, encoding: .utf8)
        recorder.run(source: text, name: name)
        return recorder.record(scriptName: name, scriptText: text)
    }

    private func verify(_ record: RunRecord, tolerance: Double = 0) -> RecordComparison {
        let verifier = RunVerifier(record: record, tolerance: tolerance)
        var options = verifier.interpreterOptions()
        options.stackSize = 0
        return verifier.rerun(in: makeInterpreter(options)).comparison
    }

    /// Writes the record as a file and reads it back (what `regula verify` does).
    private func roundTrip(_ record: RunRecord) throws -> RunRecord {
        let path = directory.appendingPathComponent("run.json").path
        try record.write(to: path)
        return try RunRecord.read(path: path).record
    }

    private let mainScript = """
        seed 7
        param lr = 0.1
        param name = "baseline"
        import "lib.reg"
        let size = read_data("data.csv")
        let final = fake_train(lr, 4)
        print("size {size} final {final} third {1 / 3}")
        print(helper(2))

        """

    private func writeExperiment() throws {
        try write("main.reg", mainScript)
        try write("lib.reg", "fn helper(x) { return x * 0.7 }\n")
        try write("data.csv", "a,b\n1,2\n3,4\n")
    }

    func testRecordHoldsSourcesParamsFilesCallsAndOutput() throws {
        try writeExperiment()
        let record = try roundTrip(try recordRun(InterpreterOptions(seed: 99, params: ["lr": "0.25"], stackSize: 0)))
        XCTAssertEqual(record.status, "succeeded")
        XCTAssertEqual(record.seed, 99, "--seed wins over the script's seed 7")
        XCTAssertEqual(record.invocation, RunRecord.Invocation(seed: 99, threads: 1, params: ["lr": "0.25"]))
        XCTAssertEqual(record.script.text, mainScript)
        XCTAssertEqual(record.script.sha256, RunJournal.sha256Hex(Array(mainScript.utf8)))
        XCTAssertEqual(record.imports.map(\.text), ["fn helper(x) { return x * 0.7 }\n"])
        XCTAssertEqual(record.imports.first?.resolvedPath, directory.appendingPathComponent("lib.reg").path)
        XCTAssertEqual(record.files.map(\.path), ["data.csv"])
        XCTAssertEqual(record.files.first?.size, 12)
        XCTAssertEqual(record.params, .array([
            .object([("name", .string("lr")), ("value", .number("0.25")), ("overridden", .bool(true))]),
            .object([("name", .string("name")), ("value", .string("baseline")), ("overridden", .bool(false))]),
        ]))
        XCTAssertEqual(record.calls.first?.kind, "train")
        XCTAssertEqual(record.calls.first?.entries.count, 1)
        XCTAssertEqual(record.output, "size 12 final 0.31640625 third 0.3333333333333333\n1.4\n")
        XCTAssertEqual(record.platform.kernels, Interpreter.kernelPath)
    }

    func testARecordMadeWithOpenBLASStillReadsAndNamesItsKernels() throws {
        try writeExperiment()
        let record = try recordRun()
        guard case .object(let members) = record.json else { return XCTFail("a record is an object") }
        // The old layout: no platform.kernels, a `blas` object after `platform`.
        var old: [(key: String, value: JSONValue)] = []
        for (key, value) in members {
            if key == "platform", case .object(let fields) = value {
                old.append((key, .object(fields.filter { $0.key != "kernels" })))
                old.append(("blas", .object([("library", .string("OpenBLAS 0.3.21 DYNAMIC_ARCH")), ("core", .string("Haswell")),
                                             ("threads", .number(1))])))
            } else {
                old.append((key, value))
            }
        }
        let read = try RunRecord(json: .object(old))
        XCTAssertEqual(read.platform.kernels, "OpenBLAS Haswell")
        XCTAssertEqual(try roundTrip(record).platform.kernels, Interpreter.kernelPath)
        XCTAssertTrue(verify(read).differences.isEmpty, "the re-run itself does not depend on the recorded kernels")
    }

    func testDoublesRoundTripExactly() throws {
        let values: [Double] = [0.1, 1.0 / 3.0, 1e-300, .leastNonzeroMagnitude, -0.0, 123_456_789.125, 9_007_199_254_740_992, 9_007_199_254_740_994, .pi, 1e16, 3]
        for x in values {
            guard case .number(let text) = JSONValue.number(x) else { return XCTFail("\(x) is not a number") }
            let back = try XCTUnwrap(Double(text))
            XCTAssertEqual(back.bitPattern, x.bitPattern, "\(x) wrote \(text)")
        }
        XCTAssertEqual(JSONValue.number(.nan), .string("NaN"))
        XCTAssertEqual(JSONValue.number(-.infinity).asDouble, -.infinity)
        XCTAssertEqual(JSONValue.number(3), .number("3"))
    }

    func testUntouchedRecordVerifiesExactly() throws {
        try writeExperiment()
        let record = try roundTrip(try recordRun(InterpreterOptions(params: ["lr": "0.2"], stackSize: 0)))
        let verifier = RunVerifier(record: record)
        XCTAssertEqual(verifier.changedFiles(), [])
        XCTAssertEqual(verifier.editedSources(), [])
        let comparison = verify(record)
        XCTAssertEqual(comparison.differences, [])
        XCTAssertEqual(comparison.outputLines, 2)
        // seed 7? no: the seed is a statement, not a number compared; params lr, history
        // (4 epochs × 2), metrics, configuration (2), size line numbers...
        XCTAssertGreaterThanOrEqual(comparison.numbers, 12)
    }

    func testFitAndPathAreRecordedAndVerify() throws {
        try write("main.reg", """
            seed 3
            let s = synthetic_regression(n: 60, features: 5, informative: 2)
            model lin { dense(1) }
            let p = path(lin, s.data, penalty: l1(1), lambdas: 8, folds: 3)
            let r = fit(lin, s.data, penalty: l1(0.1))
            print(p.lambda_1se, r.nonzero)

            """)
        let record = try roundTrip(try recordRun())
        XCTAssertEqual(record.status, "succeeded")
        XCTAssertEqual(record.calls.first { $0.kind == "path" }?.entries.count, 1)
        XCTAssertEqual(record.calls.first { $0.kind == "fit" }?.entries.count, 1)
        let comparison = verify(record)
        XCTAssertEqual(comparison.differences, [])
        XCTAssertGreaterThan(comparison.numbers, 40, "λ, nonzeros, losses and the CV curve are compared")
    }

    func testARecordFollowsItsProjectToANewDirectoryWithRoot() throws {
        try writeExperiment()
        let record = try roundTrip(try recordRun())
        let moved = directory.appendingPathComponent("elsewhere").path
        try FileManager.default.createDirectory(atPath: moved, withIntermediateDirectories: true)
        for name in ["main.reg", "lib.reg", "data.csv"] {
            try FileManager.default.moveItem(
                atPath: directory.appendingPathComponent(name).path, toPath: moved + "/" + name)
        }
        XCTAssertEqual(RunVerifier(record: record).changedFiles().map(\.kind), [.missing])
        let verifier = RunVerifier(record: record, root: moved + "/")
        XCTAssertEqual(verifier.changedFiles(), [])
        XCTAssertEqual(verifier.scriptName, moved + "/main.reg")
        XCTAssertEqual(verifier.relocated("/somewhere/else.csv"), "/somewhere/else.csv", "paths outside stay")
        var options = verifier.interpreterOptions()
        options.stackSize = 0
        // The data file is read at its new place; the stored import is served there too.
        let comparison = verifier.rerun(in: makeInterpreter(options)).comparison
        XCTAssertEqual(comparison.differences, [])
        XCTAssertEqual(comparison.outputLines, 2)
    }

    func testVerifyUsesTheRecordedImportNotTheFileOnDisk() throws {
        try writeExperiment()
        let record = try roundTrip(try recordRun())
        try write("lib.reg", "fn helper(x) { return x * 100 }\n")
        try write("main.reg", "print(\"something else\")\n")
        XCTAssertEqual(verify(record).differences, [])
    }

    func testChangedAndMissingDataFilesAreNamed() throws {
        try writeExperiment()
        let record = try roundTrip(try recordRun())
        try write("data.csv", "a,b\n1,2\n3,5\n")
        var problems = RunVerifier(record: record).changedFiles()
        XCTAssertEqual(problems.count, 1)
        XCTAssertTrue(problems[0].description.hasPrefix("data file 'data.csv' changed"), problems[0].description)
        XCTAssertTrue(problems[0].description.contains("recorded sha256 \(record.files[0].sha256), now "), problems[0].description)
        try write("data.csv", "a,b\n1,2\n")
        problems = RunVerifier(record: record).changedFiles()
        XCTAssertEqual(problems.first?.description.hasSuffix("recorded 12 bytes, now 8"), true, "\(problems)")
        try FileManager.default.removeItem(atPath: directory.appendingPathComponent("data.csv").path)
        problems = RunVerifier(record: record).changedFiles()
        XCTAssertTrue(problems.first?.description.hasPrefix("data file 'data.csv' is missing") == true)

        // A hostile record naming a device is refused, not read.
        let dataPath = directory.appendingPathComponent("data.csv").path
        let text = record.json.serialized()
            .replacingOccurrences(of: "\"resolved_path\": \"\(dataPath)\"", with: "\"resolved_path\": \"/dev/zero\"")
        let hostile = try RunRecord(json: JSONValue.parse(Array(text.utf8)))
        XCTAssertEqual(RunVerifier(record: hostile).changedFiles().first?.kind, .notRegularFile)
    }

    func testAlteredStoredSourceIsReportedNumberByNumber() throws {
        try writeExperiment()
        var record = try roundTrip(try recordRun())
        record.script.text = record.script.text.replacingOccurrences(of: "param lr = 0.1", with: "param lr = 0.5")
        XCTAssertEqual(RunVerifier(record: record).editedSources(), [record.script.path])
        let paths = verify(record).differences.map(\.path)
        XCTAssertTrue(paths.contains("params[0].value"), "\(paths)")
        XCTAssertTrue(paths.contains("train[0].configuration.lr"), "\(paths)")
        XCTAssertTrue(paths.contains("train[0].history[3].val_loss"), "\(paths)")
        XCTAssertTrue(paths.contains("output line 1"), "\(paths)")
        let difference = try XCTUnwrap(verify(record).differences.first { $0.path == "train[0].history[3].val_loss" })
        XCTAssertEqual(difference.description, "train[0].history[3].val_loss: recorded 0.21870000000000003 now 0.020833333333333332")
    }

    func testToleranceAcceptsSmallRelativeDifferences() throws {
        try writeExperiment()
        var record = try roundTrip(try recordRun())
        record.script.text = record.script.text.replacingOccurrences(of: "param lr = 0.1", with: "param lr = 0.1000000001")
        XCTAssertFalse(verify(record).differences.isEmpty)
        let tolerant = verify(record, tolerance: 1e-6)
        XCTAssertEqual(tolerant.differences, [])
        XCTAssertGreaterThan(tolerant.numbersWithinTolerance, 0)
        XCTAssertLessThan(tolerant.largestRelativeDifference, 1e-6)
    }

    func testFailedRunIsRecordedWithItsError() throws {
        try write("main.reg", "print(\"before\")\nassert(1 == 2, \"numbers disagree\")\n")
        let record = try roundTrip(try recordRun())
        XCTAssertEqual(record.status, "failed")
        XCTAssertEqual(record.output, "before\n")
        XCTAssertEqual(record.errors.first?["message"]?.asString?.contains("numbers disagree"), true)
        XCTAssertEqual(record.errors.first?["line"], .number("2"))
        XCTAssertEqual(verify(record).differences, [], "the same failure again verifies")
    }

    func testARerunThatFailsSaysWhy() throws {
        try write("main.reg", "print(\"before\")\n")
        var record = try roundTrip(try recordRun())
        record.script.text = "assert(1 == 2, \"numbers disagree\")\n"
        let differences = verify(record).differences
        XCTAssertTrue(differences.contains { $0.path == "errors" && $0.now == "1 entries" }, "\(differences)")
        let why = try XCTUnwrap(differences.first { $0.path == "errors[0].message" }, "\(differences)")
        XCTAssertEqual(why.recorded, "(missing)")
        XCTAssertTrue(why.now.contains("numbers disagree"), why.now)
    }

    /// The real training builtins: a record with `train`, `evaluate` and `cross_validate`
    /// entries re-runs to the same bits with another thread count.
    func testTrainingRecordVerifiesWithAnotherThreadCount() throws {
        try write("main.reg", """
            seed 4
            param lam = 1e-3
            let s = synthetic_classification(n: 60, features: 4, informative: 2, classes: 2)
            let parts = s |> split(train: 0.5, val: 0.5) |> standardize
            model net {
              dense(6, activation: tanh)
              dropout(0.1)
              dense(2)
            }
            penalty l2(lam)
            let r = train(net, parts.train, epochs: 3, batch: 10, validate: parts.val)
            print(evaluate(net, parts.val))
            let cv = cross_validate(net, parts.train, folds: 2, epochs: 2, batch: 10)
            print(cv.mean)

            """)
        let record = try roundTrip(try recordRun(InterpreterOptions(params: ["lam": "0.01"], stackSize: 0)))
        XCTAssertEqual(record.status, "succeeded", "\(record.errors)")
        XCTAssertEqual(record.calls.map(\.entries.count), [1, 1, 1], "one train, evaluate and cross_validate entry")
        let verifier = RunVerifier(record: record, threads: 2)
        var options = verifier.interpreterOptions()
        options.stackSize = 0
        let comparison = verifier.rerun(in: makeInterpreter(options)).comparison
        XCTAssertEqual(comparison.differences, [])
        XCTAssertGreaterThan(comparison.numbers, 60)
    }

    /// Byte-level damage anywhere in a record is either rejected with a message or read
    /// as some valid record — never a crash.
    func testDamagedRecordsNeverCrash() throws {
        try writeExperiment()
        let good = Array(try recordRun().json.serialized().utf8)
        var state: UInt64 = 0x2545_F491_4F6C_DD1D
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        let path = directory.appendingPathComponent("damaged.json").path
        let syntax = Array("{}[]\",:-0e9".utf8)
        var rejected = 0
        for _ in 0..<300 {
            var bytes = good
            for _ in 0..<(1 + next(3)) {
                switch next(3) {
                case 0: bytes[next(bytes.count)] = UInt8(next(256))
                case 1: bytes.remove(at: next(bytes.count))
                default: bytes.insert(syntax[next(syntax.count)], at: next(bytes.count))
                }
            }
            FileManager.default.createFile(atPath: path, contents: Data(bytes))
            do {
                let record = try RunRecord.read(path: path).record
                _ = RunVerifier(record: record).changedFiles()
            } catch {
                rejected += 1
                XCTAssertFalse("\(error)".isEmpty)
            }
        }
        XCTAssertGreaterThan(rejected, 100)
    }

    func testCorruptRecordsAreRejectedWithAReason() throws {
        let cases: [(String, String)] = [
            ("{", "is not valid JSON"),
            ("[1, 2]", "schema is missing"),
            (String(repeating: "[", count: 10_000), "nesting deeper"),
            ("{\"schema\": 99}", "schema 99 is not supported"),
            ("{\"schema\": 1, \"regula_version\": 3}", "regula_version must be a string"),
            ("\u{FF}\u{FE}", "is not valid JSON"),
        ]
        for (text, expected) in cases {
            let path = try write("bad.json", text)
            XCTAssertThrowsError(try RunRecord.read(path: path)) { error in
                let message = (error as? RunRecordError)?.message ?? ""
                XCTAssertTrue(message.contains(expected), "\(text.prefix(20)): \(message)")
            }
        }
        XCTAssertThrowsError(try RunRecord.read(path: directory.path)) { error in
            XCTAssertTrue("\(error)".contains("not a regular file"), "\(error)")
        }

        // A valid record with one field broken.
        try writeExperiment()
        let good = try recordRun().json.serialized()
        for (from, to, expected) in [
            ("\"threads\": 1,", "\"threads\": -1,", "invocation.threads must be between 1 and 1024"),
            ("\"threads\": 1,", "\"threads\": 100000000,", "invocation.threads must be between 1 and 1024"),
            ("\"size\": 12,", "\"size\": \"12\",", "files[0].size must be an integer"),
            ("\"seed\": 7,", "\"seed\": -7,", "seed must be a non-negative integer"),
        ] {
            let path = try write("bad.json", good.replacingOccurrences(of: from, with: to))
            XCTAssertThrowsError(try RunRecord.read(path: path)) { error in
                XCTAssertTrue("\(error)".contains(expected), "\(error)")
            }
        }
    }
}
