#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import ArgumentParser
import RegulaInterpreter

/// Parses the command line and runs the command, mapping every outcome to Regula's exit
/// statuses: 0 success, 1 script failed, 2 bad usage, 130 interrupted. (swift-argument-
/// parser would use 64 for usage errors; Regula follows the common Unix 2.)
func runRegula(_ arguments: [String]) -> Int32 {
    if let problem = UsageMessage.unknownSubcommand(in: arguments) ?? UsageMessage.argumentsAfterVersion(in: arguments) {
        Console.writeAll(2, Array(problem.utf8))
        return UsageMessage.exitStatus
    }
    // Only `run` divides its work among MPI processes; the others would run N times over.
    if let name = arguments.first, ["check", "verify", "repl"].contains(name), let launcher = MPIProcessGroup.launcher(Environment()) {
        if MPIProcessGroup.launcherRank(Environment()) == 0 {
            Console.writeAll(2, Array("error: started by \(launcher.name), but only `regula run` runs under MPI: start `regula \(name)` without mpirun\n".utf8))
        }
        return UsageMessage.exitStatus
    }
    do {
        var command = try RegulaCommand.parseAsRoot(arguments)
        try command.run()
        return 0
    } catch let code as ExitCode {
        return code.rawValue
    } catch {
        let status = RegulaCommand.exitCode(for: error)
        let message = RegulaCommand.fullMessage(for: error)
        if status == .success {  // --help, --version, `help`
            Console.writeAll(1, Array((message + "\n").utf8))
            return 0
        }
        Console.writeAll(2, Array((UsageMessage.lowercasingErrorPrefix(message) + "\n").utf8))
        return UsageMessage.exitStatus
    }
}

// A reader that goes away (`regula run x.reg | head -1`) must not kill the run before it
// writes its record and weights: a write to the closed pipe fails with EPIPE instead,
// and the process ends with status 1 (`Console.finalStatus`).
signal(SIGPIPE, SIG_IGN)
let arguments = Array(CommandLine.arguments.dropFirst())
// The matrix-product kernels: a REGULA_KERNELS this CPU cannot honour is a usage error,
// reported before anything runs.
if !["help", "--help", "-h"].contains(arguments.first ?? ""), let problem = Interpreter.selectKernels() {
    Console.writeAll(2, Array("error: \(problem.message)\nhint: \(problem.hint)\n".utf8))
    exit(UsageMessage.exitStatus)
}
exit(Console.finalStatus(runRegula(arguments)))
