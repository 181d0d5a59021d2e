import RegulaNN
import RegulaSyntax
import RegulaTensor
import RegulaSuggestion

/// Turns the engine's errors (`DataError`, `ModelError`, `TensorError`, `InvalidSetting`)
/// into runtime errors located at a builtin's call, with a stable id per kind. The engine's
/// messages are complete (file, row and column; both shapes and the layer), so they pass
/// unchanged; the location and the hint come from the errors' fields, never their text.
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
        var parameter = parameter
        let id: String
        switch error {
        case let failure as DataError:
            id = "data-error"
            if let argument = failure.argument, call.isGiven(argument) { parameter = argument }
            if let suggestion = failure.suggestion {
                // The suggestion goes on the diagnostic's hint line instead of the message.
                hint = "did you mean '\(suggestion)'?"
                message = failure.messageWithoutSuggestion
            }
        case let failure as InvalidSetting:
            return located(failure, call: call, fallback: parameter)
        case let failure as ModelError:
            switch failure {
            case .shapeMismatch: id = "shape-error"
            case .stateDict: id = "weights-mismatch"
            case .invalidTargets: id = "invalid-targets"
            case .invalidLayer, .invalidConfiguration: id = "invalid-argument"
            case .invalidSetting(let setting): return located(setting, call: call, fallback: parameter)
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

    /// Throws the engine's verdict on a setting, if it has one, located by `located`.
    static func check(_ problem: InvalidSetting?, _ call: BuiltinCall, fallback: String? = nil) throws {
        if let problem { throw located(problem, call: call, fallback: fallback) }
    }

    /// An out-of-range setting at the argument that holds it: the setting's own argument
    /// when the call gave it (`momentum:` of `sgd(...)`), else the argument of the training
    /// setting it was found in (`batch:` of `train(...)`; `optimizer:` for a schedule the
    /// optimizer carries), else `fallback`, else the call. Worded `name: reason`, with the
    /// owner kept when it is not the builtin itself (`train: step_lr: gamma must be ...`).
    static func located(_ problem: InvalidSetting, call: BuiltinCall, fallback: String? = nil) -> RuntimeError {
        var candidates = [problem.setting]
        if let field = problem.field {
            candidates += [TrainingRequest.argument(for: field), field == .schedule ? "optimizer" : nil].compactMap { $0 }
        }
        let argument = candidates.first(where: call.isGiven) ?? fallback
        return call.error(argument, problem.owner == call.name ? problem.reason : problem.description)
    }

    /// An error for a host-object hook (operators, fields): the evaluator locates it.
    static func unlocated(_ error: Error) -> RuntimeError {
        if let failure = error as? RuntimeError { return failure }
        return RuntimeError(String(describing: error), id: error is TensorError ? "shape-error" : "runtime-error")
    }
}
