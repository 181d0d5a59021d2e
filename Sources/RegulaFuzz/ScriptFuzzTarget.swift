import RegulaInterpreter
import RegulaSyntax

/// Lexes, parses, checks and runs the input as a Regula script (pure language: no
/// training library is involved), rendering diagnostics, then runs it again as a REPL
/// entry and calls the completion helpers. Limits keep every input short: `while true {}`
/// stops after 5 000 steps, lists and strings stay under 2 000 elements, calls nest at
/// most 200 deep.
enum ScriptFuzzTarget {
    static func run(_ bytes: UnsafeBufferPointer<UInt8>) {
        let text = String(decoding: bytes, as: UTF8.self)
        let options = InterpreterOptions(maxCallDepth: 200, maxSteps: 5_000, maxCollectionLength: 2_000, stackSize: 16 << 20)
        let interpreter = Interpreter(options: options)
        var sink = 0
        let renderer = DiagnosticRenderer(useColor: bytes.count % 2 == 0)
        interpreter.onOutput = { sink &+= $0.utf8.count }
        var rendered = 0
        interpreter.onDiagnostic = { diagnostic in
            // Rendering is slow on long garbage lines; a few per input cover the renderer.
            rendered += 1
            sink &+= rendered <= 4 ? renderer.render(diagnostic).utf8.count : diagnostic.message.utf8.count
        }
        _ = interpreter.run(source: text, name: "<fuzz>")
        // The REPL path: the same text as an interactive entry, then completion helpers.
        _ = interpreter.evaluateInteractive(text)
        _ = interpreter.describeGlobals()
        for name in interpreter.globalNames().prefix(4) { _ = interpreter.fieldNames(of: name) }
        FuzzSink.consume(sink)
    }
}
