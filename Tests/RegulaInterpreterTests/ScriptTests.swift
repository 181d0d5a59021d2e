import Foundation
import RegulaInterpreter
import RegulaSyntax
import XCTest

/// The backbone: every `.reg` file in `Scripts/` (not in `Scripts/lib/`, which holds
/// files they import) runs, and its output and diagnostics are compared with the
/// expectations written in its comments:
///
///     # expect: TEXT                      a line of output, in order
///     # expect error L:C: MESSAGE         an error at line L, column C (syntax, check or runtime)
///     # expect error FILE:L:C: MESSAGE    ... in another file (an import)
///     # expect runtime error: MESSAGE     an error whose location is not checked
///     # expect warning L:C: MESSAGE       a warning
///     # expect hint: TEXT                 some diagnostic has this hint
///     (`SCRIPTS` in an expected message stands for the fixtures' directory)
///     # expect frame: NAME L:C            the call stack, innermost first
///     # param NAME=VALUE                  a host-supplied param (--param)
///     # seed N                            the host's --seed
///     # check only                        only `check` the script (no run)
final class ScriptTests: XCTestCase {
    struct Expectations {
        var output: [String] = []
        var diagnostics: [String] = []
        var hints: [String] = []
        var frames: [String] = []
        var params: [String: String] = [:]
        var seed: UInt64?
        var checkOnly = false
    }

    static func expectations(of text: String) -> Expectations {
        var e = Expectations()
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            guard let hash = rawLine.range(of: "# ") else { continue }
            let comment = String(rawLine[hash.upperBound...])
            func after(_ prefix: String) -> String? {
                comment.hasPrefix(prefix) ? String(comment.dropFirst(prefix.count)) : nil
            }
            if let rest = after("expect: ") {
                e.output.append(rest)
            } else if comment == "expect:" {
                e.output.append("")
            } else if let rest = after("expect error ") {
                e.diagnostics.append("error " + rest)
            } else if let rest = after("expect runtime error: ") {
                e.diagnostics.append("error ?: " + rest)
            } else if let rest = after("expect warning ") {
                e.diagnostics.append("warning " + rest)
            } else if let rest = after("expect hint: ") {
                e.hints.append(rest)
            } else if let rest = after("expect frame: ") {
                e.frames.append(rest)
            } else if let rest = after("param "), let eq = rest.firstIndex(of: "=") {
                e.params[String(rest[..<eq])] = String(rest[rest.index(after: eq)...])
            } else if let rest = after("seed "), let n = UInt64(rest) {
                e.seed = n
            } else if comment == "check only" {
                e.checkOnly = true
            }
        }
        return e
    }

    static func location(_ diagnostic: Diagnostic, main: SourceFile) -> String {
        guard let source = diagnostic.source, let span = diagnostic.span else { return "-" }
        let l = source.location(of: span.start)
        let prefix = source.name == main.name ? "" : (source.name as NSString).lastPathComponent + ":"
        return "\(prefix)\(l.line):\(l.column)"
    }

    func testScripts() throws {
        let directory = try XCTUnwrap(Bundle.module.url(forResource: "Scripts", withExtension: nil))
        try Self.runFixtures(in: directory, minimumCount: 60)
    }

    /// Runs every `.reg` file directly in `directory` against its expectations.
    static func runFixtures(in directory: URL, minimumCount: Int) throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path)
            .filter { $0.hasSuffix(".reg") }.sorted()
        XCTAssertGreaterThanOrEqual(files.count, minimumCount, "fixture count")
        for file in files {
            let path = directory.appendingPathComponent(file).path
            let text = try String(contentsOfFile: path, encoding: .utf8)
            var expected = Self.expectations(of: text)
            expected.diagnostics = expected.diagnostics.map { $0.replacingOccurrences(of: "SCRIPTS", with: directory.path) }
            var options = InterpreterOptions(params: expected.params)
            options.seed = expected.seed
            let interpreter = Interpreter(options: options)
            var output = ""
            var diagnostics: [Diagnostic] = []
            interpreter.onOutput = { output += $0 }
            interpreter.onDiagnostic = { diagnostics.append($0) }
            let main = SourceFile(name: path, text: text)
            if expected.checkOnly {
                diagnostics = interpreter.check(source: text, name: path)
            } else {
                let ok = interpreter.run(source: text, name: path)
                let expectsError = expected.diagnostics.contains { $0.hasPrefix("error") }
                XCTAssertEqual(ok, !expectsError, "\(file): run result")
            }
            var lines = output.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            if lines.last == "" { lines.removeLast() }
            XCTAssertEqual(lines, expected.output, "\(file): output")
            let unlocated = Set(expected.diagnostics.filter { $0.hasPrefix("error ?: ") })
            let got = diagnostics.map { d -> String in
                let candidate = "\(d.severity.rawValue) ?: \(d.message)"
                return unlocated.contains(candidate) ? candidate : "\(d.severity.rawValue) \(Self.location(d, main: main)): \(d.message)"
            }
            XCTAssertEqual(got, expected.diagnostics, "\(file): diagnostics")
            let hints = Set(diagnostics.compactMap(\.hint))
            for hint in expected.hints where !hints.contains(hint) {
                XCTFail("\(file): no diagnostic has the hint \"\(hint)\"; hints: \(hints.sorted())")
            }
            if !expected.frames.isEmpty {
                let frames = diagnostics.first { $0.severity == .error }?.stack.map { frame -> String in
                    let l = frame.source.location(of: frame.span.start)
                    return "\(frame.function) \(l.line):\(l.column)"
                } ?? []
                XCTAssertEqual(frames, expected.frames, "\(file): call stack")
            }
        }
    }
}
