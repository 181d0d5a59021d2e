import RegulaNN
import RegulaSyntax
import RegulaTensor

/// Turns the engine's errors (`DataError`, `ModelError`, `TensorError`) into runtime
/// errors located at a builtin's call, with a stable id per kind. The engine's messages
/// are complete (file, row and column; both shapes and the layer), so they pass unchanged.
enum TrainingErrors {
    static func run<T>(_ call: BuiltinCall, at parameter: String? = nil, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch ModelError.external(let external) where external.error is RuntimeError {
            // A script function the engine ran failed: its error already says where.
            throw external.error
        } catch var failure as RuntimeError {
            if failure.span == nil {
                failure.span = parameter.map { call.span(of: $0) } ?? call.span
                failure.source = call.context.currentSource
            }
            throw failure
        } catch {
            throw convert(error, call: call, parameter: parameter)
        }
    }

    static func convert(_ error: Error, call: BuiltinCall, parameter: String?) -> RuntimeError {
        var hint: String?
        var message = String(describing: error)
        let id: String
        switch error {
        case let failure as DataError:
            id = "data-error"
            if let suggestion = failure.suggestion {
                // The suggestion moves from the message to the diagnostic's hint line.
                hint = "did you mean '\(suggestion)'?"
                message = message.replacingOccurrences(of: Suggestion.phrase(suggestion), with: "")
            }
        case let failure as ModelError:
            switch failure {
            case .shapeMismatch: id = "shape-error"
            case .stateDict: id = "weights-mismatch"
            case .invalidTargets: id = "invalid-targets"
            case .invalidLayer, .invalidConfiguration: id = "invalid-argument"
            case .external: id = "runtime-error"
            }
        case is TensorError:
            id = "shape-error"
        default:
            id = "runtime-error"
        }
        return RuntimeError(message, id: id, span: parameter.map { call.span(of: $0) } ?? call.span,
                            source: call.context.currentSource, hint: hint)
    }

    /// An error for a host-object hook (operators, fields): the evaluator locates it.
    static func unlocated(_ error: Error) -> RuntimeError {
        if let failure = error as? RuntimeError { return failure }
        return RuntimeError(String(describing: error), id: error is TensorError ? "shape-error" : "runtime-error")
    }
}
