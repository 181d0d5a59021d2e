import ArgumentParser
import Foundation
import RegulaInterpreter

/// `--report FILE` on `regula run`: write a self-contained HTML report (docs/report.md).
struct ReportOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp("Write an HTML report (source, output, loss curves, weight maps, figures) to FILE.",
                           valueName: "file"))
    var report: String?

    func validate() throws {
        if let report, report.isEmpty { throw ValidationError("--report expects a file name") }
    }

    /// Refuses, before the script runs (a long training would be lost at the end), a report
    /// that would replace the script it reports on (or any `.reg` file), a directory, or one
    /// whose directory does not exist.
    func validate(script: String) throws {
        guard let report else { return }
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: report, isDirectory: &isDirectory), isDirectory.boolValue {
            throw ValidationError("--report \(report) is a directory; name a file in it (e.g. \((report as NSString).appendingPathComponent("report.html")))")
        }
        let parent = URL(fileURLWithPath: report).deletingLastPathComponent().path
        if !FileManager.default.fileExists(atPath: parent, isDirectory: &isDirectory) || !isDirectory.boolValue {
            throw ValidationError("--report \(report): the directory \(parent) does not exist")
        }
        func resolved(_ path: String) -> String { URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path }
        if script != "-", resolved(report) == resolved(script) {
            throw ValidationError("--report \(report) would overwrite the script; name another file (e.g. \((script as NSString).deletingPathExtension).html)")
        }
        if report.hasSuffix(".reg") {
            throw ValidationError("--report \(report) would overwrite a script; name another file (e.g. \((report as NSString).deletingPathExtension).html)")
        }
    }
}

extension ReportRecorder {
    /// Writes the report for a console; false (after an `error:` line) if it cannot be
    /// written.
    func write(to path: String, title: String, status: String?, console: Console) -> Bool {
        do {
            try write(to: path, title: title, status: status)
            return true
        } catch {
            console.errorMessage("cannot write the report: \(error)")
            return false
        }
    }
}
