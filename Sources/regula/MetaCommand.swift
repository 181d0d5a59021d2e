import RegulaInterpreter

/// A REPL `:` command.
enum MetaCommand: Equatable {
    case help
    case helpOn(String)
    case quit
    case reset
    case vars
    case load(String)
    case time(String)
    case report(String)
    case unknown(String, suggestion: String?)
    case missingArgument(String, what: String)

    /// The commands, as `:help` lists them and completion offers them.
    static let names = ["help", "load", "vars", "reset", "time", "report", "quit"]

    static let helpText = """
        Enter a statement or an expression; an expression's value is printed.
        An entry continues on the next line while a bracket is open or a line ends
        with an operator (prompt `   ...> `).

        Commands:
          :help            this text
          :help NAME       the signature and documentation of the builtin NAME
          :load FILE       run FILE in this session (its names stay defined)
          :vars            the names defined, with their types and values
          :reset           forget every name, model and setting
          :time STATEMENT  run STATEMENT and print the wall time it took
          :report FILE     write an HTML report of the session: entries, output,
                           loss curves, weights and figures (open it in a browser)
          :quit            leave (also :q, or Ctrl-D on an empty line)

        Keys:
          Tab              complete keywords, builtins, names, and fields after `.`
          Up / Down        history (kept in $REGULA_HISTORY or ~/.regula_history)
          Ctrl-R           search the history
          Ctrl-C           clear the line; while training, stop the training
          Ctrl-D           leave, on an empty line

        """

    /// Parses `:name argument`.
    static func parse(_ text: String) -> MetaCommand {
        var body = Substring(text.trimmingWhitespace())
        if body.hasPrefix(":") { body = body.dropFirst().drop { $0 == " " || $0 == "\t" } }  // `: vars`
        let name = String(body.prefix { $0 != " " && $0 != "\t" })
        let argument = String(body.dropFirst(name.count)).trimmingWhitespace()
        switch name {
        case "help", "h", "?": return argument.isEmpty ? .help : .helpOn(argument)
        case "quit", "q", "exit": return .quit
        case "reset": return .reset
        case "vars": return .vars
        case "load":
            return argument.isEmpty ? .missingArgument(name, what: "a file name") : .load(unquoted(argument))
        case "time":
            return argument.isEmpty ? .missingArgument(name, what: "a statement") : .time(argument)
        case "report":
            return argument.isEmpty ? .missingArgument(name, what: "a file name (e.g. :report session.html)") : .report(unquoted(argument))
        default:
            return .unknown(name, suggestion: Suggestion.closest(to: name, among: names, acceptsUniquePrefix: true))
        }
    }

    /// `"my file.reg"` → `my file.reg`.
    private static func unquoted(_ text: String) -> String {
        if text.count >= 2, text.hasPrefix("\""), text.hasSuffix("\"") { return String(text.dropFirst().dropLast()) }
        return text
    }

    /// `~/x.reg` → `$HOME/x.reg`.
    static func expandingHome(_ path: String) -> String {
        guard path == "~" || path.hasPrefix("~/"), let home = Environment()["HOME"] else { return path }
        return home + path.dropFirst()
    }
}
