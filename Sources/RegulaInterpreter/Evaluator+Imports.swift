import Foundation
import RegulaNN
import RegulaSyntax

/// `import "file.reg"`: the path is relative to the importing file's directory; each file
/// runs once per interpreter (by canonical path), at top level, into the global scope.
/// An import of a file that is still running (a cycle) is skipped with a warning.
extension Evaluator {
    func importFile(_ path: String, at span: Span) throws {
        if let problem = RuntimeMessages.importBadName(path) {
            throw error(problem, id: "import-not-found", at: span)
        }
        let full = resolvePath(path)
        guard let canonical = scriptLoader.key(full) else {
            throw error(RuntimeMessages.importNotFound(path, full), id: "import-not-found", at: span)
        }
        if importsInProgress.contains(canonical) {
            warn(RuntimeMessages.importCycle(path), id: "import-cycle", at: span, hint: RuntimeMessages.importCycleHint)
            return
        }
        guard !importedFiles.contains(canonical) else { return }
        guard callDepth < options.maxCallDepth else {
            throw error(RuntimeMessages.callDepth(options.maxCallDepth), id: "stack-overflow", at: span)
        }
        let script: ScriptLoader.Script
        switch scriptLoader.load(full, name: Self.displayName(for: path, importedFrom: currentSource.name)) {
        case .found(let found): script = found
        case .notRecorded: throw error(RuntimeMessages.importNotRecorded(path, full), id: "import-not-recorded", at: span)
        case .notFound, .unreadable: throw error(RuntimeMessages.importUnreadable(path), id: "import-not-found", at: span)
        }
        let (source, parsed) = (script.source, script.parsed)
        if parsed.hasErrors {
            throw DiagnosticsError(diagnostics: parsed.diagnostics)
        }
        importedFiles.insert(canonical)
        importsInProgress.insert(canonical)
        loadedSources.append(source)
        let importerSource = currentSource
        currentSource = source
        callDepth += 1
        defer {
            callDepth -= 1
            currentSource = importerSource
            importsInProgress.remove(canonical)
        }
        do {
            try runTopLevel(parsed.program.statements)
        } catch var failure as RuntimeError {
            // The imported file's top level is not a function: no frame, but the importer's
            // frame (if it is in one) points at the import.
            if failure.source == nil { failure.source = source }
            failure.pendingCallSite = (span, importerSource)
            throw failure
        }
    }

    /// Runs a file's statements at top level (a stray `break`/`return` is an error there).
    func runTopLevel(_ statements: [Stmt]) throws {
        switch try execute(statements, in: globals) {
        case .normal: return
        case .returned: throw error(RuntimeMessages.returnOutsideFunction, id: "syntax-error", at: statements.last?.span)
        case .breakLoop, .continueLoop: throw error(RuntimeMessages.loopControlOutsideLoop, id: "syntax-error", at: statements.last?.span)
        }
    }

    /// The path with symbolic links and `..` resolved, or nil if the file does not exist.
    static func canonicalPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// The largest script `import` reads.
    static let maxScriptBytes = 16 << 20

    /// A script's text, if `path` is a regular file of at most `maxScriptBytes` holding
    /// UTF-8 (not a directory, a device like /dev/zero, or a pipe that never ends).
    static func readScript(_ path: String) -> String? {
        guard let bytes = try? FileReader.read(path, limit: maxScriptBytes) else { return nil }
        return String(validating: bytes, as: UTF8.self)
    }

    /// An imported file's name in diagnostics: relative to the importer's directory, as
    /// the user wrote it (`lib/util.reg` imported from `exp/main.reg` → `exp/lib/util.reg`).
    static func displayName(for path: String, importedFrom importer: String) -> String {
        if path.hasPrefix("/") || importer.hasPrefix("<") { return path }
        let directory = (importer as NSString).deletingLastPathComponent
        return directory.isEmpty ? path : directory + "/" + path
    }
}
