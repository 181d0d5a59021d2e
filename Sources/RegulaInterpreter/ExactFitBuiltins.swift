import RegulaNN
import RegulaSyntax

/// `fit`: the exact solver for linear models (`LinearSolver`), writing the solution into
/// the model's weights.
enum ExactFitBuiltins {
    static var builtins: [Builtin] {
        [
            Builtin("fit", [.required("model"), .required("data"), .optional("loss"), .optional("penalty")] + ExactFitRequest.solverParameters,
                    summary: "fit(m, data, loss:?, penalty:?, tol: 1e-7, max_iter:?): solves a linear model exactly; {converged, iterations, objective, data_loss, penalty, nonzero}",
                    body: fit),
        ]
    }

    static func fit(_ call: BuiltinCall) throws -> Value {
        let object = try ModelBuiltins.changedModel(call)
        let data = try DataBuiltins.dataset(call, "data")
        let request = try ExactFitRequest(call, object, data: data, verb: "fit")
        let penalty = request.layerPenalty(object)
        let solver = try request.solver(call, object, data: data)
        let result = solver.fit(LinearPenalty(penalty), settings: request.settings)
        try check(call, result, object: object)
        try TrainingErrors.run(call, at: "model") { try object.model.setLinearCoefficients(result.coefficients) }
        let record = Record([
            ("converged", .bool(result.status == .converged)),
            ("iterations", .number(Double(result.passes))),
            ("objective", .number(result.objective)),
            ("data_loss", .number(result.dataLoss)),
            ("penalty", .number(result.penalty)),
            ("nonzero", .number(Double(result.coefficients.nonzeroCount))),
        ])
        var details = record
        details["model"] = .string(object.name)
        details["loss"] = .string(request.loss.description)
        details["penalty_function"] = .string(penalty.description)
        details["tol"] = .number(request.settings.tolerance)
        call.context.journal.record("fit", .record(details))
        return .record(record)
    }

    /// A diverged fit is an error (the model is left as it was); one that hit `max_iter`
    /// is a warning.
    static func check(_ call: BuiltinCall, _ result: LinearFit, object: ModelObject, lambda: Double? = nil) throws {
        let at = lambda.map { " at λ = \(ValuePrinter.format($0))" } ?? ""
        switch result.status {
        case .converged:
            return
        case .diverged:
            throw call.error(nil, "the solution diverged\(at) (a coefficient became NaN or infinite); the model is unchanged", id: "diverged",
                             hint: "the classes may be separable: add an l2 penalty, or use a larger λ")
        case .iterationLimit:
            TrainingSession.of(call.context).warnOnce(
                call.context, "\(call.name) stopped after \(result.passes) coordinate passes without converging\(at)", id: "not-converged",
                at: call.span, hint: "raise max_iter, or loosen tol")
        }
    }
}
