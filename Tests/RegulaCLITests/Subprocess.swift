import Foundation

/// A child process started with `posix_spawn`, its standard streams redirected to files.
/// (Foundation's `Process` sometimes never noticed a child's exit on Linux here, which hung
/// the suite; `waitpid` does not.)
struct Subprocess {
    let pid: pid_t

    /// Starts `executable arguments` in `directory` with exactly `environment`, reading
    /// standard input from `stdinPath` and writing its output to the two files.
    static func spawn(
        _ executable: String, _ arguments: [String], environment: [String: String],
        directory: String? = nil, stdinPath: String, stdoutPath: String, stderrPath: String
    ) throws -> Subprocess {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, stdinPath, O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, stdoutPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, stderrPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        // glibc's posix_spawn_file_actions_addchdir_np is not visible to Swift: `env -C`.
        let (program, programArguments) = directory.map { ("/usr/bin/env", ["-C", $0, executable] + arguments) }
            ?? (executable, arguments)

        let argv = ([program] + programArguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid: pid_t = 0
        let status = posix_spawn(&pid, program, &actions, nil, argv, envp)
        guard status == 0 else { throw SpawnError(executable: executable, code: status) }
        return Subprocess(pid: pid)
    }

    /// The exit status if the child has ended (128 + N after signal N), else nil.
    func poll() -> Int32? {
        var status: Int32 = 0
        guard waitpid(pid, &status, WNOHANG) == pid else { return nil }
        let signal = status & 0x7f
        return signal == 0 ? (status >> 8) & 0xff : 128 + signal
    }

    /// Waits for the child to end, up to `timeout` seconds; nil if it is still running.
    func wait(timeout: TimeInterval) -> Int32? {
        let deadline = Date().addingTimeInterval(timeout)
        repeat {
            if let status = poll() { return status }
            usleep(10_000)
        } while Date() < deadline
        return nil
    }

    func signal(_ number: Int32) { kill(pid, number) }
}

struct SpawnError: Error, CustomStringConvertible {
    let executable: String
    let code: Int32
    var description: String { "cannot start \(executable): \(String(cString: strerror(code)))" }
}
