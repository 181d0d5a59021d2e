import Foundation
import XCTest

/// `mpirun -n N regula run` (docs/scale-out.md): the same standard output and the same
/// written files, byte for byte, as one process, for N = 1, 2, 3; an error in a unit run
/// by another process is printed once, by process 0; the record notes N. Skipped when
/// Open MPI's `mpirun` is not installed (`scripts/setup.sh` installs it).
final class MPITests: XCTestCase {
    /// A 5-fold linear path, cross-validation of a network, a network path with folds,
    /// and a pmap that trains and prints: every kind of divided work, and files written.
    static let study = """
        seed 3
        let d = synthetic_regression(n: 200, features: 20, informative: 5, noise: 0.5).data
        model lin { dense(1) }
        loss mse
        let p = path(lin, d, penalty: l1(1), lambdas: 20, folds: 5)
        print(p)
        save(model_at(p, p.lambda_1se), "lin.safetensors")

        model net {
          dense(8, activation: relu)
          dense(1)
        }
        optimizer adam(lr: 1e-2)
        let cv = cross_validate(net, d, folds: 3, epochs: 5, batch: 32)
        print(cv)
        let np = path(net, d, penalty: l2(1), lambdas: [0.1, 0.01], folds: 3, epochs: 3, batch: 32)
        print(np)
        save(model_at(np, 0.01), "net.safetensors")

        let scores = pmap([1, 2, 3, 4, 5], fn (k) {
          print("item {k}")
          let m = clone(net)
          let r = train(m, d, epochs: 2, batch: 32, penalty: l2(k / 100))
          return {k: k, loss: r.train_loss, weight: m.layers[0].weight}
        })
        print(map(scores, fn (s) { return [s.k, s.loss] }))
        write_csv(map(scores, fn (s) { return {k: s.k, loss: s.loss} }), "scores.csv")
        train(net, d, epochs: 2, batch: 32)
        save(net, "after.safetensors")

        """

    static let writtenFiles = ["lin.safetensors", "net.safetensors", "scores.csv", "after.safetensors"]

    func testAnyNumberOfProcessesGivesTheSameBytes() throws {
        let mpirun = try Self.mpirun()
        let plain = try Self.run(nil, Self.study)
        XCTAssertEqual(plain.result.status, 0, plain.result.stderr)
        XCTAssertTrue(plain.result.stdout.contains("5-fold cross-validation"))
        XCTAssertTrue(plain.result.stdout.contains("item 5"))
        for n in 1...3 {
            let ranks = try Self.run((mpirun, n), Self.study)
            XCTAssertEqual(ranks.result.status, 0, "-n \(n): \(ranks.result.stderr)")
            XCTAssertEqual(ranks.result.stdout, plain.result.stdout, "-n \(n)")
            // (Open MPI may add notes of its own about the machine: only ours are checked.)
            XCTAssertFalse(ranks.result.stderr.contains("error"), "-n \(n): \(ranks.result.stderr)")
            for name in Self.writtenFiles {
                let expected = try Data(contentsOf: plain.directory.url.appendingPathComponent(name))
                let written = try Data(contentsOf: ranks.directory.url.appendingPathComponent(name))
                XCTAssertEqual(written, expected, "-n \(n): \(name)")
            }
        }
    }

    /// Item 1 fails: with 2 or 3 processes it runs on process 1, and every process raises
    /// its error, which process 0 alone prints; what came before is printed as without MPI.
    func testAnErrorInAUnitOnAnotherProcessIsPrintedOnce() throws {
        let mpirun = try Self.mpirun()
        let script = """
            print("before")
            fn score(k) {
              assert(k != 2, "item {k} fails")
              print("item {k}")
              return k * 2
            }
            let xs = pmap([1, 2, 3, 4], score)
            print("never")

            """
        let plain = try Self.run(nil, script)
        XCTAssertEqual(plain.result.status, 1)
        XCTAssertEqual(plain.result.stdout, "before\nitem 1\n")
        XCTAssertTrue(plain.result.stderr.contains("script.reg:3:3: error: item 2 fails"), plain.result.stderr)
        for n in [2, 3] {
            let ranks = try Self.run((mpirun, n), script)
            XCTAssertEqual(ranks.result.status, 1, "-n \(n)")
            XCTAssertEqual(ranks.result.stdout, plain.result.stdout, "-n \(n)")
            XCTAssertEqual(ranks.result.stderr.components(separatedBy: "error: item 2 fails").count, 2, "-n \(n): \(ranks.result.stderr)")
            XCTAssertTrue(ranks.result.stderr.contains(plain.result.stderr), "-n \(n): \(ranks.result.stderr)")
        }
    }

    /// Process 0 writes files; when a write fails, every process stops at that statement
    /// (none runs on alone into the next exchange) and the error is printed once.
    func testAFailedWriteStopsEveryProcess() throws {
        let mpirun = try Self.mpirun()
        let script = """
            print("before")
            write_csv([{x: 1}], "no/such/directory/x.csv")
            print(pmap([1, 2], fn (k) { return k }))

            """
        let plain = try Self.run(nil, script)
        XCTAssertEqual(plain.result.status, 1)
        XCTAssertEqual(plain.result.stdout, "before\n")
        let ranks = try Self.run((mpirun, 2), script)
        XCTAssertEqual(ranks.result.status, 1)
        XCTAssertEqual(ranks.result.stdout, plain.result.stdout)
        // The same error, from the same line; the temporary directories differ.
        let message = { (text: String) in text.replacingOccurrences(of: #"regula-cli-tests-[0-9A-F-]+"#, with: "DIR", options: .regularExpression) }
        XCTAssertTrue(message(ranks.result.stderr).contains(message(plain.result.stderr)), ranks.result.stderr)
        XCTAssertEqual(ranks.result.stderr.components(separatedBy: "error:").count, 2, ranks.result.stderr)
        XCTAssertTrue(plain.result.stderr.hasPrefix("script.reg:2:21: error: cannot write"), plain.result.stderr)
    }

    /// The run record notes the number of processes, and verify (one process) agrees.
    func testTheRecordNotesTheProcesses() throws {
        let mpirun = try Self.mpirun()
        let script = """
            seed 2
            let d = synthetic_regression(n: 60, features: 4, informative: 2, noise: 0.1).data
            model net { dense(1) }
            loss mse
            optimizer sgd(lr: 0.05)
            print(cross_validate(net, d, folds: 3, epochs: 3, batch: 10).mean)

            """
        let ranks = try Self.run((mpirun, 2), script, arguments: ["--record", "run.json"])
        XCTAssertEqual(ranks.result.status, 0, ranks.result.stderr)
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: ranks.directory.url.appendingPathComponent("run.json"))) as? [String: Any]
        let invocation = json?["invocation"] as? [String: Any]
        XCTAssertEqual(invocation?["processes"] as? Int, 2)
        let verify = try RegulaProcess.run(["verify", "run.json"], directory: ranks.directory.url, timeout: 60)
        XCTAssertEqual(verify.status, 0, verify.stdout + verify.stderr)
    }

    /// Started as if by mpirun but without a usable libmpi: a clear error, no run. Needs
    /// no MPI at all.
    func testAMissingMPILibraryIsAClearError() throws {
        let directory = try TemporaryDirectory()
        try directory.write("script.reg", "print(1)\n")
        let result = try RegulaProcess.run(
            ["run", "script.reg"], directory: directory.url,
            environment: ["OMPI_COMM_WORLD_SIZE": "2", "OMPI_COMM_WORLD_RANK": "0", "REGULA_MPI_LIBRARY": "/nonexistent/libmpi.so.40"])
        XCTAssertEqual(result.status, 2)
        XCTAssertEqual(result.stdout, "")
        XCTAssertTrue(result.stderr.hasPrefix("error: started by Open MPI's mpirun (OMPI_COMM_WORLD_SIZE=2), but cannot load the MPI library /nonexistent/libmpi.so.40"), result.stderr)
        XCTAssertTrue(result.stderr.contains("apt-get install openmpi-bin"), result.stderr)
    }

    /// Only `run` divides its work; `check`, `verify` and the REPL under a launcher would
    /// run N times over, so they refuse. Needs no MPI.
    func testOnlyRunRunsUnderALauncher() throws {
        let directory = try TemporaryDirectory()
        try directory.write("script.reg", "print(1)\n")
        let result = try RegulaProcess.run(["check", "script.reg"], directory: directory.url,
                                           environment: ["OMPI_COMM_WORLD_SIZE": "2", "OMPI_COMM_WORLD_RANK": "0"])
        XCTAssertEqual(result.status, 2)
        XCTAssertEqual(result.stderr, "error: started by Open MPI's mpirun (OMPI_COMM_WORLD_SIZE=2), but only `regula run` runs under MPI: start `regula check` without mpirun\n")
        let otherRank = try RegulaProcess.run(["check", "script.reg"], directory: directory.url,
                                              environment: ["OMPI_COMM_WORLD_SIZE": "2", "OMPI_COMM_WORLD_RANK": "1"])
        XCTAssertEqual(otherRank.status, 2)
        XCTAssertEqual(otherRank.stderr, "")
    }

    // MARK: Helpers

    /// Open MPI's `mpirun` on the PATH, or a skip.
    static func mpirun() throws -> String {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for directory in path.split(separator: ":") {
            let candidate = "\(directory)/mpirun"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        throw XCTSkip("mpirun is not installed (scripts/setup.sh installs Open MPI's openmpi-bin)")
    }

    /// Runs `script` as `script.reg` in a fresh directory, under `mpirun -n N` when given.
    static func run(_ launcher: (mpirun: String, processes: Int)?, _ script: String, arguments: [String] = [],
                    file: StaticString = #filePath, line: UInt = #line) throws -> (result: ProcessResult, directory: TemporaryDirectory) {
        let directory = try TemporaryDirectory()
        try directory.write("script.reg", script)
        let regula = ["run"] + arguments + ["script.reg"]
        guard let launcher else {
            return (try RegulaProcess.run(regula, directory: directory.url, timeout: 120, file: file, line: line), directory)
        }
        let scratch = try TemporaryDirectory()
        try scratch.write("stdin", "")
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = nil
        // Shared memory between local processes only: no network probing in a container.
        environment["OMPI_MCA_btl"] = "self,vader"
        // No cross-memory attach: containers without CAP_SYS_PTRACE refuse it.
        environment["OMPI_MCA_btl_vader_single_copy_mechanism"] = "none"
        let child = try Subprocess.spawn(
            launcher.mpirun, ["--allow-run-as-root", "--oversubscribe", "-n", String(launcher.processes), RegulaProcess.binaryURL.path] + regula,
            environment: environment, directory: directory.url.path,
            stdinPath: scratch.path("stdin"), stdoutPath: scratch.path("stdout"), stderrPath: scratch.path("stderr"))
        let running = RunningRegula(child: child, scratch: scratch, arguments: ["mpirun", "-n", String(launcher.processes)] + regula)
        var result = try running.finish(timeout: 120, file: file, line: line)
        // mpirun's own report of a process that exited with a failure status.
        if let banner = result.stderr.range(of: "-----------------") { result.stderr = String(result.stderr[..<banner.lowerBound]) }
        return (result, directory)
    }
}
