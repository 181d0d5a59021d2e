import RegulaSyntax

/// The experiment statements (`seed`, `loss`, `penalty`, `optimizer`, `model`) and `param`.
extension Evaluator {
    func applySetting(_ setting: ExperimentSetting, _ expression: Expr, in env: Environment) throws {
        var value = try evaluate(expression, in: env)
        if setting == .seed {
            guard let n = seedValue(value, literal: expression) else {
                throw error(RuntimeMessages.badSeed(value), id: "invalid-seed", at: expression.span)
            }
            // The host's `--seed` wins over the script's statement.
            let effective = options.seed ?? n
            value = .number(Double(effective))
            defaults.seed = effective
        }
        for hook in settingHooks {
            value = try located(expression.span) { try hook(setting, value, self) }
        }
        switch setting {
        case .seed: break
        case .loss: defaults.loss = value
        case .penalty: defaults.penalty = value
        case .optimizer: defaults.optimizer = value
        }
    }

    /// A seed: any 64-bit unsigned integer, as `--seed` takes. A literal is read from its
    /// text (a Double holds integers exactly only up to 2⁵³: `seed 18446744073709551615`
    /// would otherwise be refused, or another seed used); a computed value must be an
    /// integer below 2⁵³.
    private func seedValue(_ value: Value, literal expression: Expr) -> UInt64? {
        guard case .number(let x) = value else { return nil }
        if case .number = expression.kind {
            let text = currentSource.text(of: expression.span).replacingOccurrences(of: "_", with: "")
            if let exact = UInt64(text) { return exact }
        }
        guard let n = Value.integer(x), n >= 0 else { return nil }
        return UInt64(n)
    }

    func defineModel(_ name: String, nameSpan: Span, arguments: [Argument], layers: [Expr], span: Span,
                     in env: Environment) throws {
        var evaluatedArguments: [EvaluatedArgument] = []
        for argument in arguments {
            evaluatedArguments.append(EvaluatedArgument(
                label: argument.label, labelSpan: argument.labelSpan,
                value: try evaluate(argument.value, in: env), span: argument.value.span))
        }
        var layerValues: [(value: Value, span: Span)] = []
        for layer in layers { layerValues.append((try evaluate(layer, in: env), layer.span)) }
        guard let modelFactory else {
            throw error(RuntimeMessages.noModelFactory, id: "no-model-factory", at: nameSpan)
        }
        let definition = ModelDefinition(
            name: name, nameSpan: nameSpan, arguments: evaluatedArguments, layers: layerValues,
            span: span, source: currentSource)
        let model = try located(span) { try modelFactory(definition, self) }
        env.declare(name, model, isMutable: false)
    }

    /// `param name = literal`: the host's value (checked before the run) or the default.
    func declareParam(_ name: String, nameSpan: Span, value: Expr, in env: Environment) throws {
        guard let defaultValue = ParamScanner.literal(value) else {
            throw error(RuntimeMessages.paramNotLiteral(name), id: "invalid-param", at: value.span)
        }
        let override = paramOverrides[name]
        let resolved = override ?? defaultValue
        env.declare(name, resolved, isMutable: false)
        resolvedParams.removeAll { $0.name == name }
        resolvedParams.append(ResolvedParam(name: name, value: resolved, isOverridden: override != nil))
    }
}
