import Foundation
import RegulaSyntax
import RegulaSuggestion

/// Resolves names without running: undefined names (with "did you mean"), assignments to
/// constants, `break`/`continue` outside a loop, `return` outside a function, invalid
/// format specs, unknown keyword arguments of builtins, and missing imports. Reports every
/// error it finds. Names declared anywhere in a block count from the block's start, so a
/// function may call one defined further down; runtime order is the evaluator's business.
final class Checker {
    private struct Scope {
        /// Name → true if some declaration of it in this scope is mutable.
        var names: [String: Bool] = [:]
    }

    private var scopes: [Scope]
    private var builtins: [String: Builtin]
    private var source: SourceFile
    private var loopDepth = 0
    private var functionDepth = 0
    private(set) var diagnostics: [Diagnostic] = []
    private var reported = 0
    private var visitedFiles: Set<String>
    private let loader: ScriptLoader

    /// `globals`: names already bound (REPL state, host functions) and whether mutable.
    init(source: SourceFile, builtins: [String: Builtin], constants: [String], globals: [String: Bool],
         visitedFiles: Set<String> = [], loader: ScriptLoader) {
        var builtinScope = Scope()
        for name in builtins.keys { builtinScope.names[name] = false }
        for name in constants { builtinScope.names[name] = false }
        self.scopes = [builtinScope, Scope(names: globals)]
        self.builtins = builtins
        self.source = source
        self.visitedFiles = visitedFiles
        self.loader = loader
    }

    func check(_ statements: [Stmt]) {
        declare(statements, into: scopes.count - 1)
        for statement in statements { check(statement) }
    }

    // MARK: - Scopes

    private func declare(_ statements: [Stmt], into index: Int) {
        for statement in statements {
            switch statement.kind {
            case .binding(let name, _, _, let isMutable): add(name, isMutable, index)
            case .function(let name, _, _), .model(let name, _, _, _), .param(let name, _, _): add(name, false, index)
            case .importFile(let path, let span): importNames(path, span, into: index)
            default: continue
            }
        }
    }

    private func add(_ name: String, _ isMutable: Bool, _ index: Int) {
        scopes[index].names[name] = (scopes[index].names[name] ?? false) || isMutable
    }

    /// Checks an imported file (as the loader parsed it) and declares its top-level names here.
    private func importNames(_ path: String, _ span: Span, into index: Int) {
        if let problem = RuntimeMessages.importBadName(path) {
            report(problem, id: "import-not-found", at: span)
            return
        }
        let full = path.hasPrefix("/") ? path : Evaluator.directory(of: source.name) + "/" + path
        let script: ScriptLoader.Script
        switch loader.load(full, name: Evaluator.displayName(for: path, importedFrom: source.name)) {
        case .found(let found): script = found
        case .notFound:
            report(RuntimeMessages.importNotFound(path, full), id: "import-not-found", at: span)
            return
        case .unreadable:
            report(RuntimeMessages.importUnreadable(path), id: "import-not-found", at: span)
            return
        case .notRecorded:
            report(RuntimeMessages.importNotRecorded(path, full), id: "import-not-recorded", at: span)
            return
        }
        guard visitedFiles.insert(script.key).inserted else { return }
        let parsed = script.parsed
        diagnostics += parsed.diagnostics
        let saved = (source, scopes, loopDepth, functionDepth)
        source = script.source
        scopes = [scopes[0], scopes[1]]
        loopDepth = 0
        functionDepth = 0
        check(parsed.program.statements)
        let importedGlobals = scopes[1]
        (source, scopes, loopDepth, functionDepth) = saved
        for (name, isMutable) in importedGlobals.names { add(name, isMutable, index) }
    }

    private func withScope(_ names: [(String, Bool)] = [], _ body: () -> Void) {
        var scope = Scope()
        for (name, isMutable) in names { scope.names[name] = isMutable }
        scopes.append(scope)
        body()
        scopes.removeLast()
    }

    private func lookup(_ name: String) -> (isMutable: Bool, scope: Int)? {
        for index in scopes.indices.reversed() {
            if let isMutable = scopes[index].names[name] { return (isMutable, index) }
        }
        return nil
    }

    private func report(_ message: String, id: String, at span: Span?, hint: String? = nil) {
        // Past the limit nothing more is kept (`ErrorLimit`; the caller adds "too many errors").
        reported += 1
        if reported > ErrorLimit.maxErrors + 1 { return }
        diagnostics.append(Diagnostic(id: id, message: message, source: source, span: span, hint: hint))
    }

    // MARK: - Statements

    private func checkBlock(_ block: Block, _ names: [(String, Bool)] = []) {
        withScope(names) {
            declare(block.statements, into: scopes.count - 1)
            for statement in block.statements { check(statement) }
        }
    }

    private func check(_ statement: Stmt) {
        switch statement.kind {
        case .binding(_, _, let value, _):
            check(value)
        case .assignment(let target, let value):
            check(value)
            checkAssignmentTarget(target)
        case .expression(let expression):
            check(expression)
        case .function(_, _, let literal):
            check(literal)
        case .ifChain(let branches, let elseBody):
            for branch in branches {
                check(branch.condition)
                checkBlock(branch.body)
            }
            if let elseBody { checkBlock(elseBody) }
        case .whileLoop(let condition, let body):
            check(condition)
            loopDepth += 1
            checkBlock(body)
            loopDepth -= 1
        case .forLoop(let name, _, let valueName, _, let iterable, let body):
            check(iterable)
            loopDepth += 1
            checkBlock(body, [(name, false)] + (valueName.map { [($0, false)] } ?? []))
            loopDepth -= 1
        case .breakLoop, .continueLoop:
            if loopDepth == 0 { report(RuntimeMessages.loopControlOutsideLoop, id: "loop-control-outside-loop", at: statement.span) }
        case .returnValue(let value):
            if let value { check(value) }
            if functionDepth == 0 { report(RuntimeMessages.returnOutsideFunction, id: "return-outside-function", at: statement.span) }
        case .importFile:
            break  // declared (and checked) by `declare`
        case .param(let name, _, let value):
            if ParamScanner.literal(value) == nil {
                report(RuntimeMessages.paramNotLiteral(name), id: "invalid-param", at: value.span)
            }
        case .setting(_, let value):
            check(value)
        case .model(_, _, let arguments, let layers):
            for argument in arguments { check(argument.value) }
            for layer in layers { check(layer) }
        }
    }

    private func checkAssignmentTarget(_ target: Expr) {
        var root = target
        while true {
            switch root.kind {
            case .index(let base, let index):
                check(index)
                root = base
                continue
            case .field(let base, _, _):
                root = base
                continue
            case .identifier(let name):
                guard let found = lookup(name) else {
                    check(root)  // reports the undefined name
                    return
                }
                // `x.f = v` may write into a host object held by a `let`: only the runtime knows.
                if !found.isMutable, root.span == target.span {
                    let isBuiltin = found.scope == 0
                    report(isBuiltin ? RuntimeMessages.assignToBuiltin(name) : RuntimeMessages.assignToConstant(name),
                           id: "assign-to-constant", at: root.span,
                           hint: isBuiltin ? RuntimeMessages.shadowBuiltinHint(name) : RuntimeMessages.useVarHint(name))
                }
            default:
                check(root)
            }
            return
        }
    }

    private func check(_ literal: FunctionLiteral) {
        let savedLoops = loopDepth
        loopDepth = 0
        functionDepth += 1
        withScope {
            for parameter in literal.parameters {
                if let defaultValue = parameter.defaultValue { check(defaultValue) }
                scopes[scopes.count - 1].names[parameter.name] = true
            }
            checkBlock(literal.body)
        }
        functionDepth -= 1
        loopDepth = savedLoops
    }

    // MARK: - Expressions

    private func check(_ expression: Expr) {
        switch expression.kind {
        case .number, .bool, .none:
            break
        case .string(let parts):
            for case .interpolation(let inner, let format, let formatSpan) in parts {
                check(inner)
                guard let format else { continue }
                do {
                    _ = try FormatSpec(parsing: format)
                } catch let failure as FormatSpec.Error {
                    report(failure.message, id: failure.id, at: formatSpan ?? inner.span, hint: failure.hint)
                } catch {}
            }
        case .identifier(let name):
            if lookup(name) == nil {
                let visible = scopes.flatMap(\.names.keys).sorted()
                report(RuntimeMessages.undefinedName(name), id: "unknown-name", at: expression.span,
                       hint: Suggestion.closest(to: name, among: visible + Keywords.all).map(RuntimeMessages.didYouMean))
            }
        case .list(let elements):
            for element in elements { check(element) }
        case .record(let fields):
            for field in fields { check(field.value) }
        case .unary(_, let operand):
            check(operand)
        case .binary(_, let left, let right):
            check(left)
            check(right)
        case .call(let callee, let arguments, _):
            check(callee)
            for argument in arguments { check(argument.value) }
            checkKeywords(callee, arguments)
        case .index(let base, let index):
            check(base)
            check(index)
        case .field(let base, _, _):
            check(base)
        case .function(let literal):
            check(literal)
        }
    }

    /// A call to a builtin that no script name shadows: its keyword labels must exist.
    private func checkKeywords(_ callee: Expr, _ arguments: [Argument]) {
        guard case .identifier(let name) = callee.kind, let builtin = builtins[name], lookup(name)?.scope == 0 else { return }
        let names = builtin.parameters.filter { if case .variadic = $0.kind { return false } else { return true } }.map(\.name)
        for argument in arguments {
            guard let label = argument.label, !names.contains(label) else { continue }
            report(RuntimeMessages.unknownArgument(name, label), id: "unknown-argument", at: argument.labelSpan ?? argument.value.span,
                   hint: Suggestion.closest(to: label, among: names).map(RuntimeMessages.didYouMean) ?? RuntimeMessages.parameterList(names))
        }
    }
}
