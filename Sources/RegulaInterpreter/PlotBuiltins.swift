import RegulaPlot

/// `plot(x)`: draws a run, numbers, a histogram or a path in the terminal (Unicode braille,
/// axes, legend), as wide as the host says (`Evaluator.plotSettings`), and shows it in the
/// session's report when one is being recorded.
enum PlotBuiltins {
    static var builtins: [Builtin] {
        [
            Builtin("plot", [.required("x"), .optional("title")],
                    summary: "plot(x, title:?): draws a run's loss curves, numbers, a histogram or a path in the terminal", body: plot),
        ]
    }

    static func plot(_ call: BuiltinCall) throws -> Value {
        let value = call.value("x") ?? .none
        let title = try call.ifGiven("title", call.string)
        if case .list(let items) = value, items.elements.isEmpty {
            throw call.error("x", "there is nothing to plot: the list is empty")
        }
        if let tensor = value.host(as: TensorObject.self)?.tensor, tensor.count == 0 {
            throw call.error("x", "there is nothing to plot: the tensor has no elements (shape \(tensor.shapeDescription))")
        }
        let figures: [Figure]
        do {
            guard let made = try PlotAdapter.figures(for: value, title: title) else {
                throw call.typeError("x", expected: PlotAdapter.expected, got: value)
            }
            figures = made
        } catch let problem as PlotAdapter.Problem {
            throw call.error("x", problem.message)
        }
        let settings = call.context.plotSettings
        let renderer = TerminalRenderer(width: settings.columns, colour: settings.colour)
        call.context.write(figures.map { renderer.render($0) + "\n" }.joined(separator: "\n"))
        var object: AnyObject?
        if case .host(let host) = value { object = host }
        call.context.recordFigures(call, figures, object: object)
        return .none
    }
}
