import Foundation
import RegulaNN
import RegulaPlot
import RegulaSyntax

/// Records a session for an HTML report (`regula run --report`, the REPL's `:report`):
/// the scripts and entries that ran with what they printed (diagnostics included), and,
/// through the interpreter's `ExhibitLog`, everything trained and drawn. Chains onto the
/// host's `onOutput` and `onDiagnostic` (create it after setting them; the host keeps
/// printing as before).
///
///     let report = ReportRecorder(interpreter, regulaVersion: "0.1.0")
///     report.begin(name: "exp.reg", source: text)
///     interpreter.run(source: text, name: "exp.reg")
///     try report.write(to: "exp.html", title: "exp.reg")
public final class ReportRecorder {
    public let interpreter: Interpreter
    public let regulaVersion: String
    public let exhibits = ExhibitLog()
    private var transcript: [TranscriptEntry] = []
    private let started = Date()

    public init(_ interpreter: Interpreter, regulaVersion: String) {
        self.interpreter = interpreter
        self.regulaVersion = regulaVersion
        interpreter.evaluator.exhibits = exhibits
        let previousOutput = interpreter.onOutput
        interpreter.onOutput = { [unowned self] text in
            self.noteOutput(text)
            previousOutput(text)
        }
        let previousDiagnostic = interpreter.onDiagnostic
        interpreter.onDiagnostic = { [unowned self] diagnostic in
            self.noteOutput(DiagnosticRenderer(useColor: false).render(diagnostic) + "\n")
            previousDiagnostic(diagnostic)
        }
    }

    /// Starts a transcript entry: a script (or a REPL entry, `isInteractive`) about to run.
    /// Output until the next `begin` belongs to it.
    public func begin(name: String, source: String, isInteractive: Bool = false) {
        transcript.append(TranscriptEntry(name: name, source: source, output: "", isInteractive: isInteractive))
    }

    /// Forgets the last entry if it printed nothing (an incomplete REPL line that did not run).
    public func dropLastEntry() {
        if let last = transcript.last, last.output.isEmpty { transcript.removeLast() }
    }

    /// Text the host showed itself (the REPL's echo of a value).
    public func noteOutput(_ text: String) {
        if transcript.isEmpty { begin(name: "<output>", source: "", isInteractive: true) }
        transcript[transcript.count - 1].output += Self.withoutEscapes(text)
    }

    /// What the report shows so far.
    public func document(title: String, status: String? = nil) -> ReportDocument {
        var facts = [Fact("regula", regulaVersion)]
        if let seed = interpreter.experimentDefaults.seed { facts.append(Fact("seed", String(seed))) }
        let params = interpreter.resolvedParams
        if !params.isEmpty { facts.append(Fact("params", params.map { "\($0.name) = \($0.value.repr)" }.joined(separator: ", "))) }
        if let status { facts.append(Fact("status", status)) }
        facts.append(Fact("train calls", String(exhibits.trainings.count)))
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        facts.append(Fact("created", formatter.string(from: started)))
        return ReportDocument(title: title, facts: facts, runs: exhibits.trainings, exhibits: exhibits.figures,
                              transcript: transcriptWithImports, notes: exhibits.notes)
    }

    /// The transcript, and for a script the files it imported (after it, without output).
    private var transcriptWithImports: [TranscriptEntry] {
        guard !transcript.contains(where: \.isInteractive) else { return transcript }
        var entries = transcript
        var named = Set(entries.map(\.name))
        for file in interpreter.loadedSources where named.insert(file.name).inserted {
            entries.append(TranscriptEntry(name: file.name, source: file.text, output: "", isInteractive: false))
        }
        return entries
    }

    /// Writes the report atomically (the old file stays whole if anything fails); returns
    /// its size in bytes.
    @discardableResult
    public func write(to path: String, title: String, status: String? = nil) throws -> Int {
        let bytes = Array(HTMLReport.render(document(title: title, status: status)).utf8)
        try AtomicFile.write(bytes, to: path)
        return bytes.count
    }

    /// `text` without ANSI escape sequences (a coloured `plot` in the terminal is plain in
    /// the report).
    static func withoutEscapes(_ text: String) -> String {
        guard text.contains("\u{1B}") else { return text }
        var result = String.UnicodeScalarView()
        var scalars = text.unicodeScalars.makeIterator()
        while let scalar = scalars.next() {
            guard scalar == "\u{1B}" else {
                result.append(scalar)
                continue
            }
            guard let next = scalars.next() else { break }
            if next == "[" {
                while let c = scalars.next(), !(0x40...0x7E).contains(c.value) {}
            }
        }
        return String(result)
    }
}
